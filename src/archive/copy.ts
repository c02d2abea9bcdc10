// Copying an archive into another store, whatever the two backends: the same stored bytes, every entry
// at its permanent address (seq, day, N), the same threads and containers (ghosts included). Only the
// search rows are rebuilt, from the raw bytes, because no backend keeps them in a readable form.
//
// Nothing is allocated in the target: entries are placed where the source has them. So a second run
// finds everything in place and writes nothing, and a killed run is finished by the next one. What the
// target holds is checked against the source first (copy-check.ts), every list before anything is
// written: archives that have diverged are refused whole instead of merged half-way.

import { COPY_BATCH, IMPORT_BATCH_BYTES } from '../limits.ts';
import { decompressRaw } from '../store/compression.ts';
import type {
  EntryRecord,
  ListRecord,
  ListSettings,
  NewMessage,
  Store,
  StoredMessage,
} from '../store/store.ts';
import {
  alongside,
  bracketed,
  CopyConflictError,
  type CopyProgress,
  dayAndN,
  type ListPlan,
  missingInSource,
  planList,
  type Report,
} from './copy-check.ts';
import type { Preparer } from './parse-pool.ts';
import type { PreparedMessage } from './prepare.ts';

export { CopyConflictError, type CopyProgress };

export interface CopySummary extends CopyProgress {
  lists: number;
  /** Lists that did not exist in the target and were created with the source's settings. */
  listsCreated: string[];
  /** Lists that exist in both with different settings; the target's were kept. */
  settingsDiffer: string[];
  /** Lists whose threads in the target were brought to the source's (entries' thread ids, containers). */
  threadsUpdated: string[];
  seconds: number;
}

/** One batch of source entries with what writing them needs. */
interface LoadedBatch {
  entries: EntryRecord[];
  stored: StoredMessage[];
  prepared: PreparedMessage[];
}

export async function copyArchive(
  source: Store,
  target: Store,
  lists: ListRecord[],
  preparer: Preparer,
  onProgress: Report = () => {},
): Promise<CopySummary> {
  const started = performance.now();
  const progress: CopyProgress = { seen: 0, copied: 0, present: 0, bytes: 0 };
  const plans: ListPlan[] = [];
  for (const list of lists) plans.push(await planList(source, target, list, progress, onProgress));

  const summary: CopySummary = {
    ...progress,
    lists: plans.length,
    listsCreated: [],
    settingsDiffer: [],
    threadsUpdated: [],
    seconds: 0,
  };
  for (const plan of plans) {
    let targetList = plan.target;
    if (targetList === null) {
      targetList = await target.addList(settingsOf(plan.source));
      summary.listsCreated.push(targetList.name);
    } else if (!sameSettings(plan.source, targetList)) {
      summary.settingsDiffer.push(targetList.name);
    }
    if (plan.threadIdsDiffer) await copyThreadIds(source, target, plan.source, targetList);
    const placed = await copyEntries(source, target, plan, targetList, preparer, progress, onProgress);
    // Containers last: a run killed before them leaves them different, which the next run notices.
    if (placed > 0 || plan.threadIdsDiffer || plan.containersDiffer) {
      await copyContainers(source, target, plan.source, targetList);
      if (plan.target !== null) summary.threadsUpdated.push(targetList.name);
    }
  }
  return { ...summary, ...progress, seconds: (performance.now() - started) / 1000 };
}

/** Gives the target's entries the source's thread ids where they differ. */
async function copyThreadIds(source: Store, target: Store, ours: ListRecord, theirs: ListRecord) {
  let changes: EntryRecord[] = [];
  const flush = async () => {
    const batch = changes;
    changes = [];
    if (batch.length === 0) return;
    await target.write(async (tx) => {
      for (const entry of batch) await tx.setEntryThread(theirs.id, entry.seq, entry.threadId);
    });
  };
  for await (const pair of alongside(source, target, ours, theirs)) {
    if (pair.ours && pair.theirs && pair.ours.threadId !== pair.theirs.threadId) changes.push(pair.ours);
    if (changes.length >= COPY_BATCH) await flush();
  }
  await flush();
}

/** The list's containers as the source has them, ghosts included, and its thread ids reserved. */
async function copyContainers(source: Store, target: Store, ours: ListRecord, theirs: ListRecord) {
  const containers = await source.read.allContainers(ours.id);
  const nextThreadId = await source.read.nextThreadId(ours.id);
  await target.write(async (tx) => {
    const store = tx.containers(theirs.id);
    // In slices: one statement for a whole large list would pass a backend's parameter limit.
    for (let start = 0; start < containers.length; start += COPY_BATCH) {
      await store.putMany(containers.slice(start, start + COPY_BATCH));
    }
    await tx.reserveThreadIds(theirs.id, nextThreadId);
  });
}

