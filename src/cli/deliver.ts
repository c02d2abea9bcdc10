// `listarchive deliver --list NAME`: what an MTA pipes each list message into.
// Exit 0 once the message is stored (or was already); 75 (EX_TEMPFAIL) whenever it could not be
// stored, so the MTA keeps it queued and tries again: a delivered message is never dropped.

import { storeOne } from '../archive/ingest.ts';
import { prepareMessage } from '../archive/prepare.ts';
import { DELIVER_BUSY_TIMEOUT_MS } from '../limits.ts';
import { contentKey } from '../mail/content-key.ts';
import { openSource } from '../mail/sources.ts';
import type { RawMessage } from '../mail/types.ts';
import { StoreBusyError } from '../store/store.ts';
import { type GlobalOptions, openStore, parseCommand, requireList } from './context.ts';

const EX_TEMPFAIL = 75;

export async function run(args: string[], global: GlobalOptions): Promise<number> {
  const { values } = parseCommand(args, { list: { type: 'string' }, 'busy-timeout': { type: 'string' } });
  const busyTimeoutMs = values['busy-timeout']
    ? Number(values['busy-timeout']) * 1000
    : DELIVER_BUSY_TIMEOUT_MS;
  try {
    const messages: RawMessage[] = [];
    // An MTA pipes exactly one message: never split it at a `From ` line in its body.
    for await (const raw of openSource('-', { format: 'eml' })) messages.push(raw);
    if (messages.length === 0) throw new Error('no message on standard input');
    const store = await openStore(global, { busyTimeoutMs });
    try {
      const list = await requireList(store, values.list);
      for (const raw of messages) {
        const prepared = await prepareMessage(raw.bytes);
        const key = contentKey(raw.bytes);
        await store.write((tx) => storeOne(tx, list, raw, key, prepared));
      }
    } finally {
      await store.close();
    }
    return 0;
  } catch (error) {
    const reason = error instanceof StoreBusyError ? error.message : (error as Error).message;
    process.stderr.write(`listarchive deliver: not stored, try again later: ${reason}\n`);
    return EX_TEMPFAIL;
  }
}
