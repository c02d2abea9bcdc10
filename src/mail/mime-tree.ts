// The MIME tree of a message, walked in document order without recursion.
//
// postal-mime builds the tree; its own body assembly is skipped. Its public result gives no way
// to know a text part's charset or to number parts, so this module reads the parser's internal
// tree (`root`, MimeNode: childNodes, contentType, contentDisposition, content). That shape is
// declared below and checked at run time; postal-mime is pinned to 4.0.x for it, and the tests
// on the corpora fail loudly if an upgrade changes it.
//
// Both the body assembly (parse.ts) and attachment download (attachment.ts) walk with
// walkMessage, so attachment K of `/N/K` means the same part in both.

import PostalMime from 'postal-mime';
import { MAX_EMBEDDED_MESSAGE_DEPTH, MAX_HEADER_BYTES, MAX_MIME_DEPTH, MAX_PARSE_BYTES } from '../limits.ts';
import { decodeEncodedWords } from './encoded-words.ts';
import { cleanHeaderText, type HeaderBlock, scanHeaders } from './headers.ts';
import { speedUpPassThrough, TEXT_ONLY } from './postal-mime-speedup.ts';

interface StructuredHeader {
  value: string;
  params: Record<string, string>;
}

/** The part of postal-mime 4.0's MimeNode this module relies on. */
export interface MimeNode {
  childNodes: MimeNode[];
  contentType: { parsed: StructuredHeader; multipart: string | false };
  contentDisposition: { parsed: StructuredHeader };
  /** Transfer-decoded body bytes; for a multipart its preamble and epilogue. */
  content: ArrayBuffer | null;
  /** The part's headers, names lower-cased, values unfolded. */
  headers?: { key: string; value: string }[];
  decodeFlowedText(text: string, delSp: boolean): string;
}

interface PostalMimeInternals {
  [TEXT_ONLY]?: boolean;
  root?: MimeNode;
  collectNode?: unknown;
  buildMessage?: unknown;
  parse(input: Uint8Array): Promise<unknown>;
}

/** Where a part sits inside the outermost multipart/alternative around it. */
export interface AlternativeSlot {
  group: MimeNode;
  /** Index of the alternative's child that holds the part. */
  branch: number;
}

export interface LeafPart {
  kind: 'part';
  node: MimeNode;
  /** Lower-cased `type/subtype`. */
  contentType: string;
  charset: string | null;
  /** Lower-cased Content-Disposition value, '' when absent. */
  disposition: string;
  /** Decoded file name, null when the part has none (only named parts are attachments). */
  filename: string | null;
  alternative: AlternativeSlot | null;
  /** 0 for the message itself, n inside n levels of message/rfc822. */
  embedDepth: number;
  /** Which message the part belongs to: 0 the message itself, then embedded messages in order. */
  scope: number;
}

export interface EmbeddedMessage {
  kind: 'message';
  /** Header block of the embedded message (scanned from its bytes). */
  headers: HeaderBlock;
  bytes: Uint8Array;
  alternative: AlternativeSlot | null;
  embedDepth: number;
  /** Scope number of the embedded message's own parts (see LeafPart.scope). */
  scope: number;
  /** Set when the embedded message could not be parsed; its parts are then not walked. */
  error: string | null;
}

/** A limit stopped the walk from going deeper; the caller flags `truncated`. */
export interface WalkLimit {
  kind: 'limit';
  reason: string;
}

export type WalkEvent = LeafPart | EmbeddedMessage | WalkLimit;

/** postal-mime rejected the message (nesting or header limits): only the raw bytes are usable. */
export class UnparseableError extends Error {}

/** What a walk needs from the parts. */
export interface WalkOptions {
  /**
   * Leave binary parts (application, image, audio, video, font, model) undecoded: their `content`
   * is empty. For callers that read only text, such as pages.
   */
  textOnly?: boolean;
}

/** Parses bytes into postal-mime's tree. Throws UnparseableError when postal-mime gives up. */
async function parseTree(bytes: Uint8Array, options: WalkOptions): Promise<MimeNode> {
  const parser = new PostalMime({
    maxNestingDepth: MAX_MIME_DEPTH,
    maxHeadersSize: MAX_HEADER_BYTES,
    // embedded messages are parsed here, one level at a time, so that they stay in the walk
    forceRfc822Attachments: true,
  }) as unknown as PostalMimeInternals;
  // postal-mime's body assembly decodes every text part and its result builder parses every
  // address header; headers.ts and body.ts do both again with better charset handling, so theirs
  // are switched off (they fill only fields this module does not read). The builder alone took
  // 400 ms on mimekit's stack-overflow.txt (a 130 KB To: of encoded words).
  if (typeof parser.collectNode === 'function') parser.collectNode = async () => {};
  if (typeof parser.buildMessage === 'function') parser.buildMessage = () => ({ attachments: [] });
  parser[TEXT_ONLY] = options.textOnly === true;
  speedUpPassThrough(parser.root);
  try {
    await parser.parse(bytes);
  } catch (error) {
    throw new UnparseableError(error instanceof Error ? error.message : String(error));
  }
  const root = parser.root;
  if (!root || !Array.isArray(root.childNodes) || !root.contentType?.parsed) {
    throw new Error('postal-mime internals changed: no MIME tree on the parser (listarchive needs 4.0.x)');
  }
  return root;
}

