// A faster body collector for postal-mime 4.0's 7bit/8bit/binary parts (same bytes out).
//
// postal-mime's PassThroughDecoder keeps two Blob parts per body line (the line and a '\n'
// string) and turns them into an ArrayBuffer through `new Blob(...).arrayBuffer()`. On the
// openbmc corpus that Blob round trip was a third of the whole parse time (profile of
// bench/parse-speed.ts: node:internal/blob readNext/getSource/createBlob on top); collecting the
// line views and copying them once is 2–3× faster end to end. Base64 and quoted-printable
// parts keep postal-mime's decoders (they already buffer in 100 KB chunks).
//
// Parsers marked with TEXT_ONLY also skip the bodies of binary parts (a page shows only the text;
// decoding a 2.6 MB base64 PDF was a third of the time to draw its message page).
//
// The hook is MimeNode.prototype.setupContentDecoder, reached through a parser's root node (the
// class is not exported). If the shape is not what 4.0 has, nothing is patched and postal-mime
// runs unchanged.

interface ContentDecoder {
  update(line: Uint8Array): void;
  finalize(): Promise<ArrayBuffer>;
}

interface MimeNodePrototype {
  setupContentDecoder(transferEncoding: string): void;
}

/** Same output as postal-mime's PassThroughDecoder: every line followed by '\n'. */
class LineCollector implements ContentDecoder {
  private lines: Uint8Array[] = [];
  private size = 0;

  update(line: Uint8Array): void {
    // the line is a view into the parser's copy of the message, which outlives this part
    this.lines.push(line);
    this.size += line.length + 1;
  }

  finalize(): Promise<ArrayBuffer> {
    const out = new Uint8Array(this.size);
    let pos = 0;
    for (const line of this.lines) {
      out.set(line, pos);
      pos += line.length;
      out[pos++] = 0x0a;
    }
    this.lines = [];
    return Promise.resolve(out.buffer);
  }
}

/** Takes a binary part's body lines and keeps nothing. */
class Discard implements ContentDecoder {
  update(): void {}

  finalize(): Promise<ArrayBuffer> {
    return Promise.resolve(new ArrayBuffer(0));
  }
}

/** Set to true on a PostalMime instance whose caller reads only text and embedded messages. */
export const TEXT_ONLY = Symbol('text only');

/** Major types never shown as text; text/*, message/* and multipart/* parts are always decoded. */
const BINARY_TYPE = /^(?:application|image|audio|video|font|model)\//i;

interface NodeShape {
  contentDecoder: ContentDecoder | null;
  postalMime?: { [TEXT_ONLY]?: boolean };
  contentType?: { parsed?: { value?: string } };
}

const patched = new WeakSet<object>();

/**
 * Installs LineCollector for non-encoded parts, and Discard for binary parts of TEXT_ONLY parsers,
 * on the MimeNode class behind `rootNode` (once).
 */
export function speedUpPassThrough(rootNode: unknown): void {
  if (!rootNode || typeof rootNode !== 'object') return;
  const proto = Object.getPrototypeOf(rootNode) as Partial<MimeNodePrototype> | null;
  if (!proto || patched.has(proto) || typeof proto.setupContentDecoder !== 'function') return;
  const original = proto.setupContentDecoder;
  // the same tests postal-mime 4.0 uses to pick its base64 and quoted-printable decoders
  proto.setupContentDecoder = function (this: NodeShape, encoding: string) {
    original.call(this, encoding);
    if (this.postalMime?.[TEXT_ONLY] && BINARY_TYPE.test(this.contentType?.parsed?.value ?? ''))
      this.contentDecoder = new Discard();
    else if (!/base64/i.test(encoding) && !/quoted-printable/i.test(encoding))
      this.contentDecoder = new LineCollector();
  };
  patched.add(proto);
}
