// The web side's view of the store: the read queries plus what many pages share (the lists, their
// activity, month counts), kept until the archive changes. The web side never writes; new mail comes
// from `import`/`deliver` in other processes, and SQLite's data_version tells this connection that
// they committed, so pages show it without a restart and no cache outlives the data it came from.

import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { ArchiveQueries, type ListActivity, type PeriodCount } from '../store/sqlite/archive-queries.ts';
import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ListRecord } from '../store/store.ts';

export class ArchiveReader {
  readonly store: SqliteStore;
  readonly queries: ArchiveQueries;
  /** Bumped on every change seen; response caches compare it. */
  generation = 0;
  /**
   * When the archive last changed, to the second: the newest mtime of the database and its WAL, or
   * this process's start when later (a new version of listarchive may draw pages differently). It
   * is the same in every worker process and never earlier than the change, so `If-Modified-Since`
   * revalidation stays correct (if coarse: any commit renews every page).
   */
  lastModified = new Date(0);
  private readonly started = Date.now();
  private version = '';
  private readonly memo = new Map<string, unknown>();
  private readonly listeners: (() => void)[] = [];
  private readonly changes: Database.Statement<[], { n: number }>;

  constructor(store: SqliteStore) {
    this.store = store;
    this.queries = new ArchiveQueries(store);
    // data_version misses commits of this very connection (a test may serve the store it writes):
    // total_changes() counts those.
    this.changes = store.db.prepare('SELECT total_changes() AS n');
    this.refresh();
  }

  /** Call at the start of each request: notices commits since the last call and drops stale caches. */
  refresh(): void {
    const own = this.changes.get()!.n;
    const version = `${this.queries.dataVersion()}:${own}`;
    if (version === this.version) return;
    this.version = version;
    this.generation++;
    this.memo.clear();
    this.lastModified = this.archiveMtime();
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private archiveMtime(): Date {
    const path = this.store.db.name;
    let newest = 0;
    for (const file of [path, `${path}-wal`]) {
      try {
        newest = Math.max(newest, statSync(file).mtimeMs);
      } catch {
        // no WAL file (checkpointed and removed) or an in-memory database
      }
    }
    newest = Math.max(newest, this.started);
    return new Date(Math.floor(newest / 1000) * 1000);
  }

  /** A value computed once per archive state. */
  memoize<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  lists(): ListRecord[] {
    return this.memoize('lists', () => this.store.allLists());
  }

  list(name: string): ListRecord | null {
    const byName = this.memoize('lists-by-name', () => new Map(this.lists().map((l) => [l.name, l])));
    return byName.get(name) ?? null;
  }

  /** Message count and first/last day per list id (lists without mail are absent). */
  activity(): Map<number, ListActivity> {
    return this.memoize('activity', () => this.queries.listActivity());
  }

  monthCounts(listId: number): PeriodCount[] {
    return this.memoize(`months:${listId}`, () => this.queries.monthCounts(listId));
  }
}
