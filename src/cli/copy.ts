// `listarchive copy --from DB --to DB [--list NAME]...`: moves an archive between stores (SQLite and
// PostgreSQL, either way), keeping every byte and every address. Running it again copies nothing.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CopyConflictError, type CopyProgress, copyArchive } from '../archive/copy.ts';
import { ParsePool } from '../archive/parse-pool.ts';
import { backendOf } from '../store/open.ts';
import { type ListRecord, type Store, StoreLocationError } from '../store/store.ts';
import { type GlobalOptions, openStore, parseCommand, UsageError } from './context.ts';
import { ProgressLine } from './progress.ts';

export async function run(args: string[], _global: GlobalOptions): Promise<number> {
  const { values } = parseCommand(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    list: { type: 'string', multiple: true },
    progress: { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  if (!values.from || !values.to) throw new UsageError('copy needs --from DB and --to DB');
  if (sameArchive(values.from, values.to)) {
    throw new UsageError(`--from and --to name the same archive (${values.to}): nothing to copy`);
  }
  const source = await openArchive('--from', values.from, { readonly: true });
  let target: Store | null = null;
  let pool: ParsePool | null = null;
  const showProgress = !values.quiet && (values.progress || process.stderr.isTTY);
  let line: ProgressLine | null = null;
  try {
    const lists = await chosenLists(source, values.list);
    target = await openArchive('--to', values.to, {});
    pool = new ParsePool();
    const activity = await source.read.listActivity();
    const total = lists.reduce((sum, list) => sum + (activity.get(list.id)?.messages ?? 0), 0);
    // The line's ETA is driven by entries, not bytes: both archives are read entry by entry.
    line = showProgress ? new ProgressLine(total) : null;
    const draw = (p: CopyProgress) =>
      line?.update({
        seen: p.seen,
        imported: p.copied,
        present: p.present,
        flagged: 0,
        bytes: p.bytes,
        sourceOffset: p.seen,
      });
    const summary = await copyArchive(source, target, lists, pool, draw);
    line?.finish();
    line = null;
    if (values.quiet) return 0;
    for (const name of summary.settingsDiffer) {
      process.stderr.write(`note: list "${name}" has other settings in ${target.location}; kept them\n`);
    }
    const created = summary.listsCreated.length > 0 ? ` (${summary.listsCreated.length} created)` : '';
    const wrote = summary.copied > 0 || summary.listsCreated.length > 0 || summary.threadsUpdated.length > 0;
    const outcome = wrote ? `${summary.copied} messages copied` : 'nothing to copy, the target has it all';
    process.stderr.write(
      `${summary.lists} list(s)${created}: ${outcome}, ${summary.present} already present, ` +
        `${summary.seconds.toFixed(1)} s\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof CopyConflictError)) throw error;
    line?.finish();
    line = null;
    process.stderr.write(`listarchive: ${error.message}\n`);
    return 1;
  } finally {
    line?.finish();
    await pool?.close();
    await target?.close();
    await source.close();
  }
}

async function chosenLists(source: Store, names: string[] | undefined): Promise<ListRecord[]> {
  const all = await source.allLists();
  if (names === undefined || names.length === 0) return all;
  return [...new Set(names)].map((name) => {
    const list = all.find((l) => l.name === name);
    if (!list) throw new UsageError(`the source has no list "${name}" (see "listarchive --db SOURCE lists")`);
    return list;
  });
}

/** Opens one side; errors name the option, so a user knows which of the two archives is wrong. */
async function openArchive(option: string, location: string, mode: { readonly?: boolean }): Promise<Store> {
  try {
    if (mode.readonly && backendOf(location) === 'sqlite' && !existsSync(location)) {
      throw new UsageError(`no archive at ${location}`);
    }
    return await openStore({ db: location }, mode);
  } catch (error) {
    if (error instanceof UsageError || error instanceof StoreLocationError) {
      throw new UsageError(`${option}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Whether two locations are one archive: the same file (through any path or link) or the same
 * database on the same server. Copying an archive onto itself would only check it against itself.
 */
function sameArchive(a: string, b: string): boolean {
  let backend: string;
  try {
    backend = backendOf(a);
    if (backend !== backendOf(b)) return false;
  } catch {
    return false; // an unknown scheme is reported when it is opened
  }
  if (backend === 'postgres') return databaseOf(a) === databaseOf(b);
  if (a === ':memory:' || b === ':memory:') return false;
  if (existsSync(a) && existsSync(b)) {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  }
  return resolve(a) === resolve(b);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '']);

/** Server and database of a postgres:// URL, as one comparable string (the user does not matter). */
function databaseOf(location: string): string {
  try {
    const url = new URL(location);
    const host = url.searchParams.get('host') ?? url.hostname.toLowerCase();
    const port = url.port || url.searchParams.get('port') || '5432';
    const database =
      decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
    return `${LOOPBACK.has(host) ? 'localhost' : host}:${port}/${database}`;
  } catch {
    return location;
  }
}
