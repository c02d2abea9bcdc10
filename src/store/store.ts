// The Store: what the archive, search, the web and the CLI need from persistence, whatever keeps it —
// one SQLite file (src/store/sqlite) or a PostgreSQL server shared by many processes on many hosts
// (src/store/postgres). Everything is async so that a networked backend fits; SQLite answers at once
// behind the same promises. Only src/store/open.ts names a backend.
//
// Rules every backend keeps (test/store/contract.test.ts checks them on each):
// - A write transaction is all or nothing. Entries of one list are placed one writer at a time, so
//   day/N is unique and never renumbered, whichever process or host writes.
// - Reads inside snapshot() see one committed state of the archive.
// - changes.poll() is cheap and synchronous, so it can run on every request; it notices every commit
//   of every process, and lastModified() is the same on every host.

import type { Plan } from '../search/plan.ts';
import type {
  EntryAddress,
  EntryRecord,
  EntrySearch,
  EntryThreading,
  IdMatch,
  IndexLine,
  ListActivity,
  ListRecord,
  ListSettings,
  ListStats,
  MboxMessage,
  MessageFields,
  NewEntry,
  NewMessage,
  PeriodCount,
  PlacedEntry,
  SearchDocument,
  SearchPage,
  SearchQueryOptions,
  StoredMessage,
  ThreadContainer,
} from './records.ts';

export type * from './records.ts';

/** The store stayed locked by other writers past the busy timeout: try again later (deliver: 75). */
export class StoreBusyError extends Error {}

/** `--db` names something no backend opens (an unknown `scheme://`, a missing archive). */
export class StoreLocationError extends Error {}

/** Where one list's threading containers live; src/archive/threading.ts runs JWZ over it. */
export interface ContainerStore {
  /** The stored containers of these Message-IDs (absent ids are left out). One round trip. */
  getMany(messageIds: string[]): Promise<Map<string, ThreadContainer>>;
  /** Insert or replace each. */
  putMany(containers: ThreadContainer[]): Promise<void>;
  /** Every container (and entry) of thread `from` now belongs to thread `to`. */
  renumberThread(from: number, to: number): Promise<void>;
  /** A fresh thread id, larger than every id handed out before in this list. */
  nextThreadId(): Promise<number>;
}

/** Writes happen inside one transaction through this handle; everything in it commits or nothing does. */
export interface WriteTransaction {
  /** The stored row id of a message with this content key, or null. */
  findStored(contentKey: Buffer): Promise<number | null>;
  /**
   * Stores a message, or finds the one another writer stored with the same content key meanwhile;
   * returns its row id either way.
   */
  insertMessage(message: NewMessage): Promise<number>;
  /**
   * Whether a stored message already stands in the list. The first list-scoped call of a
   * transaction takes the list's write lock (PostgreSQL: an advisory lock; SQLite: the file's), so
   * what it answers holds until commit.
   */
  inList(listId: number, storedId: number): Promise<boolean>;
  /** The list's threading containers, under the same list lock. */
  containers(listId: number): ContainerStore;
  /** Places a stored message in a list on a day: the next seq, the next free N of that day. */
  addEntry(entry: NewEntry, search: EntrySearch): Promise<{ seq: number; n: number }>;
  /** Places an entry exactly where another archive had it (copy); false when (list, seq) is taken. */
  placeEntry(entry: PlacedEntry, search: EntrySearch): Promise<boolean>;
  /** Rebuilt derived fields of a stored message (reindex): its columns and its search rows in every list. */
  updateMessage(
    storedId: number,
    fields: MessageFields,
    search: { document: SearchDocument; excerpt: string },
  ): Promise<void>;
  /** Forgets a list's threads (reindex threads it again): no containers, thread ids start over. */
  resetThreads(listId: number): Promise<void>;
  setEntryThread(listId: number, seq: number, threadId: number): Promise<void>;
  /** The list's next thread id is at least `next` (copy keeps thread ids). */
  reserveThreadIds(listId: number, next: number): Promise<void>;
}

/** The read model: every query a page, a feed, a download, search or the CLI makes. */
export interface ArchiveRead {
  // ── lists and counts ──
  /** Message count and first/last day of every list that has messages, by list id. */
  listActivity(): Promise<Map<number, ListActivity>>;
  /** Messages per month over the list's whole life, oldest first; months without mail are absent. */
  monthCounts(listId: number): Promise<PeriodCount[]>;
  /** Messages per day for days in [fromDay, toDay] (YYYY-MM-DD, inclusive), oldest first. */
  dayCounts(listId: number, fromDay: string, toDay: string): Promise<PeriodCount[]>;
  /** Messages in all lists, and how many lists hold any. */
  totals(): Promise<{ messages: number; lists: number }>;
  stats(listId: number | null): Promise<ListStats>;

  // ── index lines (blists pages) ──
  /** A day's messages in arrival order (n); at most `limit` of them. */
  dayLines(listId: number, day: string, limit?: number): Promise<IndexLine[]>;
  /** Messages of the days in [fromDay, toDay], by day then n, at most `perDay` of each day. */
  rangeLines(listId: number, fromDay: string, toDay: string, perDay: number): Promise<IndexLine[]>;
  /** The newest messages in archive order, newest first. */
  recentLines(listId: number, limit: number): Promise<IndexLine[]>;
  /** Every archived message of a thread, in archive order. */
  threadLines(listId: number, threadId: number): Promise<IndexLine[]>;
  /** The thread's containers, ghosts included: the display tree's shape. */
  threadContainers(listId: number, threadId: number): Promise<ThreadContainer[]>;

