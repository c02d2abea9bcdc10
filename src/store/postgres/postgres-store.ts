// The PostgreSQL store: one database shared by any number of processes on any number of hosts — web
// workers reading, imports and `deliver` runs from several MTAs writing, all at once.
//
// Locks, and why each:
// - The list lock, pg_advisory_xact_lock(LIST_LOCK_NAMESPACE, list id) (locks.ts), taken by the first
//   list-scoped call of a write transaction (inList, any use of containers(list), addEntry,
//   placeEntry, resetThreads, setEntryThread, reserveThreadIds; updateMessage takes the lock of every
//   list the message stands in, in id order) and held until the transaction ends. The next seq, the
//   next N of a day and a list's threads are each computed by reading the list and then writing it:
//   one writer per list at a time does that, so a day's N is never handed out twice and no thread is
//   merged by two writers at once. Writers of different lists do not wait for each other. The UNIQUE
//   constraints of `entries` stay as the last guard.
// - No lock to store a message: a message is shared by every list it was posted to, keyed by its
//   content. INSERT … ON CONFLICT (content_key) DO NOTHING makes the second of two writers storing
//   the same bytes wait for the first to commit, then take its row.
// - The row lock of `archive_state`: the last statement of every transaction that changed something
//   bumps its one row, so writers queue there only from that statement to commit, and generations
//   follow commit order.
// - The migration lock, pg_advisory_xact_lock(MIGRATION_LOCK), around the whole migration at open,
//   so two writers opening a new archive at once do not both create its tables (schema.ts).
// Every wait is bounded by lock_timeout = busyTimeoutMs, set per transaction: past it, or on a
// deadlock or a lost connection, the write fails with StoreBusyError and an MTA retries later.
// Write transactions run at READ COMMITTED on purpose: every statement after the list lock sees all
// that the lock's previous holder committed (a REPEATABLE READ snapshot could predate it).

import type { ListRecord, ListSettings } from '../records.ts';
import type { ArchiveRead, ChangeWatch, OpenOptions, Store, WriteTransaction } from '../store.ts';
import { StoreLocationError } from '../store.ts';
import { announceChange, PostgresChangeWatch } from './change-watch.ts';
import { asBusy, asLocationError, connect, locationOf, type Sql, type TransactionSql } from './connection.ts';
import { allLists, insertList, listNamed, updateList } from './lists.ts';
import { PostgresRead } from './read.ts';
import { migrate, requireSchema } from './schema.ts';
import { PostgresWriter } from './writer.ts';

const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/** Opens the archive in the database `url` names; a writer creates or migrates its schema first. */
export async function openPostgresStore(url: string, options: OpenOptions): Promise<Store> {
  const readonly = options.readonly ?? false;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let sql: Sql;
  try {
    sql = connect(url, readonly);
  } catch (error) {
    // A URL postgres.js cannot parse; the message never repeats the URL, which may hold a password.
    throw new StoreLocationError(`not a usable PostgreSQL URL: ${(error as Error).message}`);
  }
  const location = locationOf(sql);
  try {
    if (readonly || options.mustExist) await requireSchema(sql, location, !readonly);
    if (!readonly) await migrate(sql, busyTimeoutMs);
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw asLocationError(error, location);
  }
  return new PostgresStore(sql, location, readonly, busyTimeoutMs);
}

export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  readonly location: string;
  readonly read: ArchiveRead;
  private readonly sql: Sql;
  private readonly readonly: boolean;
  private readonly busyTimeoutMs: number;
  private readonly watches: PostgresChangeWatch[] = [];

  constructor(sql: Sql, location: string, readonly: boolean, busyTimeoutMs: number) {
    this.sql = sql;
    this.location = location;
    this.readonly = readonly;
    this.busyTimeoutMs = busyTimeoutMs;
    this.read = new PostgresRead(sql);
  }

  // ── lists ──

  async addList(settings: ListSettings): Promise<ListRecord> {
    return this.transaction(async (tx) => {
      const list = await insertList(tx, settings);
      await announceChange(tx);
      return list;
    });
  }

  async updateList(name: string, changes: Partial<Omit<ListSettings, 'name'>>): Promise<ListRecord> {
    return this.transaction(async (tx) => {
      const list = await updateList(tx, name, changes);
      await announceChange(tx);
      return list;
    });
  }

  async getList(name: string): Promise<ListRecord | null> {
    return listNamed(this.sql, name);
  }

  async allLists(): Promise<ListRecord[]> {
    return allLists(this.sql);
  }

  // ── transactions ──

  async write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.transaction(async (tx) => {
      const writer = new PostgresWriter(tx);
      const result = await work(writer);
      await writer.flush();
      if (writer.changed) await announceChange(tx);
      return result;
    });
  }

  /** One READ COMMITTED transaction with the busy timeout; a busy failure becomes StoreBusyError. */
  private async transaction<T>(work: (tx: TransactionSql) => Promise<T>): Promise<T> {
    if (this.readonly) throw new Error(`the archive at ${this.location} is open read-only`);
    try {
      return (await this.sql.begin(async (tx) => {
        await tx`SELECT set_config('lock_timeout', ${`${this.busyTimeoutMs}ms`}, true)`;
        return work(tx);
      })) as T;
    } catch (error) {
      throw asBusy(error, this.location);
    }
  }

  async snapshot<T>(reads: (read: ArchiveRead) => Promise<T>): Promise<T> {
    return (await this.sql.begin('isolation level repeatable read read only', (tx) =>
      reads(new PostgresRead(tx)),
    )) as T;
  }

  async watch(): Promise<ChangeWatch> {
    const watch = await PostgresChangeWatch.start(this.sql);
    this.watches.push(watch);
    return watch;
  }

  async ping(): Promise<void> {
    await Promise.all([this.sql`SELECT 1`, this.sql`SELECT id FROM lists LIMIT 1`]);
  }

  async close(): Promise<void> {
    await Promise.all(this.watches.map((watch) => watch.stop()));
    this.watches.length = 0;
    await this.sql.end({ timeout: 1 });
  }
}
