// `listarchive stats [--list NAME] [--json]`: counts and sizes.

import { statSync } from 'node:fs';
import { type GlobalOptions, openStore, parseCommand, printJson, requireList } from './context.ts';

export async function run(args: string[], global: GlobalOptions): Promise<number> {
  const { values } = parseCommand(args, { list: { type: 'string' }, json: { type: 'boolean' } });
  const store = openStore(global, { readonly: true });
  try {
    const list = values.list === undefined ? null : requireList(store, values.list);
    const stats = store.stats(list?.id ?? null);
    const databaseBytes = statSync(global.db).size;
    const out = { list: list?.name ?? null, ...stats, databaseBytes };
    if (values.json) printJson(out);
    else {
      for (const [k, v] of Object.entries(out)) process.stdout.write(`${k.padEnd(14)} ${v ?? '-'}\n`);
    }
    return 0;
  } finally {
    store.close();
  }
}
