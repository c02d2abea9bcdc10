// The read model on PostgreSQL: every query of src/store/sqlite/read.ts, with the same orders, ties
// and null handling, so a page is the same bytes from either backend. One class serves the pool
// (`store.read`: each query sees the latest commit) and a snapshot's transaction (all queries see one
// state). Queries that a page needs together can run at once: postgres.js pipelines them.
//
// Every query walks an index of `entries` — (list_id, seq) for archive order, (list_id, day, n) for
// days and calendars, (list_id, thread_id, seq) and (list_id, message_id, seq) for threads and ids.

import type { Plan } from '../../search/plan.ts';
import { decompressRaw } from '../compression.ts';
import type {
  EntryAddress,
  EntryRecord,
  EntryThreading,
  IdMatch,
  IndexLine,
  ListActivity,
  ListStats,
  MboxMessage,
  PeriodCount,
  SearchPage,
  SearchQueryOptions,
  StoredMessage,
  ThreadContainer,
} from '../records.ts';
import type { ArchiveRead } from '../store.ts';
import type { Queryable } from './connection.ts';
import { allLists, listNamed } from './lists.ts';
import {
  type ContainerRow,
  containerFromRow,
  dateFrom,
  ENTRY_COLUMNS,
  ENTRY_FROM,
  type EntryRow,
  entryFromRow,
  excerptFromColumn,
  type FieldRow,
  fieldsFromRow,
  LINE_SELECT,
  type LineRow,
  lineFromRow,
} from './rows.ts';
import { runPostgresSearch } from './search.ts';

/** Entries read per query while a whole list is walked (export, reindex, copy). */
const ENTRY_BATCH = 1000;
/** n and seq are int4: a larger bound ("no limit") would not bind to them. */
const INT4_MAX = 2 ** 31 - 1;
// Type oids of array elements: postgres.js sends an array of them as that type's array.
const INT4 = 23;
const BYTEA = 17;

