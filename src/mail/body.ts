// The readable body of a message from its MIME walk: text, HTML and the attachment list.
//
// Text, as a reader expects it:
//   - every inline text/plain part, in order (a Mailman footer is a second text/plain part);
//     git-style inline patches sent as text/x-patch or text/x-diff with `Content-Disposition:
//     inline` count as text too, as lore shows them;
//   - in a multipart/alternative, the first branch that has plain text; the HTML of the last
//     branch that has HTML goes to `html`;
//   - a message (or embedded message) with no plain text at all gets its HTML rendered as text;
//   - an embedded message/rfc822 appears where it sits: a From/Date/Subject block, then its body.
// Attachments are the parts with a file name, numbered from 1 in walk order (see mime-tree.ts).

import { decodeText, isKnownCharset } from './charsets.ts';
import type { UnknownCharsetReporter } from './encoded-words.ts';
import { charsetParam, decodeUnstructured, headerValue } from './headers.ts';
import { htmlToText } from './html-text.ts';
import {
  type AlternativeSlot,
  type EmbeddedMessage,
  type LeafPart,
  type WalkOptions,
  walkMessage,
} from './mime-tree.ts';
import type { AttachmentInfo } from './types.ts';

export interface Body {
  text: string;
  html: string | null;
  attachments: AttachmentInfo[];
  /** Reasons a limit cut the walk short (the caller flags `truncated`). */
  limits: string[];
}

interface Entry {
  kind: 'plain' | 'html' | 'header';
  text: string;
  alternative: AlternativeSlot | null;
  scope: number;
}

const INLINE_PATCH_TYPES = new Set(['text/x-patch', 'text/x-diff']);

function isBodyText(part: LeafPart): 'plain' | 'html' | null {
  if (part.disposition === 'attachment') return null;
  if (part.contentType === 'text/plain') return 'plain';
  if (part.contentType === 'text/html') return 'html';
  if (INLINE_PATCH_TYPES.has(part.contentType) && part.disposition === 'inline') return 'plain';
  return null;
}

function partText(part: LeafPart, report: UnknownCharsetReporter): string {
  const content = part.node.content;
  if (!content || content.byteLength === 0) return '';
  if (!isKnownCharset(part.charset)) report(part.charset ?? '');
  let text = decodeText(new Uint8Array(content), part.charset);
  const params = part.node.contentType.parsed.params;
  if (/^flowed$/i.test(params.format ?? '') && typeof part.node.decodeFlowedText === 'function') {
    text = part.node.decodeFlowedText(text, /^yes$/i.test(params.delsp ?? ''));
  }
  return text.replace(/\r\n?/g, '\n');
}

/** The short header block shown above an embedded message's body. */
function embeddedHeader(message: EmbeddedMessage, report: UnknownCharsetReporter): string {
  const fields = message.headers.fields;
  const hint = charsetParam(headerValue(fields, 'content-type'));
  const lines: string[] = [];
  for (const [name, label] of [
    ['from', 'From'],
    ['date', 'Date'],
    ['subject', 'Subject'],
  ]) {
    const value = headerValue(fields, name);
    if (value !== undefined) lines.push(`${label}: ${decodeUnstructured(value, hint, report)}`);
  }
  if (message.error) {
    const body = message.bytes.subarray(Math.min(message.headers.bodyOffset, message.bytes.length));
    lines.push('', `[embedded message not parsed: ${message.error}]`, '', decodeText(body, hint));
  }
  return lines.join('\n');
}

/** Assembles text and HTML from the entries (see the rules at the top of this file). */
function assemble(entries: Entry[]): { text: string; html: string | null } {
  const scopesWithPlain = new Set<number>();
  for (const entry of entries)
    if (entry.kind === 'plain' && entry.text.trim()) scopesWithPlain.add(entry.scope);
  const text: string[] = [];
  const html: string[] = [];
  for (let i = 0; i < entries.length; ) {
    const entry = entries[i];
    const group = entry.alternative?.group;
    if (!group) {
      if (entry.kind === 'html') {
        html.push(entry.text);
        if (!scopesWithPlain.has(entry.scope)) text.push(htmlToText(entry.text));
      } else {
        text.push(entry.text);
      }
      i++;
      continue;
    }
    let end = i;
    while (end < entries.length && entries[end].alternative?.group === group) end++;
    const members = entries.slice(i, end);
    i = end;
    const plainBranch = members.find((m) => m.kind === 'plain' && m.text.trim())?.alternative?.branch;
    const htmlBranch = members.findLast((m) => m.kind === 'html')?.alternative?.branch;
    for (const member of members) {
      const branch = member.alternative?.branch;
      if (member.kind === 'html' && branch === htmlBranch) html.push(member.text);
      if (plainBranch !== undefined) {
        if (branch === plainBranch && member.kind !== 'html') text.push(member.text);
      } else if (branch === htmlBranch) {
        text.push(member.kind === 'html' ? htmlToText(member.text) : member.text);
      }
    }
  }
  const pieces = text.map((piece) => piece.trimEnd()).filter((piece) => piece !== '');
  return { text: pieces.join('\n\n'), html: html.length > 0 ? html.join('\n') : null };
}

/**
 * Walks the message and builds its body. Throws mime-tree's UnparseableError when postal-mime
 * rejects the message; unknown charsets are passed to `report`.
 */
export async function readBody(
  bytes: Uint8Array,
  report: UnknownCharsetReporter,
  options: WalkOptions = {},
): Promise<Body> {
  const entries: Entry[] = [];
  const attachments: AttachmentInfo[] = [];
  const limits: string[] = [];
  for await (const event of walkMessage(bytes, options)) {
    if (event.kind === 'limit') {
      limits.push(event.reason);
      continue;
    }
    if (event.kind === 'message') {
      const text = embeddedHeader(event, report);
      entries.push({ kind: 'header', text, alternative: event.alternative, scope: event.scope });
      continue;
    }
    // textOnly leaves binary parts empty: their sizes would be wrong, so none are listed
    if (event.filename !== null && !options.textOnly) {
      attachments.push({
        index: attachments.length + 1,
        filename: event.filename,
        contentType: event.contentType,
        size: event.node.content?.byteLength ?? 0,
      });
    }
    const kind = isBodyText(event);
    if (kind) {
      entries.push({
        kind,
        text: partText(event, report),
        alternative: event.alternative,
        scope: event.scope,
      });
    }
  }
  return { ...assemble(entries), attachments, limits };
}
