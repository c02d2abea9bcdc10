// The web side's view of the store: the read model plus what many pages share (the lists, their
// activity, month counts), kept until the archive changes. The web side never writes; new mail comes
// from `import`/`deliver` in other processes, maybe on other hosts, and the store's change watch
// tells this process that they committed, so pages show it without a restart and no cache outlives
// the data it came from.

import type {
  ArchiveRead,
  ChangeWatch,
  ListActivity,
  ListRecord,
  PeriodCount,
  Store,
} from '../store/store.ts';

type Reads = Record<string, (read: ArchiveRead) => Promise<unknown>>;
type ReadResults<T extends Reads> = { [K in keyof T]: Awaited<ReturnType<T[K]>> };

export class ArchiveReader {
  readonly store: Store;
  readonly read: ArchiveRead;
  /** Bumped on every change seen; response caches compare it. */
  generation = 0;
  /** When the archive last changed, to the second (the store's watch says how it knows). */
  lastModified: Date;
  private readonly watch: ChangeWatch;
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly listeners: (() => void)[] = [];
  private listRecords: ListRecord[] = [];
  private listsByName = new Map<string, ListRecord>();
  /** The generation the lists were read in; -1: read them before the next page. */
  private listsGeneration = -1;

  private constructor(store: Store, watch: ChangeWatch) {
    this.store = store;
    this.read = store.read;
    this.watch = watch;
    this.lastModified = watch.lastModified();
  }

  static async open(store: Store): Promise<ArchiveReader> {
    const reader = new ArchiveReader(store, await store.watch());
    await reader.ready();
    return reader;
  }

  /**
   * Call at the start of each request: notices commits since the last call and drops stale caches.
   * Synchronous, so the fast path for cached pages can ask it too.
   */
  refresh(): void {
    if (!this.watch.poll()) return;
    this.generation++;
    this.memo.clear();
    this.lastModified = this.watch.lastModified();
    for (const listener of this.listeners) listener();
  }

  /** Reads what every page draws from (the lists) when the archive changed since they were read. */
  async ready(): Promise<void> {
    if (this.listsGeneration === this.generation) return;
    const generation = this.generation;
    const lists = await this.store.allLists();
    this.listRecords = lists;
    this.listsByName = new Map(lists.map((l) => [l.name, l]));
    this.listsGeneration = generation;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** A value computed once per archive state. */
  memoize<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = this.memo.get(key) as Promise<T> | undefined;
    if (!value) {
      value = compute();
      this.memo.set(key, value);
      // a failed read is not remembered: the next request tries again
      value.catch(() => this.memo.get(key) === value && this.memo.delete(key));
    }
    return value;
  }

  /** Several reads on one committed state, as an object of their results. */
  async snapshot<T extends Reads>(reads: T): Promise<ReadResults<T>> {
    return this.store.snapshot(async (read) => {
      const names = Object.keys(reads);
      const values = await Promise.all(names.map((name) => reads[name](read)));
      return Object.fromEntries(names.map((name, i) => [name, values[i]])) as ReadResults<T>;
    });
  }

  /** The lists, as read by the last ready(). */
  lists(): ListRecord[] {
    return this.listRecords;
  }

  list(name: string): ListRecord | null {
    return this.listsByName.get(name) ?? null;
  }

  /** Message count and first/last day per list id (lists without mail are absent). */
  activity(): Promise<Map<number, ListActivity>> {
    return this.memoize('activity', () => this.read.listActivity());
  }

  monthCounts(listId: number): Promise<PeriodCount[]> {
    return this.memoize(`months:${listId}`, () => this.read.monthCounts(listId));
  }
}
