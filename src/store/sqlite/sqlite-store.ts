// The embedded store: one SQLite file in WAL mode. Writers take an IMMEDIATE transaction, so concurrent
// `deliver` processes queue on the busy timeout instead of failing half-way.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { threadMessage } from '../../archive/threading.ts';
import { SQLITE_MMAP_BYTES } from '../../limits.ts';
import { decompressRaw } from '../compression.ts';
import type {
  AppendResult,
  EntryRecord,
  EntrySearch,
  ListRecord,
  ListSettings,
  ListStats,
  MessageFields,
  NewMessage,
  WriteTransaction,
} from '../store.ts';
import { SqliteContainerStore } from './container-store.ts';
import {
  ENTRY_COLUMNS,
  ENTRY_FROM,
  type EntryRow,
  entryFromRow,
  fieldsToRow,
  type ListRow,
  listFromRow,
} from './rows.ts';
import { migrate } from './schema.ts';
import { allocateSearchKey } from './search-keys.ts';

export interface OpenOptions {
  readonly?: boolean;
  busyTimeoutMs?: number;
}

export class StoreBusyError extends Error {}

export class SqliteStore {
  readonly db: Database.Database;
  private containerStores = new Map<number, SqliteContainerStore>();
  private statements = new Map<string, Database.Statement>();

