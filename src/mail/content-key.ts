// The identity of a message for de-duplication: its bytes with the transport headers left out.
// The same post delivered twice (another Received: chain, another Delivered-To) gets the same key;
// the same Message-ID with other content does not, so both are kept.

import { createHash } from 'node:crypto';

/** Headers added in transit by each hop; they say nothing about the message itself. */
const TRANSPORT_HEADERS = new Set([
  'received',
  'x-received',
  'return-path',
  'delivered-to',
  'x-original-to',
  'envelope-to',
  'x-envelope-from',
  'x-envelope-to',
  'received-spf',
  'authentication-results',
  'arc-seal',
  'arc-message-signature',
  'arc-authentication-results',
  'x-spam-status',
  'x-spam-score',
  'x-spam-level',
  'x-spam-checker-version',
  'x-virus-scanned',
  'x-greylist',
  'status',
  'x-status',
  'x-keywords',
  'x-uid',
  'content-length',
  'lines',
]);

const LF = 0x0a;
const CR = 0x0d;

/** sha256 over the header block without transport headers, then the body; CRLF read as LF. */
export function contentKey(bytes: Uint8Array): Buffer {
  const hash = createHash('sha256');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let keep = true;
  // Walk header lines until the blank line; folded lines follow the fate of their header.
  while (pos < buf.length) {
    let end = buf.indexOf(LF, pos);
    if (end < 0) end = buf.length;
    let lineEnd = end;
    if (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--;
    if (lineEnd === pos) {
      pos = end + 1;
      hash.update('\n');
      break;
    }
    const first = buf[pos];
    if (first !== 0x20 && first !== 0x09) {
      const colon = buf.indexOf(0x3a, pos);
      const name =
        colon > pos && colon < lineEnd ? buf.toString('latin1', pos, colon).trim().toLowerCase() : '';
      keep = !TRANSPORT_HEADERS.has(name);
    }
    if (keep) {
      hash.update(buf.subarray(pos, lineEnd));
      hash.update('\n');
    }
    pos = end + 1;
  }
  hashBodyAsLf(hash, buf.subarray(Math.min(pos, buf.length)));
  return hash.digest();
}

function hashBodyAsLf(hash: ReturnType<typeof createHash>, body: Buffer): void {
  let start = 0;
  for (let cr = body.indexOf('\r\n', 0); cr >= 0; cr = body.indexOf('\r\n', start)) {
    hash.update(body.subarray(start, cr));
    start = cr + 1;
  }
  hash.update(body.subarray(start));
}
