// `listarchive stats [--list NAME] [--json]`: counts and sizes.

import { statSync } from 'node:fs';
import { type GlobalOptions, openStore, parseCommand, printJson, requireList } from './context.ts';

export async function run(args: string[], global: GlobalOptions): Promise<number> {
  const { values } = parseCommand(args, { list: { type: 'string' }, json: { type: 'boolean' } });
  const store = await openStore(global, { readonly: true });
  try {
    const list = values.list === undefined ? null : await requireList(store, values.list);
    const stats = await store.read.stats(list?.id ?? null);
    // The file's size; a server's database reports its own size (pg_database_size) in `stats`.
    const databaseBytes = store.backend === 'sqlite' ? statSync(global.db).size : null;
    const out = { list: list?.name ?? null, ...stats, databaseBytes };
    if (values.json) printJson(out);
    else {
      for (const [k, v] of Object.entries(out)) process.stdout.write(`${k.padEnd(14)} ${v ?? '-'}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