/** Places the source entries the target lacks; returns how many. */
async function copyEntries(
  source: Store,
  target: Store,
  plan: ListPlan,
  targetList: ListRecord,
  preparer: Preparer,
  progress: CopyProgress,
  onProgress: Report,
): Promise<number> {
  let placedInList = 0;
  const write = async (batch: LoadedBatch) => {
    const counts = await writeBatch(target, targetList, batch);
    placedInList += counts.placed;
    progress.seen += batch.entries.length;
    progress.copied += counts.placed;
    progress.present += batch.entries.length - counts.placed;
    progress.bytes += counts.bytes;
    onProgress(progress);
  };
  // The next batch is read and parsed while the one before it is written; writes stay in seq order.
  let pending: Promise<LoadedBatch> | null = null;
  for await (const entries of batchesAfter(source, plan.source, plan.presentThrough)) {
    const loading = loadBatch(source, entries, preparer);
    // Awaited below; without this a failure while the previous batch is written would be unhandled.
    loading.catch(() => {});
    if (pending) await write(await pending);
    pending = loading;
  }
  if (pending) await write(await pending);
  return placedInList;
}

/** The list's entries after `presentThrough`, in seq order, cut into batches of bounded size. */
async function* batchesAfter(source: Store, list: ListRecord, presentThrough: number) {
  let batch: EntryRecord[] = [];
  let bytes = 0;
  for await (const entry of source.read.entries(list.id)) {
    if (entry.seq <= presentThrough) continue;
    batch.push(entry);
    bytes += entry.rawSize;
    if (batch.length >= COPY_BATCH || bytes >= IMPORT_BATCH_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

async function loadBatch(source: Store, entries: EntryRecord[], preparer: Preparer): Promise<LoadedBatch> {
  const stored = await Promise.all(
    entries.map(async (entry) => {
      const message = await source.read.storedMessage(entry.storedId);
      if (!message) throw missingInSource(entry.list, entry);
      return message;
    }),
  );
  const prepared = await preparer.prepare(stored.map((message) => decompressRaw(message.raw, message.codec)));
  return { entries, stored, prepared };
}

async function writeBatch(
  target: Store,
  list: ListRecord,
  batch: LoadedBatch,
): Promise<{ placed: number; bytes: number }> {
  return target.write(async (tx) => {
    let placed = 0;
    let bytes = 0;
    for (const [i, entry] of batch.entries.entries()) {
      const stored = batch.stored[i];
      const prepared = batch.prepared[i];
      // insertMessage finds the message when the target has it already (a cross-post)
      const storedId = await tx.insertMessage(messageOf(stored, prepared));
      const { date, receivedDate } = stored.fields;
      const search = { document: prepared.search, date: date ?? receivedDate ?? stored.envelopeDate };
      const placement = {
        listId: list.id,
        storedId,
        seq: entry.seq,
        day: entry.day,
        n: entry.n,
        messageId: entry.messageId,
        threadId: entry.threadId,
      };
      if (!(await tx.inList(list.id, storedId)) && (await tx.placeEntry(placement, search))) {
        placed++;
        bytes += stored.rawSize;
      } else {
        // Past a gap, or a writer that got into the target since the check took the place.
        await requirePlaced(target, list, entry, storedId);
      }
    }
    return { placed, bytes };
  });
}

/** The target has this entry already, at the same address and with the same stored message. */
async function requirePlaced(
  target: Store,
  list: ListRecord,
  entry: EntryRecord,
  storedId: number,
): Promise<void> {
  const there = await target.read.entryAt(list.id, entry.day, entry.n);
  if (there?.seq === entry.seq && there.storedId === storedId) return;
  throw new CopyConflictError(
    `list "${list.name}": the target changed while copying; seq ${entry.seq} (${bracketed(entry.messageId)} on ` +
      `${dayAndN(entry)}) is taken there by another message. Batches before it were copied, this one was not`,
  );
}

function messageOf(stored: StoredMessage, prepared: PreparedMessage): NewMessage {
  return {
    contentKey: stored.contentKey,
    raw: stored.raw,
    rawSize: stored.rawSize,
    codec: stored.codec,
    envelopeDate: stored.envelopeDate,
    fields: stored.fields,
    // The source's excerpt is what its snippets were cut from; a message without one gets it rebuilt.
    excerpt: stored.excerpt || prepared.excerpt,
  };
}

function settingsOf(list: ListRecord): ListSettings {
  const { id: _id, ...settings } = list;
  return settings;
}

function sameSettings(a: ListRecord, b: ListRecord): boolean {
  const theirs = settingsOf(b);
  return Object.entries(settingsOf(a)).every(([key, value]) => theirs[key as keyof ListSettings] === value);
}