/** A LIKE pattern that matches `text` literally (ESCAPE '\'). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class PostgresRead implements ArchiveRead {
  private readonly sql: Queryable;
  private readonly entryColumns;
  private readonly entryFrom;
  private readonly lineSelect;

  constructor(sql: Queryable) {
    this.sql = sql;
    this.entryColumns = sql.unsafe(ENTRY_COLUMNS);
    this.entryFrom = sql.unsafe(ENTRY_FROM);
    this.lineSelect = sql.unsafe(LINE_SELECT);
  }

  // ── lists and counts ──

  async listActivity(): Promise<Map<number, ListActivity>> {
    const rows = await this.sql<{ list_id: number; messages: number; first_day: string; last_day: string }[]>`
      SELECT list_id, count(*)::int AS messages, min(day) AS first_day, max(day) AS last_day
      FROM entries GROUP BY list_id ORDER BY list_id`;
    return new Map(
      rows.map((r) => [
        r.list_id,
        { listId: r.list_id, messages: r.messages, firstDay: r.first_day, lastDay: r.last_day },
      ]),
    );
  }

  async monthCounts(listId: number): Promise<PeriodCount[]> {
    return [
      ...(await this.sql<PeriodCount[]>`
        SELECT substr(day, 1, 7) AS period, count(*)::int AS count FROM entries WHERE list_id = ${listId}
        GROUP BY period ORDER BY period`),
    ];
  }

  async dayCounts(listId: number, fromDay: string, toDay: string): Promise<PeriodCount[]> {
    return [
      ...(await this.sql<PeriodCount[]>`
        SELECT day AS period, count(*)::int AS count FROM entries
        WHERE list_id = ${listId} AND day >= ${fromDay} AND day <= ${toDay}
        GROUP BY day ORDER BY day`),
    ];
  }

  async totals(): Promise<{ messages: number; lists: number }> {
    const [row] = await this.sql<{ messages: number; lists: number }[]>`
      SELECT count(*)::int AS messages, count(DISTINCT list_id)::int AS lists FROM entries`;
    return { messages: row.messages, lists: row.lists };
  }

  async stats(listId: number | null): Promise<ListStats> {
    const sql = this.sql;
    const inList = listId === null ? sql`` : sql`WHERE e.list_id = ${listId}`;
    const [[counts], [ghosts], [bytes]] = await Promise.all([
      sql<
        {
          messages: number;
          threads: number;
          flagged: number;
          first_day: string | null;
          last_day: string | null;
        }[]
      >`
        SELECT count(*)::int AS messages, count(DISTINCT (e.list_id, e.thread_id))::int AS threads,
          (count(*) FILTER (WHERE m.flags <> ''))::int AS flagged, min(e.day) AS first_day,
          max(e.day) AS last_day
        FROM entries e JOIN messages m ON m.id = e.message ${inList}`,
      sql<{ g: number }[]>`
        SELECT count(*)::int AS g FROM containers
        WHERE ${listId === null ? sql`` : sql`list_id = ${listId} AND`} ghost`,
      sql<{ raw: number | null; stored: number | null }[]>`
        SELECT sum(raw_size)::float8 AS raw, sum(octet_length(raw))::float8 AS stored FROM messages
        WHERE id IN (SELECT message FROM entries e ${inList})`,
    ]);
    return {
      messages: counts.messages,
      threads: counts.threads,
      ghosts: ghosts.g,
      flagged: counts.flagged,
      firstDay: counts.first_day,
      lastDay: counts.last_day,
      bytesRaw: bytes.raw ?? 0,
      bytesStored: bytes.stored ?? 0,
    };
  }

  // ── index lines ──

  async dayLines(listId: number, day: string, limit = INT4_MAX): Promise<IndexLine[]> {
    const rows = await this.sql<LineRow[]>`${this.lineSelect}
      WHERE e.list_id = ${listId} AND e.day = ${day} AND e.n <= ${Math.min(limit, INT4_MAX)} ORDER BY e.n`;
    return rows.map(lineFromRow);
  }

  async rangeLines(listId: number, fromDay: string, toDay: string, perDay: number): Promise<IndexLine[]> {
    const rows = await this.sql<LineRow[]>`${this.lineSelect}
      WHERE e.list_id = ${listId} AND e.day >= ${fromDay} AND e.day <= ${toDay}
        AND e.n <= ${Math.min(perDay, INT4_MAX)}
      ORDER BY e.day, e.n`;
    return rows.map(lineFromRow);
  }

  async recentLines(listId: number, limit: number): Promise<IndexLine[]> {
    const rows = await this.sql<LineRow[]>`${this.lineSelect}
      WHERE e.list_id = ${listId} ORDER BY e.seq DESC LIMIT ${limit}`;
    return rows.map(lineFromRow);
  }

  async threadLines(listId: number, threadId: number): Promise<IndexLine[]> {
    const rows = await this.sql<LineRow[]>`${this.lineSelect}
      WHERE e.list_id = ${listId} AND e.thread_id = ${threadId} ORDER BY e.seq`;
    return rows.map(lineFromRow);
  }

  async threadContainers(listId: number, threadId: number): Promise<ThreadContainer[]> {
    // In SQLite's order: its thread index ends with the table's key, the Message-ID.
    const rows = await this.sql<ContainerRow[]>`
      SELECT message_id, parent_id, thread_id, ghost FROM containers
      WHERE list_id = ${listId} AND thread_id = ${threadId} ORDER BY message_id`;
    return rows.map(containerFromRow);
  }

  // ── one message ──

  async entryAt(listId: number, day: string, n: number): Promise<EntryRecord | null> {
    const [row] = await this.sql<EntryRow[]>`
      SELECT ${this.entryColumns} FROM ${this.entryFrom}
      WHERE e.list_id = ${listId} AND e.day = ${day} AND e.n = ${n}`;
    return row ? entryFromRow(row) : null;
  }

  async neighbour(listId: number, seq: number, direction: 'prev' | 'next'): Promise<EntryAddress | null> {
    const [row] =
      direction === 'prev'
        ? await this.sql<EntryAddress[]>`
            SELECT seq, day, n FROM entries WHERE list_id = ${listId} AND seq < ${seq} ORDER BY seq DESC LIMIT 1`
        : await this.sql<EntryAddress[]>`
            SELECT seq, day, n FROM entries WHERE list_id = ${listId} AND seq > ${seq} ORDER BY seq LIMIT 1`;
    return row ? { seq: row.seq, day: row.day, n: row.n } : null;
  }

  async nearestDay(listId: number, day: string, direction: 'before' | 'after'): Promise<string | null> {
    const [row] =
      direction === 'before'
        ? await this.sql<{ day: string }[]>`
            SELECT day FROM entries WHERE list_id = ${listId} AND day < ${day} ORDER BY day DESC LIMIT 1`
        : await this.sql<{ day: string }[]>`
            SELECT day FROM entries WHERE list_id = ${listId} AND day > ${day} ORDER BY day LIMIT 1`;
    return row?.day ?? null;
  }

  async raw(storedId: number): Promise<Buffer> {
    const [row] = await this.sql<{ raw: Buffer; codec: number }[]>`
      SELECT raw, codec FROM messages WHERE id = ${storedId}`;
    if (!row) throw new Error(`no stored message ${storedId}`);
    return decompressRaw(row.raw, row.codec);
  }

  // ── by Message-ID ──

  async entriesInList(listId: number, messageId: string): Promise<EntryRecord[]> {
    const rows = await this.sql<EntryRow[]>`
      SELECT ${this.entryColumns} FROM ${this.entryFrom}
      WHERE e.list_id = ${listId} AND e.message_id = ${messageId} ORDER BY e.seq`;
    return rows.map(entryFromRow);
  }

  async entriesInAllLists(messageId: string): Promise<EntryRecord[]> {
    // Driven from messages(message_id), as in SQLite: entries has no index on the id alone.
    const rows = await this.sql<EntryRow[]>`
      SELECT ${this.entryColumns} FROM ${this.entryFrom}
      WHERE m.message_id = ${messageId} AND e.message_id = m.message_id ORDER BY l.name, e.seq`;
    return rows.map(entryFromRow);
  }

  async threadEntries(listId: number, threadId: number): Promise<EntryRecord[]> {
    const rows = await this.sql<EntryRow[]>`
      SELECT ${this.entryColumns} FROM ${this.entryFrom}
      WHERE e.list_id = ${listId} AND e.thread_id = ${threadId} ORDER BY e.seq`;
    return rows.map(entryFromRow);
  }

  async newestEntries(listId: number, limit: number): Promise<EntryRecord[]> {
    const rows = await this.sql<EntryRow[]>`
      SELECT ${this.entryColumns} FROM ${this.entryFrom}
      WHERE e.list_id = ${listId} ORDER BY e.seq DESC LIMIT ${limit}`;
    return rows.map(entryFromRow);
  }

  async threadStoredIds(listId: number, threadId: number): Promise<number[]> {
    const rows = await this.sql<{ message: bigint }[]>`
      SELECT message FROM entries WHERE list_id = ${listId} AND thread_id = ${threadId} ORDER BY seq`;
    return rows.map((r) => Number(r.message));
  }

  async periodStoredIds(listId: number, fromDay: string, toDay: string): Promise<number[]> {
    const rows = await this.sql<{ message: bigint }[]>`
      SELECT message FROM entries WHERE list_id = ${listId} AND day >= ${fromDay} AND day <= ${toDay}
      ORDER BY day, n`;
    return rows.map((r) => Number(r.message));
  }

  async mboxMessage(storedId: number): Promise<MboxMessage | null> {
    const [row] = await this.sql<
      {
        raw: Buffer;
        codec: number;
        from_address: string;
        envelope_date: bigint | null;
        received_date: bigint | null;
        date: bigint | null;
      }[]
    >`SELECT raw, codec, from_address, envelope_date, received_date, date FROM messages WHERE id = ${storedId}`;
    if (!row) return null;
    return {
      raw: decompressRaw(row.raw, row.codec),
      sender: row.from_address,
      envelopeDate: dateFrom(row.envelope_date),
      receivedDate: dateFrom(row.received_date),
      date: dateFrom(row.date),
    };
  }

  async idsLike(listId: number | null, text: string, prefix: boolean, limit: number): Promise<IdMatch[]> {
    // SQLite's LIKE ignores the case of ASCII letters only; lower() under the "C" collation does the
    // same. Only a 404 page asks, so scanning the list's Message-IDs is acceptable.
    const pattern = prefix ? `${likeLiteral(text)}%` : likeLiteral(text);
    const matches = this.sql`lower(e.message_id) LIKE lower(${pattern}::text COLLATE "C") ESCAPE '\\'`;
    const rows =
      listId === null
        ? await this.sql<{ list: string; message_id: string }[]>`
            SELECT DISTINCT l.name AS list, e.message_id FROM entries e JOIN lists l ON l.id = e.list_id
            WHERE ${matches} ORDER BY l.name, e.message_id LIMIT ${limit}`
        : await this.sql<{ list: string; message_id: string }[]>`
            SELECT DISTINCT l.name AS list, e.message_id FROM entries e JOIN lists l ON l.id = e.list_id
            WHERE e.list_id = ${listId} AND ${matches} ORDER BY e.message_id LIMIT ${limit}`;
    return rows.map((r) => ({ list: r.list, messageId: r.message_id }));
  }

  async presentInList(listId: number, contentKeys: Buffer[]): Promise<boolean[]> {
    if (contentKeys.length === 0) return [];
    const rows = await this.sql<{ content_key: Buffer }[]>`
      SELECT m.content_key FROM messages m JOIN entries e ON e.message = m.id AND e.list_id = ${listId}
      WHERE m.content_key = ANY(${this.sql.array(contentKeys, BYTEA)}::bytea[])`;
    const present = new Set(rows.map((r) => r.content_key.toString('hex')));
    return contentKeys.map((key) => present.has(key.toString('hex')));
  }

  // ── whole lists ──

  async *entries(listId: number): AsyncIterable<EntryRecord> {
    // Keyset pages by seq: a list of any size is read in bounded memory, each page by the primary key.
    for (let after = 0; ; ) {
      const rows = await this.sql<EntryRow[]>`
        SELECT ${this.entryColumns} FROM ${this.entryFrom}
        WHERE e.list_id = ${listId} AND e.seq > ${after} ORDER BY e.seq LIMIT ${ENTRY_BATCH}`;
      for (const row of rows) yield entryFromRow(row);
      if (rows.length < ENTRY_BATCH) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async storedIdsIn(listIds: number[]): Promise<number[]> {
    if (listIds.length === 0) return [];
    const rows = await this.sql<{ message: bigint }[]>`
      SELECT DISTINCT message FROM entries WHERE list_id = ANY(${this.sql.array(listIds, INT4)}::int[])
      ORDER BY message`;
    return rows.map((r) => Number(r.message));
  }

  async entryThreading(listId: number): Promise<EntryThreading[]> {
    const rows = await this.sql<
      { seq: number; message_id: string; in_reply_to: string | null; references_json: string }[]
    >`
      SELECT e.seq, m.message_id, m.in_reply_to, m.references_json FROM entries e
      JOIN messages m ON m.id = e.message WHERE e.list_id = ${listId} ORDER BY e.seq`;
    return rows.map((r) => ({
      seq: r.seq,
      messageId: r.message_id,
      inReplyTo: r.in_reply_to,
      references: JSON.parse(r.references_json),
    }));
  }

  async allContainers(listId: number): Promise<ThreadContainer[]> {
    const rows = await this.sql<ContainerRow[]>`
      SELECT message_id, parent_id, thread_id, ghost FROM containers WHERE list_id = ${listId}
      ORDER BY message_id`;
    return rows.map(containerFromRow);
  }

  async storedMessage(storedId: number): Promise<StoredMessage | null> {
    const [row] = await this.sql<
      (FieldRow & {
        content_key: Buffer;
        raw: Buffer;
        raw_size: number;
        codec: number;
        envelope_date: bigint | null;
        excerpt: Buffer | null;
      })[]
    >`
      SELECT m.*, x.utf8 AS excerpt FROM messages m LEFT JOIN message_excerpts x ON x.message = m.id
      WHERE m.id = ${storedId}`;
    if (!row) return null;
    return {
      storedId,
      contentKey: row.content_key,
      raw: row.raw,
      rawSize: row.raw_size,
      codec: row.codec,
      envelopeDate: dateFrom(row.envelope_date),
      fields: fieldsFromRow(row),
      excerpt: excerptFromColumn(row.excerpt) ?? '',
    };
  }

  async nextThreadId(listId: number): Promise<number> {
    const [row] = await this.sql<{ next_thread_id: number }[]>`
      SELECT next_thread_id FROM lists WHERE id = ${listId}`;
    if (!row) throw new Error(`no list with id ${listId}`);
    return row.next_thread_id;
  }

  // ── search ──

  async search(plan: Plan, options: SearchQueryOptions): Promise<SearchPage> {
    const lists =
      options.list === undefined
        ? await allLists(this.sql)
        : [await listNamed(this.sql, options.list)].filter((list) => list !== null);
    return runPostgresSearch(this.sql, lists, plan, options);
  }
}
