// `listarchive reindex [--list NAME]`: rebuild all derived data from the raw bytes, keeping day/N.

import { ParsePool } from '../archive/parse-pool.ts';
import { reindex } from '../archive/reindex.ts';
import { type GlobalOptions, openStore, parseCommand, requireList } from './context.ts';

export async function run(args: string[], global: GlobalOptions): Promise<number> {
  const { values } = parseCommand(args, { list: { type: 'string' } });
  const store = await openStore(global);
  const pool = new ParsePool();
  try {
    const lists =
      values.list === undefined ? await store.allLists() : [await requireList(store, values.list)];
    const summary = await reindex(store, lists, pool);
    process.stderr.write(
      `reindexed ${summary.messages} messages in ${summary.lists} list(s), ${summary.seconds.toFixed(1)} s\n`,
    );
    return 0;
  } finally {
    await pool.close();
    await store.close();
  }
}
