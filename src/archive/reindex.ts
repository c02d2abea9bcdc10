// Rebuilding everything derived from the raw bytes: decoded fields and the search index row, then
// each list's threads.
// Day and N are addresses, not derived data: they are kept exactly.

import { IMPORT_BATCH } from '../limits.ts';
import type { ListRecord, Store } from '../store/store.ts';
import type { Preparer } from './parse-pool.ts';
import { threadMessage } from './threading.ts';

export interface ReindexSummary {
  messages: number;
  lists: number;
  seconds: number;
}

export async function reindex(
  store: Store,
  lists: ListRecord[],
  preparer: Preparer,
): Promise<ReindexSummary> {
  const started = performance.now();
  const ids = await store.read.storedIdsIn(lists.map((l) => l.id));
  for (let start = 0; start < ids.length; start += IMPORT_BATCH) {
    const chunk = ids.slice(start, start + IMPORT_BATCH);
    const raws = await Promise.all(chunk.map((id) => store.read.raw(id)));
    const prepared = await preparer.prepare(raws);
    await store.write(async (tx) => {
      for (const [i, id] of chunk.entries()) {
        const { search, excerpt, fields } = prepared[i];
        await tx.updateMessage(id, fields, { document: search, excerpt });
      }
    });
  }
  for (const list of lists) await rethreadList(store, list);
  return { messages: ids.length, lists: lists.length, seconds: (performance.now() - started) / 1000 };
}

/** Threads a list again from scratch, in archive order, as an import would have. */
async function rethreadList(store: Store, list: ListRecord): Promise<void> {
  await store.write(async (tx) => {
    await tx.resetThreads(list.id);
    const containers = tx.containers(list.id);
    for (const entry of await store.read.entryThreading(list.id)) {
      const container = await threadMessage(containers, entry);
      await tx.setEntryThread(list.id, entry.seq, container.threadId);
    }
  });
}
