// What every command shares: the global options, opening the store, and user-facing errors.

import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from '../archive/lists.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';

export { UsageError };

export const DEFAULT_DB = './data/archive.sqlite';

export interface GlobalOptions {
  db: string;
}

export function openStore(options: GlobalOptions, mode: { readonly?: boolean; busyTimeoutMs?: number } = {}) {
  if (mode.readonly && !existsSync(options.db)) {
    throw new UsageError(`no archive at ${options.db} (create one with "listarchive lists add NAME")`);
  }
  return new SqliteStore(options.db, mode);
}

export function requireList(store: SqliteStore, name: string | undefined) {
  if (!name) throw new UsageError('--list NAME is required');
  const list = store.getList(name);
  if (!list) throw new UsageError(`unknown list "${name}" (see "listarchive lists")`);
  return list;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** parseArgs for a command; `--db` is accepted anywhere, as the global option it is. */
export function parseCommand<T extends OptionSpec>(args: string[], options: T, allowPositionals = false) {
  return parseArgs({
    args,
    options: { ...options, db: { type: 'string' } },
    allowPositionals,
    strict: true,
  });
}
