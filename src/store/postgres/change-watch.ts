// How readers on every host learn that a writer committed. Each write transaction that changed
// something ends by bumping the one row of `archive_state` (generation + 1, changed_at) and sending
// NOTIFY; PostgreSQL delivers the notification at commit, to every connection that listens, on any
// host. A notification is only a hint (any role that can connect may send one): the reader then
// reads the state row itself and keeps it, so poll() is a comparison of two numbers, cheap enough for
// every request, and a forged notification costs one query and nothing else.
//
// A hot standby refuses LISTEN (and a primary's notifications do not reach it), so there the watch
// reads `archive_state` once a second instead: a page may lag a commit by that second.
//
// lastModified() is changed_at, or the watch's start when later (a new version of listarchive may
// draw pages differently), floored to the second: the rule of src/store/sqlite/change-watch.ts.
// changed_at comes from the database server's clock, so it is the same for every reader.

import type { ChangeWatch } from '../store.ts';
import type { Sql, TransactionSql } from './connection.ts';

const CHANNEL = 'listarchive_changes';
/** How often a watch on a hot standby reads the archive's state. */
const STANDBY_POLL_MS = 1000;

interface ArchiveState {
  generation: bigint;
  /** ms since 1970 */
  changedAt: number;
}

/**
 * Records that this transaction changed the archive; call as its last statement. The row lock it
 * takes makes every writer queue here, so it is held only from now until commit. clock_timestamp()
 * rather than now(): a long transaction must not claim to have changed the archive when it began,
 * before pages served meanwhile.
 */
export async function announceChange(tx: TransactionSql): Promise<void> {
  await tx`
    WITH state AS (
      UPDATE archive_state SET generation = generation + 1, changed_at = clock_timestamp()
      RETURNING generation, changed_at
    )
    SELECT pg_notify(${CHANNEL}, generation::text || ' ' ||
      floor(extract(epoch FROM changed_at) * 1000)::bigint::text)
    FROM state`;
}

async function readState(sql: Sql): Promise<ArchiveState & { standby: boolean }> {
  const [row] = await sql<{ generation: bigint; changed_at: bigint; standby: boolean }[]>`
    SELECT generation, floor(extract(epoch FROM changed_at) * 1000)::bigint AS changed_at,
      pg_is_in_recovery() AS standby
    FROM archive_state`;
  if (!row) throw new Error('the archive has no archive_state row');
  return { generation: row.generation, changedAt: Number(row.changed_at), standby: row.standby };
}

export class PostgresChangeWatch implements ChangeWatch {
  private readonly started = Date.now();
  /** The newest state heard of. */
  private seen: ArchiveState;
  /** The generation the last poll() answered for. */
  private polled: bigint;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  /** Reads of the state started so far: only the answer to the latest one is kept. */
  private reads = 0;

  private constructor(state: ArchiveState) {
    this.seen = state;
    this.polled = state.generation;
  }

  /** Starts watching: LISTEN on a primary, a one-second poll on a hot standby. */
  static async start(sql: Sql): Promise<PostgresChangeWatch> {
    const state = await readState(sql);
    const watch = new PostgresChangeWatch(state);
    if (state.standby) {
      watch.timer = setInterval(() => watch.refresh(sql), STANDBY_POLL_MS);
      // A reader's process must be free to exit without closing the store first.
      watch.timer.unref();
    } else {
      // onlisten runs after the first LISTEN and after every reconnection: notifications sent while
      // the connection was down are lost, so the state is read again then.
      const listening = await sql.listen(
        CHANNEL,
        () => watch.refresh(sql),
        () => watch.refresh(sql),
      );
      watch.unlisten = listening.unlisten;
    }
    return watch;
  }

  poll(): boolean {
    if (this.seen.generation === this.polled) return false;
    this.polled = this.seen.generation;
    return true;
  }

  lastModified(): Date {
    const newest = Math.max(this.seen.changedAt, this.started);
    return new Date(Math.floor(newest / 1000) * 1000);
  }

  /** Stops listening or polling (the store closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.unlisten?.().catch(() => {});
    this.unlisten = null;
  }

  private refresh(sql: Sql): void {
    // A failed read (the server restarting) is retried by the next tick, notification or reconnection.
    const read = ++this.reads;
    readState(sql).then(
      (state) => {
        // a late answer to an older read never moves the state back
        if (read === this.reads) this.learn(state);
      },
      () => {},
    );
  }

  /**
   * Any other state is a change, a smaller generation too (the database was restored from a
   * backup): the pages drawn from the old one must go.
   */
  private learn(state: ArchiveState): void {
    if (state.generation !== this.seen.generation || state.changedAt !== this.seen.changedAt)
      this.seen = state;
  }
}
