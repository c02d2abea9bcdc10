// `listarchive export --list NAME --jsonl`: one JSON object per message, in archive order.

import { messageJson } from '../archive/message-json.ts';
import { type GlobalOptions, openStore, parseCommand, requireList, UsageError } from './context.ts';

export async function run(args: string[], global: GlobalOptions): Promise<number> {
  const { values } = parseCommand(args, { list: { type: 'string' }, jsonl: { type: 'boolean' } });
  if (!values.jsonl) throw new UsageError('export needs --jsonl (the only format so far)');
  const store = await openStore(global, { readonly: true });
  try {
    const list = await requireList(store, values.list);
    let chunk = '';
    for await (const entry of store.read.entries(list.id)) {
      chunk += `${JSON.stringify(messageJson(entry))}\n`;
      if (chunk.length > 1 << 16) {
        if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
        chunk = '';
      }
    }
    process.stdout.write(chunk);
    return 0;
  } finally {
    await store.close();
  }
}
