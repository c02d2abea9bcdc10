// One attachment of a message, for `/<list>/YYYY/MM/DD/N/K`. Walks the parts exactly as
// parseMessage does (mime-tree.ts), so K here is `attachments[K-1].index` there.

import { walkMessage } from './mime-tree.ts';

export interface AttachmentContent {
  filename: string;
  /** Lower-cased `type/subtype` as declared by the part. */
  contentType: string;
  /** Declared charset of the part, for serving text attachments; null when none. */
  charset: string | null;
  /** Transfer-decoded bytes. */
  content: Uint8Array;
}

/** The k-th part with a file name (1-based), or null when there is none or the message cannot be parsed. */
export async function extractAttachment(bytes: Uint8Array, k: number): Promise<AttachmentContent | null> {
  if (!Number.isInteger(k) || k < 1) return null;
  let seen = 0;
  try {
    for await (const event of walkMessage(bytes)) {
      if (event.kind !== 'part' || event.filename === null) continue;
      seen++;
      if (seen === k) {
        const content = event.node.content ? new Uint8Array(event.node.content) : new Uint8Array(0);
        return { filename: event.filename, contentType: event.contentType, charset: event.charset, content };
      }
    }
  } catch {
    // parseMessage lists no attachments for a message postal-mime rejects
  }
  return null;
}
