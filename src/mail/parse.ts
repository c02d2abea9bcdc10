// bytes → ParsedMessage. Never throws: whatever the bytes, the archive gets a record, with flags
// and problems saying what could not be read.
//
// Headers come from a plain scan of the bytes (headers.ts), the body from postal-mime's MIME
// tree (body.ts). When postal-mime rejects a message (nesting or header limits) the record is
// flagged `unparseable`, keeps the scanned headers, and its text is the raw body.

import { parseAddressHeaders } from './addresses.ts';
import { type Body, readBody } from './body.ts';
import { decodeText } from './charsets.ts';
import { newestReceivedDate, parseMailDate } from './dates.ts';
import {
  byteStringToText,
  charsetParam,
  decodeUnstructured,
  type HeaderField,
  headerValue,
  headerValues,
  scanHeaders,
} from './headers.ts';
import { extractMessageIds, normalizeMessageId, syntheticMessageId } from './message-id.ts';
import { parseWindow, type WalkOptions } from './mime-tree.ts';
import type { Address, MessageFlag, ParsedMessage } from './types.ts';

/** What the header block alone says about a message. */
type Envelope = Omit<ParsedMessage, 'text' | 'html' | 'attachments' | 'flags' | 'problems'>;

class Findings {
  readonly flags = new Set<MessageFlag>();
  readonly problems: string[] = [];
  private readonly unknownCharsets = new Set<string>();

  add(flag: MessageFlag, problem: string): void {
    this.flags.add(flag);
    if (!this.problems.includes(problem)) this.problems.push(problem);
  }

  /** Reporter for charsets.ts/encoded-words.ts: one problem line per unknown label. */
  readonly unknownCharset = (charset: string): void => {
    const label = charset || '(empty)';
    if (this.unknownCharsets.has(label)) return;
    this.unknownCharsets.add(label);
    this.add(
      'undecoded-charset',
      `unknown charset "${label.slice(0, 60)}": decoded as UTF-8 or windows-1252`,
    );
  };
}

function readEnvelope(fields: HeaderField[], bytes: Uint8Array, findings: Findings): Envelope {
  const hint = charsetParam(headerValue(fields, 'content-type'));
  const report = findings.unknownCharset;
  const addresses = (name: string): Address[] =>
    parseAddressHeaders(
      headerValues(fields, name).map((value) => byteStringToText(value, hint)),
      report,
    );
  const from = addresses('from')[0] ?? null;
  const to = addresses('to');
  const cc = addresses('cc');

  const rawId = headerValue(fields, 'message-id');
  let messageId = normalizeMessageId(rawId);
  if (!messageId) {
    messageId = syntheticMessageId(bytes);
    findings.add(
      'no-message-id',
      rawId?.trim()
        ? `unusable Message-ID "${rawId.slice(0, 80)}": id derived from content`
        : 'no Message-ID: id derived from content',
    );
  }

  const rawDate = headerValue(fields, 'date');
  const date = rawDate === undefined ? null : parseMailDate(rawDate);
  if (rawDate !== undefined && !date) findings.add('bad-date', `unusable Date "${rawDate.slice(0, 80)}"`);

  // an id equal to one of the message's own addresses is an address someone bracketed
  const own = [from, ...to, ...cc].flatMap((address) => (address?.address ? [address.address] : []));
  const notSelf = (id: string): boolean => id !== messageId;
  const inReplyTo =
    extractMessageIds(headerValues(fields, 'in-reply-to').join(' '), own).filter(notSelf)[0] ?? null;
  const references = extractMessageIds(headerValues(fields, 'references').join(' '), own).filter(notSelf);

  return {
    messageId,
    subject: decodeUnstructured(headerValue(fields, 'subject') ?? '', hint, report),
    from,
    to,
    cc,
    date,
    receivedDate: newestReceivedDate(fields),
    inReplyTo,
    references,
  };
}

/** The body of a message postal-mime rejected: its raw text after the header block. */
function rawBody(bytes: Uint8Array, bodyOffset: number, fields: HeaderField[]): Body {
  const body = bytes.subarray(Math.min(bodyOffset, bytes.length));
  const text = decodeText(body, charsetParam(headerValue(fields, 'content-type'))).replace(/\r\n?/g, '\n');
  return { text: text.trimEnd(), html: null, attachments: [], limits: [] };
}

/**
 * Parses one message. Never throws; see ParsedMessage for what each field holds. With `textOnly`,
 * binary parts are not decoded and no attachments are listed (what a page needs).
 */
export async function parseMessage(bytes: Uint8Array, options: WalkOptions = {}): Promise<ParsedMessage> {
  const findings = new Findings();
  const window = parseWindow(bytes);
  const head = scanHeaders(window.bytes);
  if (head.truncated)
    findings.add('truncated', 'header block larger than the scan limit: the rest was ignored');

  let envelope: Envelope;
  try {
    envelope = readEnvelope(head.fields, bytes, findings);
  } catch (error) {
    // every step above is meant not to throw; if one does, the message still gets a record
    findings.add('unparseable', `header decoding failed: ${String(error)}`);
    envelope = {
      messageId: syntheticMessageId(bytes),
      subject: '',
      from: null,
      to: [],
      cc: [],
      date: null,
      receivedDate: null,
      inReplyTo: null,
      references: [],
    };
  }

  let body: Body;
  try {
    body = await readBody(bytes, findings.unknownCharset, options);
  } catch (error) {
    findings.add(
      'unparseable',
      `MIME parse failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    body = rawBody(window.bytes, head.bodyOffset, head.fields);
  }
  for (const reason of body.limits) findings.add('truncated', reason);

  return {
    ...envelope,
    text: body.text,
    html: body.html,
    attachments: body.attachments,
    flags: [...findings.flags],
    problems: findings.problems,
  };
}