/**
 * The name a part is downloaded under: Content-Disposition filename, else Content-Type name,
 * else, for a non-text part, the last segment of its Content-Location (Apple Mail names inline
 * images only that way: ruby-mail-fixtures attachment_content_location.eml).
 */
function partFilename(node: MimeNode): string | null {
  let raw: string | undefined =
    node.contentDisposition.parsed.params.filename || node.contentType.parsed.params.name;
  if (!raw && !node.contentType.parsed.value.startsWith('text/')) {
    const location = node.headers?.find((header) => header.key === 'content-location')?.value;
    raw = location
      ?.replace(/[?#].*$/, '')
      .split('/')
      .pop()
      ?.trim();
  }
  if (!raw) return null;
  const name = cleanHeaderText(decodeEncodedWords(raw));
  return name || null;
}

function leaf(
  node: MimeNode,
  alternative: AlternativeSlot | null,
  embedDepth: number,
  scope: number,
): LeafPart {
  const params = node.contentType.parsed.params;
  return {
    kind: 'part',
    node,
    contentType: node.contentType.parsed.value || 'text/plain',
    charset: params.charset || null,
    disposition: node.contentDisposition.parsed.value || '',
    filename: partFilename(node),
    alternative,
    embedDepth,
    scope,
  };
}

/** Parts that hold a whole message, shown inline (message/global is RFC 6532's UTF-8 variant). */
const EMBEDDED_TYPES = new Set(['message/rfc822', 'message/global']);

/** Message bytes the parser looks at: everything up to MAX_PARSE_BYTES. */
export function parseWindow(bytes: Uint8Array): { bytes: Uint8Array; truncated: boolean } {
  if (bytes.length <= MAX_PARSE_BYTES) return { bytes, truncated: false };
  return { bytes: bytes.subarray(0, MAX_PARSE_BYTES), truncated: true };
}

interface FramePosition {
  alternative: AlternativeSlot | null;
  embedDepth: number;
  scope: number;
}
type Frame = (FramePosition & { node: MimeNode }) | (FramePosition & { embedded: Uint8Array });

/**
 * Walks every leaf part of a message in document order, descending into message/rfc822 parts
 * (which are reported both as a part, so a named one is downloadable, and as an embedded message
 * followed by its own parts). Throws UnparseableError when the top level cannot be parsed.
 */
export async function* walkMessage(bytes: Uint8Array, options: WalkOptions = {}): AsyncGenerator<WalkEvent> {
  const window = parseWindow(bytes);
  if (window.truncated) {
    yield {
      kind: 'limit',
      reason: `message larger than ${MAX_PARSE_BYTES} bytes: only the first part was parsed`,
    };
  }
  const stack: Frame[] = [
    { node: await parseTree(window.bytes, options), alternative: null, embedDepth: 0, scope: 0 },
  ];
  let scopes = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('embedded' in frame) {
      const headers = scanHeaders(frame.embedded);
      let root: MimeNode | null = null;
      let error: string | null = null;
      try {
        root = await parseTree(frame.embedded, options);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      const { alternative, embedDepth, scope } = frame;
      yield { kind: 'message', headers, bytes: frame.embedded, alternative, embedDepth, scope, error };
      if (root) stack.push({ node: root, alternative, embedDepth, scope });
      continue;
    }
    const { node, alternative, embedDepth, scope } = frame;
    if (node.contentType.multipart && node.childNodes.length === 0) {
      // a multipart whose boundary never occurs (or is missing): its whole body is in the
      // preamble, which is better shown as text than lost
      if (node.content && node.content.byteLength > 0) {
        yield { ...leaf(node, alternative, embedDepth, scope), contentType: 'text/plain', filename: null };
      }
      continue;
    }
    if (node.contentType.multipart) {
      const isAlternative = node.contentType.multipart === 'alternative' && alternative === null;
      for (let i = node.childNodes.length - 1; i >= 0; i--) {
        const slot = isAlternative ? { group: node, branch: i } : alternative;
        stack.push({ node: node.childNodes[i], alternative: slot, embedDepth, scope });
      }
      continue;
    }
    const part = leaf(node, alternative, embedDepth, scope);
    yield part;
    if (EMBEDDED_TYPES.has(part.contentType) && node.content && node.content.byteLength > 0) {
      if (embedDepth >= MAX_EMBEDDED_MESSAGE_DEPTH) {
        yield {
          kind: 'limit',
          reason: `message/rfc822 nested deeper than ${MAX_EMBEDDED_MESSAGE_DEPTH} levels left as a part`,
        };
      } else {
        stack.push({
          embedded: new Uint8Array(node.content),
          alternative,
          embedDepth: embedDepth + 1,
          scope: ++scopes,
        });
      }
    }
  }
}
