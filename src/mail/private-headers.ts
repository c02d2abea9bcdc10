// Headers that must not be published although the archive keeps them: Mailman's `Approved:` (and
// its older `Approve:`) carries the list moderator password when a post is approved by header.
// public-inbox drops them at import; we keep every stored byte and leave them out when serving.

const PRIVATE = /^(approved|approve)[ \t]*:/i;

/** The message with private headers (and their folded lines) removed from its header block. */
export function withoutPrivateHeaders(bytes: Uint8Array): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cut: [number, number][] = [];
  let pos = 0;
  let dropping = false;
  while (pos < buf.length) {
    let end = buf.indexOf(0x0a, pos);
    end = end < 0 ? buf.length : end + 1;
    const first = buf[pos];
    if (first === 0x0a || (first === 0x0d && buf[pos + 1] === 0x0a)) break; // end of the header block
    if (first === 0x20 || first === 0x09) {
      if (dropping) cut[cut.length - 1][1] = end;
    } else {
      dropping = PRIVATE.test(buf.toString('latin1', pos, Math.min(end, pos + 16)));
      if (dropping) cut.push([pos, end]);
    }
    pos = end;
  }
  if (cut.length === 0) return buf;
  const parts: Buffer[] = [];
  let from = 0;
  for (const [start, end] of cut) {
    parts.push(buf.subarray(from, start));
    from = end;
  }
  parts.push(buf.subarray(from));
  return Buffer.concat(parts);
}
