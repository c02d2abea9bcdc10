// The SQLite read model: the page queries (archive-queries.ts, message-id-queries.ts) plus what
// the CLI, reindex and copy read of whole lists, and search.

import type { Plan } from '../../search/plan.ts';
import {
  containerFromRow,
  ENTRY_COLUMNS,
  ENTRY_FROM,
  type EntryRow,
  entryFromRow,
  type FieldRow,
  fieldsFromRow,
} from '../columns.ts';
import { decompressRaw } from '../compression.ts';
import type {
  EntryRecord,
  EntryThreading,
  ListStats,
  SearchPage,
  SearchQueryOptions,
  StoredMessage,
  ThreadContainer,
} from '../records.ts';
import type { ArchiveRead } from '../store.ts';
import { MessageIdQueries } from './message-id-queries.ts';
import { runSqliteSearch } from './search.ts';

/** Entries read per statement while a list is walked: bounded memory, few statements. */
const ENTRY_BATCH = 1000;

export class SqliteRead extends MessageIdQueries implements ArchiveRead {
  async raw(storedId: number): Promise<Buffer> {
    return this.rawNow(storedId);
  }

  rawNow(storedId: number): Buffer {
    const row = this.store
      .sql<{ raw: Buffer; codec: number }>('SELECT raw, codec FROM messages WHERE id = ?')
      .get(storedId);
    if (!row) throw new Error(`no stored message ${storedId}`);
    return decompressRaw(row.raw, row.codec);
  }

  async *entries(listId: number): AsyncGenerator<EntryRecord> {
    let after = 0;
    for (;;) {
      const rows = this.store
        .sql<EntryRow>(
          `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.list_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`,
        )
        .all(listId, after, ENTRY_BATCH);
      for (const row of rows) yield entryFromRow(row);
      if (rows.length < ENTRY_BATCH) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async stats(listId: number | null): Promise<ListStats> {
    const where = listId === null ? '' : 'WHERE e.list_id = ?';
    const args = listId === null ? [] : [listId];
    const counts = this.store
      .sql<{
        messages: number;
        threads: number;
        flagged: number;
        first_day: string | null;
        last_day: string | null;
      }>(
        `SELECT count(*) AS messages, count(DISTINCT e.list_id || ':' || e.thread_id) AS threads,
           sum(m.flags != '') AS flagged, min(e.day) AS first_day, max(e.day) AS last_day
         FROM entries e JOIN messages m ON m.id = e.message ${where}`,
      )
      .get(...args)!;
    const ghosts = this.store
      .sql<{ g: number }>(
        `SELECT count(*) AS g FROM containers ${listId === null ? 'WHERE' : 'WHERE list_id = ? AND'} ghost = 1`,
      )
      .get(...args)!.g;
    const bytes = this.store
      .sql<{ raw: number | null; stored: number | null }>(
        `SELECT sum(raw_size) AS raw, sum(length(raw)) AS stored FROM messages
         WHERE id IN (SELECT message FROM entries e ${where})`,
      )
      .get(...args)!;
    return {
      messages: counts.messages,
      threads: counts.threads,
      ghosts,
      flagged: counts.flagged ?? 0,
      firstDay: counts.first_day,
      lastDay: counts.last_day,
      bytesRaw: bytes.raw ?? 0,
      bytesStored: bytes.stored ?? 0,
    };
  }

  async presentInList(listId: number, contentKeys: Buffer[]): Promise<boolean[]> {
    const present = this.store.sql(
      'SELECT 1 FROM messages m JOIN entries e ON e.message = m.id WHERE m.content_key = ? AND e.list_id = ?',
    );
    return contentKeys.map((key) => present.get(key, listId) !== undefined);
  }

  async storedIdsIn(listIds: number[]): Promise<number[]> {
    if (listIds.length === 0) return [];
    return this.store.db
      .prepare<number[], { id: number }>(
        `SELECT DISTINCT message AS id FROM entries WHERE list_id IN (${listIds.map(() => '?').join(',')})
         ORDER BY message`,
      )
      .all(...listIds)
      .map((r) => r.id);
  }

  async entryThreading(listId: number): Promise<EntryThreading[]> {
    return this.store
      .sql<{ seq: number; message_id: string; in_reply_to: string | null; references_json: string }>(
        `SELECT e.seq, m.message_id, m.in_reply_to, m.references_json FROM entries e
         JOIN messages m ON m.id = e.message WHERE e.list_id = ? ORDER BY e.seq`,
      )
      .all(listId)
      .map((r) => ({
        seq: r.seq,
        messageId: r.message_id,
        inReplyTo: r.in_reply_to,
        references: JSON.parse(r.references_json),
      }));
  }

  async allContainers(listId: number): Promise<ThreadContainer[]> {
    return this.store
      .sql<{ message_id: string; parent_id: string | null; thread_id: number; ghost: number }>(
        'SELECT message_id, parent_id, thread_id, ghost FROM containers WHERE list_id = ?',
      )
      .all(listId)
      .map(containerFromRow);
  }

  async storedMessage(storedId: number): Promise<StoredMessage | null> {
    const row = this.store
      .sql<
        FieldRow & {
          id: number;
          content_key: Buffer;
          raw: Buffer;
          raw_size: number;
          codec: number;
          envelope_date: number | null;
          excerpt: string | null;
        }
      >(
        `SELECT m.*, x.text AS excerpt FROM messages m LEFT JOIN message_excerpts x ON x.message = m.id
         WHERE m.id = ?`,
      )
      .get(storedId);
    if (!row) return null;
    return {
      storedId: row.id,
      contentKey: row.content_key,
      raw: row.raw,
      rawSize: row.raw_size,
      codec: row.codec,
      envelopeDate: row.envelope_date === null ? null : new Date(row.envelope_date),
      fields: fieldsFromRow(row),
      excerpt: row.excerpt ?? '',
    };
  }

  async nextThreadId(listId: number): Promise<number> {
    return (
      this.store.sql<{ n: number }>('SELECT next_thread_id AS n FROM lists WHERE id = ?').get(listId)?.n ?? 1
    );
  }

  async search(plan: Plan, options: SearchQueryOptions): Promise<SearchPage> {
    return runSqliteSearch(this.store, plan, options);
  }
}