  constructor(path: string, options: OpenOptions = {}) {
    if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      migrate(this.db);
    }
    this.db.pragma('cache_size = -16384');
    // Readers (the web) read through a memory map: the operating system's page cache is shared by
    // every process instead of copied into each connection's own cache, and 50 searches on openbmc
    // run in half the time (docs/search.md). Writers keep plain reads, so an import's memory is its
    // own and not the mapped file's. Capped at what the SQLite build allows.
    if (options.readonly) this.db.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
  }

  close(): void {
    this.db.close();
  }

  /** A cached prepared statement: the hot paths run the same few queries many times. */
  sql<R = unknown>(text: string): Database.Statement<unknown[], R> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement as Database.Statement<unknown[], R>;
  }

  // ── lists ──

  addList(settings: ListSettings): ListRecord {
    this.sql(
      `INSERT INTO lists (name, title, description, section, address, time_zone, obfuscate, subject_tag)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      settings.name,
      settings.title,
      settings.description,
      settings.section,
      settings.address,
      settings.timeZone,
      settings.obfuscate ? 1 : 0,
      settings.subjectTag,
    );
    return this.getList(settings.name)!;
  }

  updateList(name: string, changes: Partial<Omit<ListSettings, 'name'>>): ListRecord {
    const current = this.getList(name);
    if (!current) throw new Error(`no list "${name}"`);
    const next = { ...current, ...changes };
    this.sql(
      `UPDATE lists SET title = ?, description = ?, section = ?, address = ?, time_zone = ?, obfuscate = ?,
       subject_tag = ? WHERE id = ?`,
    ).run(
      next.title,
      next.description,
      next.section,
      next.address,
      next.timeZone,
      next.obfuscate ? 1 : 0,
      next.subjectTag,
      current.id,
    );
    return this.getList(name)!;
  }

  getList(name: string): ListRecord | null {
    const row = this.sql<ListRow>('SELECT * FROM lists WHERE name = ?').get(name);
    return row ? listFromRow(row) : null;
  }

  allLists(): ListRecord[] {
    return this.sql<ListRow>('SELECT * FROM lists ORDER BY section, name').all().map(listFromRow);
  }

  // ── writing ──

  /** Runs `work` in one IMMEDIATE transaction; SQLITE_BUSY past the timeout becomes StoreBusyError. */
  write<T>(work: (tx: WriteTransaction) => T): T {
    const tx = this.transactionHandle();
    try {
      return this.db.transaction(() => work(tx)).immediate();
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        throw new StoreBusyError('the archive database is busy (another writer holds it)');
      }
      throw error;
    }
  }

  private transactionHandle(): WriteTransaction {
    return {
      findStored: (contentKey) =>
        this.sql<{ id: number }>('SELECT id FROM messages WHERE content_key = ?').get(contentKey)?.id ?? null,
      inList: (listId, storedId) =>
        this.sql('SELECT 1 FROM entries WHERE list_id = ? AND message = ?').get(listId, storedId) !==
        undefined,
      insertMessage: (message) => this.insertMessage(message),
      appendToList: (listId, storedId, day, fields, search) =>
        this.appendToList(listId, storedId, day, fields, search),
      containers: (listId) => this.containers(listId),
    };
  }

  private insertMessage(message: NewMessage): number {
    const row = fieldsToRow(message.fields);
    const result = this.sql(
      `INSERT INTO messages (content_key, raw, raw_size, codec, envelope_date, message_id, subject, from_name,
         from_address, date, received_date, to_json, cc_json, in_reply_to, references_json, attachments_json,
         flags, problems_json)
       VALUES (@content_key, @raw, @raw_size, @codec, @envelope_date, @message_id, @subject, @from_name,
         @from_address, @date, @received_date, @to_json, @cc_json, @in_reply_to, @references_json,
         @attachments_json, @flags, @problems_json)`,
    ).run({
      ...row,
      content_key: message.contentKey,
      raw: message.raw,
      raw_size: message.rawSize,
      codec: message.codec,
      envelope_date: message.envelopeDate ? message.envelopeDate.getTime() : null,
    });
    const storedId = Number(result.lastInsertRowid);
    this.sql('INSERT OR REPLACE INTO message_excerpts (message, text) VALUES (?, ?)').run(
      storedId,
      message.excerpt,
    );
    return storedId;
  }

  /** Adds a list entry's row to the search index (schema migration 3) under a fresh search key. */
  private insertSearchRow(
    entry: { listId: number; seq: number; message: number },
    search: EntrySearch,
  ): void {
    const key = allocateSearchKey((text) => this.sql(text), entry, search.date?.getTime() ?? null);
    const doc = search.document;
    this.sql(
      `INSERT INTO entry_search (rowid, subject, sender, recipients, cc, nq, q, dfn)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(key, doc.subject, doc.from, doc.to, doc.cc, doc.nq, doc.q, doc.dfn);
  }

  /**
   * Replaces a message's search rows, in every list it stands in, after its fields were derived
   * again (reindex); call inside a write transaction. The mbox date is not derived, so it is read
   * back from the stored message.
   */
  replaceSearchRows(
    storedId: number,
    search: { document: EntrySearch['document']; excerpt: string },
    fields: MessageFields,
  ): void {
    this.sql('DELETE FROM entry_search WHERE rowid IN (SELECT key FROM search_keys WHERE message = ?)').run(
      storedId,
    );
    this.sql('DELETE FROM search_keys WHERE message = ?').run(storedId);
    this.sql('INSERT OR REPLACE INTO message_excerpts (message, text) VALUES (?, ?)').run(
      storedId,
      search.excerpt,
    );
    const envelope = this.sql<{ d: number | null }>(
      'SELECT envelope_date AS d FROM messages WHERE id = ?',
    ).get(storedId);
    const date = fields.date ?? fields.receivedDate ?? (envelope?.d == null ? null : new Date(envelope.d));
    const entries = this.sql<{ list_id: number; seq: number }>(
      'SELECT list_id, seq FROM entries WHERE message = ? ORDER BY list_id, seq',
    ).all(storedId);
    for (const e of entries)
      this.insertSearchRow(
        { listId: e.list_id, seq: e.seq, message: storedId },
        { document: search.document, date },
      );
  }

  private appendToList(
    listId: number,
    storedId: number,
    day: string,
    fields: MessageFields,
    search: EntrySearch,
  ): AppendResult {
    if (this.sql('SELECT 1 FROM entries WHERE list_id = ? AND message = ?').get(listId, storedId)) {
      return { status: 'present' };
    }
    const container = threadMessage(this.containers(listId), fields);
    const seq =
      (this.sql<{ s: number | null }>('SELECT max(seq) AS s FROM entries WHERE list_id = ?').get(listId)!.s ??
        0) + 1;
    const n =
      (this.sql<{ n: number | null }>('SELECT max(n) AS n FROM entries WHERE list_id = ? AND day = ?').get(
        listId,
        day,
      )!.n ?? 0) + 1;
    this.sql(
      'INSERT INTO entries (list_id, seq, message, day, n, message_id, thread_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(listId, seq, storedId, day, n, fields.messageId, container.threadId);
    this.insertSearchRow({ listId, seq, message: storedId }, search);
    return { status: 'added', day, n };
  }

  containers(listId: number): SqliteContainerStore {
    let store = this.containerStores.get(listId);
    if (!store) {
      store = new SqliteContainerStore(this.db, listId);
      this.containerStores.set(listId, store);
    }
    return store;
  }

  // ── reading ──

  raw(storedId: number): Buffer {
    const row = this.sql<{ raw: Buffer; codec: number }>('SELECT raw, codec FROM messages WHERE id = ?').get(
      storedId,
    );
    if (!row) throw new Error(`no stored message ${storedId}`);
    return decompressRaw(row.raw, row.codec);
  }

  entriesByMessageId(messageId: string, listName?: string): EntryRecord[] {
    const rows = listName
      ? this.sql<EntryRow>(
          `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE l.name = ? AND e.message_id = ? ORDER BY e.seq`,
        ).all(listName, messageId)
      : this.sql<EntryRow>(
          `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.message_id = ? ORDER BY l.name, e.seq`,
        ).all(messageId);
    return rows.map(entryFromRow);
  }

  *entries(listId: number): Generator<EntryRecord> {
    const statement = this.db.prepare<[number], EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.list_id = ? ORDER BY e.seq`,
    );
    for (const row of statement.iterate(listId)) yield entryFromRow(row);
  }

  stats(listId: number | null): ListStats {
    const where = listId === null ? '' : 'WHERE e.list_id = ?';
    const args = listId === null ? [] : [listId];
    const counts = this.sql<{
      messages: number;
      threads: number;
      flagged: number;
      first_day: string | null;
      last_day: string | null;
    }>(
      `SELECT count(*) AS messages, count(DISTINCT e.list_id || ':' || e.thread_id) AS threads,
         sum(m.flags != '') AS flagged, min(e.day) AS first_day, max(e.day) AS last_day
       FROM entries e JOIN messages m ON m.id = e.message ${where}`,
    ).get(...args)!;
    const ghosts = this.sql<{ g: number }>(
      `SELECT count(*) AS g FROM containers ${listId === null ? 'WHERE' : 'WHERE list_id = ? AND'} ghost = 1`,
    ).get(...args)!.g;
    const bytes = this.sql<{ raw: number | null; stored: number | null }>(
      `SELECT sum(raw_size) AS raw, sum(length(raw)) AS stored FROM messages
       WHERE id IN (SELECT message FROM entries e ${where})`,
    ).get(...args)!;
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
}
