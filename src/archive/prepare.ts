// Turning one raw message into what the store writes: decoded fields and compressed bytes.
// Runs in parse workers during bulk import and inline for single deliveries.

import { parseMessage } from '../mail/parse.ts';
import type { ParsedMessage } from '../mail/types.ts';
import { searchRows } from '../search/document.ts';
import { compressRaw } from '../store/compression.ts';
import type { MessageFields, SearchDocument } from '../store/store.ts';

export interface PreparedMessage {
  fields: MessageFields;
  /** The message's full-text index row, built here so that it happens in the parse workers. */
  search: SearchDocument;
  /** The start of the text: what result snippets are cut from (document.ts). */
  excerpt: string;
  compressed: Buffer;
  codec: number;
}

export function fieldsOf(parsed: ParsedMessage): MessageFields {
  return {
    messageId: parsed.messageId,
    subject: parsed.subject,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    date: parsed.date,
    receivedDate: parsed.receivedDate,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    attachments: parsed.attachments,
    flags: parsed.flags,
    problems: parsed.problems,
  };
}

export async function prepareMessage(bytes: Uint8Array): Promise<PreparedMessage> {
  const parsed = await parseMessage(bytes);
  const { data, codec } = compressRaw(bytes);
  const { document, excerpt } = searchRows(parsed);
  return {
    fields: fieldsOf(parsed),
    search: document,
    excerpt,
    compressed: data,
    codec,
  };
}
