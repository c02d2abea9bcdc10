// The ingest pipeline: raw messages in archive order → de-duplicated, decoded, threaded, placed on a
// day with a permanent N. Batches commit in one transaction each, so a killed import leaves whole
// batches behind and running it again skips what is there: the result equals one clean import.

import { IMPORT_BATCH, IMPORT_BATCH_BYTES } from '../limits.ts';
import { contentKey } from '../mail/content-key.ts';
import type { RawMessage } from '../mail/types.ts';
import type { ListRecord, Store, WriteTransaction } from '../store/store.ts';
import { dayInZone, deliveryDate } from './day.ts';
import type { Preparer } from './parse-pool.ts';
import type { PreparedMessage } from './prepare.ts';
import { threadMessage } from './threading.ts';

export interface ImportProgress {
  seen: number;
  imported: number;
  present: number;
  flagged: number;
  bytes: number;
  sourceOffset: number;
}

export interface ImportSummary extends ImportProgress {
  seconds: number;
}

interface Pending {
  raw: RawMessage;
  key: Buffer;
  /** Index into the batch's prepared results, or -1 when the message is already in the list. */
  preparedIndex: number;
}

export async function importMessages(
  store: Store,
  list: ListRecord,
  source: AsyncIterable<RawMessage>,
  preparer: Preparer,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportSummary> {
  const started = performance.now();
  const progress: ImportProgress = {
    seen: 0,
    imported: 0,
    present: 0,
    flagged: 0,
    bytes: 0,
    sourceOffset: 0,
  };
  let inFlight: Promise<void> | null = null;
  let batch: RawMessage[] = [];
  let batchBytes = 0;

  const flush = async () => {
    const pending = await screen(store, list, batch);
    const toPrepare = pending.filter((p) => p.preparedIndex >= 0).map((p) => p.raw.bytes);
    const preparing = preparer.prepare(toPrepare);
    batch = [];
    batchBytes = 0;
    // Parse this batch while the previous one is written; writes stay in archive order.
    if (inFlight) await inFlight;
    inFlight = preparing.then(async (prepared) => {
      await writeBatch(store, list, pending, prepared, progress);
      onProgress?.(progress);
    });
  };

  for await (const raw of source) {
    batch.push(raw);
    batchBytes += raw.bytes.byteLength;
    progress.seen++;
    progress.bytes += raw.bytes.byteLength;
    progress.sourceOffset = raw.sourceOffset;
    if (batch.length >= IMPORT_BATCH || batchBytes >= IMPORT_BATCH_BYTES) await flush();
  }
  if (batch.length > 0) await flush();
  if (inFlight) await inFlight;
  return { ...progress, seconds: (performance.now() - started) / 1000 };
}

/** Marks messages the list already holds, so that re-imports skip parsing them. */
async function screen(store: Store, list: ListRecord, batch: RawMessage[]): Promise<Pending[]> {
  const keys = batch.map((raw) => contentKey(raw.bytes));
  const present = await store.read.presentInList(list.id, keys);
  let next = 0;
  return batch.map((raw, i) => ({ raw, key: keys[i], preparedIndex: present[i] ? -1 : next++ }));
}

async function writeBatch(
  store: Store,
  list: ListRecord,
  pending: Pending[],
  prepared: PreparedMessage[],
  progress: ImportProgress,
): Promise<void> {
  await store.write(async (tx) => {
    for (const item of pending) {
      if (item.preparedIndex < 0) {
        progress.present++;
        continue;
      }
      const message = prepared[item.preparedIndex];
      const result = await storeOne(tx, list, item.raw, item.key, message);
      if (result === 'present') progress.present++;
      else {
        progress.imported++;
        if (message.fields.flags.length > 0) progress.flagged++;
      }
    }
  });
}

/**
 * Stores one message in a list inside a write transaction: the bytes once whatever the lists, then
 * the entry, threaded, on its day with the next N. 'present' when the list has it already.
 */
export async function storeOne(
  tx: WriteTransaction,
  list: ListRecord,
  raw: RawMessage,
  key: Buffer,
  message: PreparedMessage,
  now: Date = new Date(),
): Promise<'added' | 'present'> {
  // insertMessage finds the message when it is stored already (a cross-post, a re-import)
  const storedId = await tx.insertMessage({
    contentKey: key,
    raw: message.compressed,
    rawSize: raw.bytes.byteLength,
    codec: message.codec,
    envelopeDate: raw.envelopeDate,
    fields: message.fields,
    excerpt: message.excerpt,
  });
  // inList takes the list's write lock: from here on, threading and N see every earlier entry of
  // the list, whichever process wrote it (and the same bytes delivered twice at once count once).
  if (await tx.inList(list.id, storedId)) return 'present';
  const { fields } = message;
  const instant = deliveryDate(
    { envelopeDate: raw.envelopeDate, receivedDate: fields.receivedDate, date: fields.date },
    now,
  );
  const search = { document: message.search, date: fields.date ?? fields.receivedDate ?? raw.envelopeDate };
  const container = await threadMessage(tx.containers(list.id), fields);
  const day = dayInZone(instant, list.timeZone);
  await tx.addEntry(
    { listId: list.id, storedId, day, messageId: fields.messageId, threadId: container.threadId },
    search,
  );
  return 'added';
}
