// The embedded store: one SQLite file in WAL mode, behind the async Store seam. Statements run
// synchronously (better-sqlite3): a read's promise is settled when the method returns, so the seam
// costs a microtask, not a thread hop. Writers take an IMMEDIATE transaction, so concurrent
// `deliver` processes queue on the busy timeout instead of failing half-way; the file lock is the
// list lock the seam asks for (one writer at a time, whatever the list).

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MMAP_BYTES } from '../../limits.ts';
import { type ListRow, listFromRow } from '../columns.ts';
import type { ListRecord, ListSettings } from '../records.ts';
import {
  type ArchiveRead,
  type ChangeWatch,
  type OpenOptions,
  type Store,
  StoreBusyError,
  type WriteTransaction,
} from '../store.ts';
import { SqliteChangeWatch } from './change-watch.ts';
import { SqliteContainerStore } from './container-store.ts';
import { SqliteRead } from './read.ts';
import { migrate } from './schema.ts';
import { SqliteWriter } from './writer.ts';

export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly location: string;
  readonly db: Database.Database;
  readonly read: ArchiveRead;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly containerStores = new Map<number, SqliteContainerStore>();
  private readonly writer: SqliteWriter;
  /** Writes of this connection, one after the other: SQLite transactions do not nest. */
  private writeQueue: Promise<unknown> = Promise.resolve();
  /** Snapshots open on this connection; the read transaction ends with the last of them. */
  private openSnapshots = 0;

  constructor(path: string, options: OpenOptions = {}) {
    this.location = path;
    if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: (options.readonly || options.mustExist) ?? false,
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
    this.read = new SqliteRead(this);
    this.writer = new SqliteWriter(this);
  }

  async close(): Promise<void> {
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

  containers(listId: number): SqliteContainerStore {
    let store = this.containerStores.get(listId);
    if (!store) {
      store = new SqliteContainerStore(this.db, listId);
      this.containerStores.set(listId, store);
    }
    return store;
  }

  // ── lists ──

  async addList(settings: ListSettings): Promise<ListRecord> {
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
    return this.listNamed(settings.name)!;
  }

  async updateList(name: string, changes: Partial<Omit<ListSettings, 'name'>>): Promise<ListRecord> {
    const current = this.listNamed(name);
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
    return this.listNamed(name)!;
  }

  async getList(name: string): Promise<ListRecord | null> {
    return this.listNamed(name);
  }

  async allLists(): Promise<ListRecord[]> {
    return this.listsNow();
  }

  /** The lists, read at once (search and the read model run synchronously inside). */
  listsNow(): ListRecord[] {
    return this.sql<ListRow>('SELECT * FROM lists ORDER BY section, name').all().map(listFromRow);
  }

  listNamed(name: string): ListRecord | null {
    const row = this.sql<ListRow>('SELECT * FROM lists WHERE name = ?').get(name);
    return row ? listFromRow(row) : null;
  }

  // ── transactions ──

  /** Runs `work` in one IMMEDIATE transaction; SQLITE_BUSY past the timeout becomes StoreBusyError. */
  write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const run = this.writeQueue.then(() => this.transaction(work));
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  private async transaction<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        throw new StoreBusyError('the archive database is busy (another writer holds it)');
      }
      throw error;
    }
    try {
      const result = await work(this.writer);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        throw new StoreBusyError('the archive database is busy (another writer holds it)');
      }
      throw error;
    }
  }

  async snapshot<T>(reads: (read: ArchiveRead) => Promise<T>): Promise<T> {
    // Inside a write, or another snapshot of this connection, the reads already see one state.
    if (this.db.inTransaction) {
      if (this.openSnapshots === 0) return reads(this.read);
    } else this.db.exec('BEGIN DEFERRED');
    this.openSnapshots++;
    try {
      return await reads(this.read);
    } finally {
      if (--this.openSnapshots === 0 && this.db.inTransaction) this.db.exec('COMMIT');
    }
  }

  async watch(): Promise<ChangeWatch> {
    return new SqliteChangeWatch(this.db);
  }

  async ping(): Promise<void> {
    this.sql('PRAGMA data_version').get();
    this.listsNow();
  }
}
