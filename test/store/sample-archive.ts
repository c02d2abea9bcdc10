// Real mail for store tests: the bundled fedora-devel sample, prepared as an import prepares it, and a
// maker of small messages for what the sample lacks. Written through the Store seam in the order
// src/archive/ingest.ts writes (findStored → insertMessage → inList → threading → addEntry), so a
// store test sees the calls an import makes without depending on how an import batches them.

import { join } from 'node:path';
import { dayInZone, deliveryDate } from '../../src/archive/day.ts';
import { type PreparedMessage, prepareMessage } from '../../src/archive/prepare.ts';
import { threadMessage } from '../../src/archive/threading.ts';
import { contentKey } from '../../src/mail/content-key.ts';
import { openSource } from '../../src/mail/sources.ts';
import type { RawMessage } from '../../src/mail/types.ts';
import type { ListRecord, NewMessage, WriteTransaction } from '../../src/store/store.ts';
import { repoRoot } from '../helpers.ts';

export const samplePath = join(repoRoot, 'examples/fedora-devel-2010-01.mbox.gz');

/** One message ready to write: the bytes as read, their content key and what prepare made of them. */
export interface MailItem {
  raw: RawMessage;
  key: Buffer;
  prepared: PreparedMessage;
}

/** What a write put where: enough to know the answer of every read. */
export interface Placement {
  item: MailItem;
  storedId: number;
  listId: number;
  seq: number;
  day: string;
  n: number;
}

// Every message has an mbox date, so nothing falls back to the clock; fixed anyway.
const ARCHIVED_AT = new Date('2010-02-01T00:00:00Z');

let sample: Promise<MailItem[]> | null = null;

/** The sample mailbox's 292 messages in mbox order, parsed once per process. */
export function sampleMail(): Promise<MailItem[]> {
  sample ??= (async () => {
    const items: MailItem[] = [];
    for await (const raw of openSource(samplePath)) items.push(await mailItem(raw));
    return items;
  })();
  return sample;
}

export async function mailItem(raw: RawMessage): Promise<MailItem> {
  return { raw, key: contentKey(raw.bytes), prepared: await prepareMessage(raw.bytes) };
}

/** A small message with the headers given, delivered (mbox date) at `delivered`. */
export function composedMail(headers: {
  messageId: string;
  delivered: Date;
  subject?: string;
  inReplyTo?: string;
  body?: string;
}): Promise<MailItem> {
  const lines = [
    'From: Ann Example <ann@example.org>',
    'To: devel@example.org',
    `Subject: ${headers.subject ?? `About ${headers.messageId}`}`,
    `Date: ${headers.delivered.toUTCString()}`,
    `Message-ID: <${headers.messageId}>`,
  ];
  if (headers.inReplyTo) lines.push(`In-Reply-To: <${headers.inReplyTo}>`);
  const text = `${lines.join('\n')}\n\n${headers.body ?? `Body of ${headers.messageId}.`}\n`;
  return mailItem({
    bytes: Buffer.from(text),
    envelopeDate: headers.delivered,
    origin: headers.messageId,
    sourceOffset: 0,
  });
}

/** The message as insertMessage takes it. */
export function newMessage(item: MailItem): NewMessage {
  const { raw, key, prepared } = item;
  return {
    contentKey: key,
    raw: prepared.compressed,
    rawSize: raw.bytes.byteLength,
    codec: prepared.codec,
    envelopeDate: raw.envelopeDate,
    fields: prepared.fields,
    excerpt: prepared.excerpt,
  };
}

/** Archives one message in a list as an import does; null when the list holds it already. */
export async function archiveMessage(
  tx: WriteTransaction,
  list: ListRecord,
  item: MailItem,
): Promise<Placement | null> {
  const { raw, prepared } = item;
  const { fields } = prepared;
  const storedId = (await tx.findStored(item.key)) ?? (await tx.insertMessage(newMessage(item)));
  if (await tx.inList(list.id, storedId)) return null;
  const container = await threadMessage(tx.containers(list.id), fields);
  const instant = deliveryDate(
    { envelopeDate: raw.envelopeDate, receivedDate: fields.receivedDate, date: fields.date },
    ARCHIVED_AT,
  );
  const day = dayInZone(instant, list.timeZone);
  const search = { document: prepared.search, date: fields.date ?? fields.receivedDate ?? raw.envelopeDate };
  const { seq, n } = await tx.addEntry(
    { listId: list.id, storedId, day, messageId: fields.messageId, threadId: container.threadId },
    search,
  );
  return { item, storedId, listId: list.id, seq, day, n };
}

/** Archives messages in one write transaction, in order; the placements of those that were new. */
export async function archiveAll(
  store: { write: <T>(work: (tx: WriteTransaction) => Promise<T>) => Promise<T> },
  list: ListRecord,
  items: MailItem[],
): Promise<Placement[]> {
  return store.write(async (tx) => {
    const placed: Placement[] = [];
    for (const item of items) {
      const placement = await archiveMessage(tx, list, item);
      if (placement) placed.push(placement);
    }
    return placed;
  });
}
