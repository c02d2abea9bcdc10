// A ParsedMessage with every field empty, for tests that need one with a few fields set.

import type { ParsedMessage } from '../src/mail/types.ts';

export function parsedMessage(fields: Partial<ParsedMessage> = {}): ParsedMessage {
  return {
    messageId: 'm@example.com',
    subject: '',
    from: null,
    to: [],
    cc: [],
    date: null,
    receivedDate: null,
    inReplyTo: null,
    references: [],
    text: '',
    html: null,
    attachments: [],
    flags: [],
    problems: [],
    ...fields,
  };
}