  // ── one message ──
  /** The message at its permanent address, with everything the message page shows. */
  entryAt(listId: number, day: string, n: number): Promise<EntryRecord | null>;
  /** The message just before or after `seq` in archive order, across day boundaries. */
  neighbour(listId: number, seq: number, direction: 'prev' | 'next'): Promise<EntryAddress | null>;
  /** The nearest day with mail strictly before or after `day`, or null. */
  nearestDay(listId: number, day: string, direction: 'before' | 'after'): Promise<string | null>;
  /** The stored bytes, decompressed. Throws when there is no such message. */
  raw(storedId: number): Promise<Buffer>;

  // ── by Message-ID (public-inbox URLs) ──
  /** The list's messages with this Message-ID, in arrival order (several when the id was reused). */
  entriesInList(listId: number, messageId: string): Promise<EntryRecord[]>;
  /** Every list's messages with this Message-ID, by list name, then arrival. */
  entriesInAllLists(messageId: string): Promise<EntryRecord[]>;
  /** A thread's messages with their headers (no bodies), in arrival order. */
  threadEntries(listId: number, threadId: number): Promise<EntryRecord[]>;
  /** The list's newest messages in archive order, newest first, with their headers. */
  newestEntries(listId: number, limit: number): Promise<EntryRecord[]>;
  /** Stored ids of a thread's messages in arrival order: what `t.mbox.gz` streams. */
  threadStoredIds(listId: number, threadId: number): Promise<number[]>;
  /** Stored ids of the messages of the days in [fromDay, toDay], by day then N. */
  periodStoredIds(listId: number, fromDay: string, toDay: string): Promise<number[]>;
  /** One stored message for an mbox, or null when it is gone. */
  mboxMessage(storedId: number): Promise<MboxMessage | null>;
  /**
   * Message-IDs equal to `text` (or starting with it, when `prefix`) ignoring ASCII case, in one list
   * (or in all when `listId` is null), at most `limit`: a "did you mean" page's candidates.
   */
  idsLike(listId: number | null, text: string, prefix: boolean, limit: number): Promise<IdMatch[]>;

  /** For each content key: whether a message with it stands in the list (import skips those unparsed). */
  presentInList(listId: number, contentKeys: Buffer[]): Promise<boolean[]>;

  // ── whole lists (export, reindex, copy) ──
  /** A list's entries in archive order, read in batches. */
  entries(listId: number): AsyncIterable<EntryRecord>;
  /** Stored ids of the messages standing in any of these lists, ascending. */
  storedIdsIn(listIds: number[]): Promise<number[]>;
  /** Threading headers of a list's entries, in archive order. */
  entryThreading(listId: number): Promise<EntryThreading[]>;
  /** A list's containers, ghosts included, in no particular order. */
  allContainers(listId: number): Promise<ThreadContainer[]>;
  /** The stored message as kept (compressed bytes, content key): what copy moves. */
  storedMessage(storedId: number): Promise<StoredMessage | null>;
  /** The list's next thread id. */
  nextThreadId(listId: number): Promise<number>;

  // ── search ──
  /** Runs a planned query: exact total, one page of matches (src/search/search.ts adds snippets). */
  search(plan: Plan, options: SearchQueryOptions): Promise<SearchPage>;
}

/** How a web process learns that any process, on any host, committed a change. */
export interface ChangeWatch {
  /** True when a commit happened since the last call. Synchronous and cheap: called per request. */
  poll(): boolean;
  /** When the archive last changed, to the second; the same in every process reading it. */
  lastModified(): Date;
}

export interface OpenOptions {
  readonly?: boolean;
  /** How long a writer waits for another writer's lock before StoreBusyError. */
  busyTimeoutMs?: number;
  /** The archive must exist already (readers, and commands that only read). */
  mustExist?: boolean;
}

export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  /** Where the archive is, for messages: the file, or the server and database (never a password). */
  readonly location: string;

  addList(settings: ListSettings): Promise<ListRecord>;
  updateList(name: string, changes: Partial<Omit<ListSettings, 'name'>>): Promise<ListRecord>;
  getList(name: string): Promise<ListRecord | null>;
  /** Every list, by section then name. */
  allLists(): Promise<ListRecord[]>;

  /** Runs `work` in one write transaction; busy past the timeout becomes StoreBusyError. */
  write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T>;
  /** Reads outside any snapshot: each query sees the latest committed state. */
  readonly read: ArchiveRead;
  /**
   * Runs several reads on one committed state, so a page never mixes the archive before and after a
   * commit. `reads` must only read through the handle it is given (no other awaits).
   */
  snapshot<T>(reads: (read: ArchiveRead) => Promise<T>): Promise<T>;
  /** Starts watching for commits (readers); the first poll() after it answers for commits since. */
  watch(): Promise<ChangeWatch>;
  /** A cheap query that fails when the archive cannot be read (healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
