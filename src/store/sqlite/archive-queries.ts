// The read queries behind the archive's blists pages: calendars, day and month listings, a message and its
// neighbours, threads. Every query walks an index of `entries` — (list_id, seq) for archive order,
// (list_id, day, n) for calendars and days, (list_id, thread_id) for threads — so a page costs a few
// index range scans whatever the archive's size; the per-list counts scan one list's day index.

import {
  containerFromRow,
  ENTRY_COLUMNS,
  ENTRY_FROM,
  type EntryRow,
  entryFromRow,
  LINE_SELECT,
  type LineRow,
  lineFromRow,
} from '../columns.ts';
import type {
  EntryAddress,
  EntryRecord,
  IndexLine,
  ListActivity,
  PeriodCount,
  ThreadContainer,
} from '../records.ts';
import type { SqliteStore } from './sqlite-store.ts';

// Without ANALYZE statistics SQLite takes a thread's rows by walking the whole list on a primary key
// (entries: it is in seq order; containers: it covers the columns) and filtering: 1.3 ms and 0.6 ms
// on openbmc's 11,000 messages, against 0.2 ms and 0.05 ms by the thread index, for every message
// page. Same cause and cure as in message-id-queries.ts.
const THREAD_LINE_SELECT = LINE_SELECT.replace(
  'FROM entries e ',
  'FROM entries e INDEXED BY entries_thread ',
);

export class ArchiveQueries {
  protected readonly store: SqliteStore;

  constructor(store: SqliteStore) {
    this.store = store;
  }

  /** Message count and first/last day of every list that has messages, by list id. */
  async listActivity(): Promise<Map<number, ListActivity>> {
    const rows = this.store
      .sql<{ list_id: number; messages: number; first_day: string; last_day: string }>(
        `SELECT list_id, count(*) AS messages, min(day) AS first_day, max(day) AS last_day
         FROM entries GROUP BY list_id`,
      )
      .all();
    return new Map(
      rows.map((r) => [
        r.list_id,
        { listId: r.list_id, messages: r.messages, firstDay: r.first_day, lastDay: r.last_day },
      ]),
    );
  }

  /** Messages per month over the list's whole life, oldest first; months without mail are absent. */
  async monthCounts(listId: number): Promise<PeriodCount[]> {
    return this.store
      .sql<PeriodCount>(
        `SELECT substr(day, 1, 7) AS period, count(*) AS count FROM entries WHERE list_id = ?
         GROUP BY period ORDER BY period`,
      )
      .all(listId);
  }

  /** Messages per day for days in [fromDay, toDay] (YYYY-MM-DD, inclusive), oldest first. */
  async dayCounts(listId: number, fromDay: string, toDay: string): Promise<PeriodCount[]> {
    return this.store
      .sql<PeriodCount>(
        `SELECT day AS period, count(*) AS count FROM entries WHERE list_id = ? AND day >= ? AND day <= ?
         GROUP BY day ORDER BY day`,
      )
      .all(listId, fromDay, toDay);
  }

  /** A day's messages in arrival order (n); at most `limit` of them. */
  async dayLines(listId: number, day: string, limit = Number.MAX_SAFE_INTEGER): Promise<IndexLine[]> {
    return this.store
      .sql<LineRow>(`${LINE_SELECT} WHERE e.list_id = ? AND e.day = ? AND e.n <= ? ORDER BY e.n`)
      .all(listId, day, limit)
      .map(lineFromRow);
  }

  /** Messages of the days in [fromDay, toDay], by day then n, at most `perDay` of each day. */
  async rangeLines(listId: number, fromDay: string, toDay: string, perDay: number): Promise<IndexLine[]> {
    return this.store
      .sql<LineRow>(
        `${LINE_SELECT} WHERE e.list_id = ? AND e.day >= ? AND e.day <= ? AND e.n <= ? ORDER BY e.day, e.n`,
      )
      .all(listId, fromDay, toDay, perDay)
      .map(lineFromRow);
  }

  /** The newest messages in archive order, newest first. */
  async recentLines(listId: number, limit: number): Promise<IndexLine[]> {
    return this.store
      .sql<LineRow>(`${LINE_SELECT} WHERE e.list_id = ? ORDER BY e.seq DESC LIMIT ?`)
      .all(listId, limit)
      .map(lineFromRow);
  }

  /** The message at its permanent address, with everything the message page shows. */
  async entryAt(listId: number, day: string, n: number): Promise<EntryRecord | null> {
    const row = this.store
      .sql<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.list_id = ? AND e.day = ? AND e.n = ?`,
      )
      .get(listId, day, n);
    return row ? entryFromRow(row) : null;
  }

  /** The message just before or after `seq` in archive order, across day boundaries. */
  async neighbour(listId: number, seq: number, direction: 'prev' | 'next'): Promise<EntryAddress | null> {
    const text =
      direction === 'prev'
        ? 'SELECT seq, day, n FROM entries WHERE list_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1'
        : 'SELECT seq, day, n FROM entries WHERE list_id = ? AND seq > ? ORDER BY seq LIMIT 1';
    return this.store.sql<EntryAddress>(text).get(listId, seq) ?? null;
  }

  /** Every archived message of a thread, in archive order. */
  async threadLines(listId: number, threadId: number): Promise<IndexLine[]> {
    return this.store
      .sql<LineRow>(`${THREAD_LINE_SELECT} WHERE e.list_id = ? AND e.thread_id = ? ORDER BY e.seq`)
      .all(listId, threadId)
      .map(lineFromRow);
  }

  /** The thread's containers, ghosts included: the display tree's shape. */
  async threadContainers(listId: number, threadId: number): Promise<ThreadContainer[]> {
    return this.store
      .sql<{ message_id: string; parent_id: string | null; thread_id: number; ghost: number }>(
        `SELECT message_id, parent_id, thread_id, ghost FROM containers INDEXED BY containers_thread
         WHERE list_id = ? AND thread_id = ?`,
      )
      .all(listId, threadId)
      .map(containerFromRow);
  }

  /** The nearest day with mail strictly before or after `day`, or null. */
  async nearestDay(listId: number, day: string, direction: 'before' | 'after'): Promise<string | null> {
    const text =
      direction === 'before'
        ? 'SELECT day FROM entries WHERE list_id = ? AND day < ? ORDER BY day DESC LIMIT 1'
        : 'SELECT day FROM entries WHERE list_id = ? AND day > ? ORDER BY day LIMIT 1';
    return this.store.sql<{ day: string }>(text).get(listId, day)?.day ?? null;
  }

  /** Messages in all lists, and how many lists hold any. */
  async totals(): Promise<{ messages: number; lists: number }> {
    const row = this.store
      .sql<{ messages: number; lists: number }>(
        'SELECT count(*) AS messages, count(DISTINCT list_id) AS lists FROM entries',
      )
      .get()!;
    return { messages: row.messages, lists: row.lists };
  }
}
