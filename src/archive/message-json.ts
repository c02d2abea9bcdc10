// The JSON shape of a message, shared by `show --json`, `export --jsonl` and the web API.

import type { EntryRecord } from '../store/store.ts';

export function messageJson(entry: EntryRecord, text?: string) {
  return {
    list: entry.list,
    messageId: entry.messageId,
    day: entry.day,
    n: entry.n,
    date: entry.date ? entry.date.toISOString() : null,
    subject: entry.subject,
    from: entry.from,
    to: entry.to,
    cc: entry.cc,
    inReplyTo: entry.inReplyTo,
    references: entry.references,
    threadId: entry.threadId,
    parentId: entry.parentId,
    ...(text === undefined ? {} : { text }),
    attachments: entry.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
    })),
    flags: entry.flags,
  };
}
