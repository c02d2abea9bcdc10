// The one place that chooses a backend: `--db` (or LISTARCHIVE_DB) is a file path for the embedded
// SQLite store or a `postgres://` URL for PostgreSQL. Any other `scheme://` is an error, never a
// file of that name.

import { existsSync } from 'node:fs';
import { type OpenOptions, type Store, StoreLocationError } from './store.ts';

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** The backend a location names, or a StoreLocationError for a scheme no backend takes. */
export function backendOf(location: string): 'sqlite' | 'postgres' {
  const scheme = URL_SCHEME.exec(location)?.[1].toLowerCase();
  if (scheme === undefined) return 'sqlite';
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  throw new StoreLocationError(
    `unsupported archive location "${location.slice(0, scheme.length + 3)}…": use a file path (SQLite) or postgres://user@host:port/db`,
  );
}

export async function openStore(location: string, options: OpenOptions = {}): Promise<Store> {
  if (location === '') throw new StoreLocationError('the archive location (--db) is empty');
  if (backendOf(location) === 'postgres') {
    const { openPostgresStore } = await import('./postgres/postgres-store.ts');
    return openPostgresStore(location, options);
  }
  if ((options.readonly || options.mustExist) && location !== ':memory:' && !existsSync(location)) {
    throw new StoreLocationError(`no archive at ${location} (create one with "listarchive lists add NAME")`);
  }
  const { SqliteStore } = await import('./sqlite/sqlite-store.ts');
  return new SqliteStore(location, options);
}
