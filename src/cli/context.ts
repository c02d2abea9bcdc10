// What every command shares: the global options, opening the store, and user-facing errors.

import { parseArgs } from 'node:util';
import { UsageError } from '../archive/lists.ts';
import { openStore as openBackend } from '../store/open.ts';
import { type OpenOptions, type Store, StoreLocationError } from '../store/store.ts';

export { UsageError };

export const DEFAULT_DB = './data/archive.sqlite';

export interface GlobalOptions {
  db: string;
}

/** Opens the archive `--db` names; a location no backend opens is a usage error (one line, exit 2). */
export async function openStore(options: GlobalOptions, mode: OpenOptions = {}): Promise<Store> {
  try {
    return await openBackend(options.db, mode);
  } catch (error) {
    if (error instanceof StoreLocationError) throw new UsageError(error.message);
    throw error;
  }
}

export async function requireList(store: Store, name: string | undefined) {
  if (!name) throw new UsageError('--list NAME is required');
  const list = await store.getList(name);
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
