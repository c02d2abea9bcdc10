// Connecting to PostgreSQL, and what its failures mean to the rest of listarchive: a server that
// cannot be reached or a database that does not exist is a wrong `--db` (StoreLocationError); a lock
// wait past the busy timeout, a deadlock or a dropped connection is a busy archive (StoreBusyError),
// which an MTA answers by trying the delivery again later.

import postgres from 'postgres';
import { StoreBusyError, StoreLocationError } from '../store.ts';

/**
 * int8 columns arrive as BigInt, never as a rounded number: search keys pass 2^53
 * (src/store/search-keys.ts). Ids, counts and millisecond dates stay below it, and the row mappers
 * turn them into numbers.
 */
const TYPES = { bigint: postgres.BigInt };

export type Sql = postgres.Sql<{ bigint: bigint }>;
export type TransactionSql = postgres.TransactionSql<{ bigint: bigint }>;
/** What runs a query: the pool, or one transaction (a write, or a snapshot's reads). */
export type Queryable = Sql | TransactionSql;

/**
 * Connections per process. Small on purpose: postgres.js pipelines queries on each connection, so a
 * web worker gets its throughput from four (STACK.md §6: 51k point queries/s), and many processes on
 * many hosts share one server's connection limit. A writer runs one transaction at a time.
 */
const READER_CONNECTIONS = 4;
const WRITER_CONNECTIONS = 2;
/** Seconds to wait for a server that does not answer at all (a refused connection fails at once). */
const CONNECT_TIMEOUT_SECONDS = 10;

export function connect(url: string, readonly: boolean): Sql {
  return postgres(url, {
    max: readonly ? READER_CONNECTIONS : WRITER_CONNECTIONS,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    // NOTICEs (`CREATE TABLE IF NOT EXISTS` on an existing table…) are not the user's business.
    onnotice: () => {},
    types: TYPES,
    connection: {
      application_name: 'listarchive',
      // Pages read by index from a cached working set, where a random read costs about what a
      // sequential one does (PostgreSQL's advice for cached databases). With the default 4, a month
      // page of openbmc (380 lines) hashes the whole messages table instead of looking up its rows:
      // 2.5 ms instead of 0.4 ms.
      random_page_cost: '1.1',
    },
  });
}

/** `postgres://user@host:port/db`: where the archive is, for messages, without the password. */
export function locationOf(sql: Sql): string {
  const { user, host, port, database } = sql.options;
  return `postgres://${user}@${host[0]}:${port[0]}/${database}`;
}

const errorCode = (error: unknown): string => String((error as { code?: unknown })?.code ?? '');

// SQLSTATEs of a writer that lost a race it may win later: lock_not_available (lock_timeout),
// serialization_failure, deadlock_detected, the server shutting down or not yet accepting
// connections, too many connections; class 08 is a broken connection.
const BUSY_SQLSTATES = new Set(['55P03', '40001', '40P01', '57P01', '57P02', '57P03', '53300']);
// postgres.js's and Node's own codes for a connection that went away or never came.
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/** A write failure that is worth retrying, as a StoreBusyError; anything else unchanged. */
export function asBusy(error: unknown, location: string): unknown {
  const code = errorCode(error);
  if (code === '55P03') {
    return new StoreBusyError(`the archive at ${location} is busy (another writer holds the list's lock)`);
  }
  if (BUSY_SQLSTATES.has(code) || code.startsWith('08') || CONNECTION_CODES.has(code)) {
    return new StoreBusyError(`the archive at ${location} is busy: ${(error as Error).message}`);
  }
  return error;
}

/** A failure to reach the archive at open, as one line that says what to fix. */
export function asLocationError(error: unknown, location: string): unknown {
  if (error instanceof StoreLocationError) return error;
  const code = errorCode(error);
  const message = (error as Error)?.message ?? String(error);
  if (code === '3D000') return new StoreLocationError(`no PostgreSQL database at ${location}: ${message}`);
  if (code === '28P01' || code === '28000') {
    return new StoreLocationError(`PostgreSQL refused the login for ${location}: ${message}`);
  }
  // read_only_sql_transaction: a writer pointed at a hot standby
  if (code === '25006') {
    return new StoreLocationError(
      `the PostgreSQL server of ${location} is read-only (a standby?): ${message}`,
    );
  }
  if (code.startsWith('08') || CONNECTION_CODES.has(code) || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new StoreLocationError(`cannot reach PostgreSQL at ${location}: ${message}`);
  }
  return error;
}
