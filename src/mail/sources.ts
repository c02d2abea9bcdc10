// Where messages come from: one entry point for every reader. Whatever the source — an mbox (plain,
// gzip or zstd), a Maildir tree, a folder of .eml files, one .eml, or stdin — the caller gets the same
// async iterable of RawMessage and cannot tell which reader produced it.
//
// Auto-detection (`format: 'auto'`, the default):
//   - `-`: stdin. An mbox when it starts with `From ` (after a BOM and blank lines), else one message.
//   - a directory: a Maildir / mail folder tree (maildir.ts has the walk and its rules).
//   - a file: decompressed when its magic bytes say gzip or zstd; then an mbox when it starts with
//     `From `, one message when it starts with an RFC 5322 header block, else a SourceError.
// A forced format skips detection: `mbox` splits whatever the file holds (and fails if it does not
// start with `From `), `eml` takes the whole file as one message (a leading `From ` line is its
// envelope: dropped, its date kept — what an MTA piping one message with an envelope line wants),
// `maildir` insists on a directory.

import { stat } from 'node:fs/promises';
import { type ByteInput, openFileInput, openStreamInput } from './byte-input.ts';
import { mailTreeSize, readMailTree } from './maildir.ts';
import { NotMboxError, splitMbox } from './mbox.ts';
import { looksLikeMbox, looksLikeMessage, stripEnvelope } from './sniff.ts';
import { SourceError, sourceErrorFrom } from './source-error.ts';
import type { RawMessage } from './types.ts';

export { SourceError } from './source-error.ts';

export type SourceFormat = 'auto' | 'mbox' | 'maildir' | 'eml';

export interface SourceOptions {
  format?: SourceFormat;
  /** What `-` reads; process.stdin unless a test or a caller passes another stream. */
  stdin?: AsyncIterable<Uint8Array>;
}

const NOT_MAILBOX = 'not a mailbox (no "From " line and no header block)';

/** The messages of `path` (`-` for stdin), in source order. Errors surface on the first iteration. */
export async function* openSource(path: string, options: SourceOptions = {}): AsyncGenerator<RawMessage> {
  const format = options.format ?? 'auto';
  if (path === '-') {
    yield* readStdin(options.stdin ?? process.stdin, format);
    return;
  }
  const info = await stat(path).catch((error) => {
    throw sourceErrorFrom(error, path);
  });
  if (info.isDirectory()) {
    if (format === 'mbox') throw new SourceError(`${path}: is a directory, not an mbox file`);
    yield* readMailTree(path);
    return;
  }
  if (format === 'maildir')
    throw new SourceError(`${path}: not a directory (a Maildir is a folder with cur/ and new/)`);
  // A FIFO is read like a file: `listarchive import <(xzcat list.mbox.xz)` passes /dev/fd/63.
  if (!info.isFile() && !info.isFIFO()) throw new SourceError(`${path}: not a regular file`);
  const input = await openFileInput(path);
  yield* readInput(input, path, path, format, false);
}

/**
 * Bytes on disk (for progress): a file's size, or the sum over the files a tree import reads; 0 for
 * `-` and pipes. Throws SourceError for a missing path, so callers can check every path up front.
 */
export async function sourceSize(path: string): Promise<number> {
  if (path === '-') return 0;
  const info = await stat(path).catch((error) => {
    throw sourceErrorFrom(error, path);
  });
  return info.isDirectory() ? mailTreeSize(path) : info.size;
}

/** One message, or an mbox when the input starts with `From `; `stdin` labels origins and errors. */
export async function* readStdin(
  stream: AsyncIterable<Uint8Array>,
  format: SourceFormat = 'auto',
): AsyncGenerator<RawMessage> {
  if (format === 'maildir') throw new SourceError('stdin: a Maildir cannot come on standard input');
  const input = await openStreamInput(stream, 'stdin');
  if (input.head.length === 0) throw new SourceError('stdin: no message (the input is empty)');
  yield* readInput(input, 'stdin', 'stdin', format, true);
}

async function* readInput(
  input: ByteInput,
  name: string,
  origin: string,
  format: SourceFormat,
  anythingIsAMessage: boolean,
): AsyncGenerator<RawMessage> {
  try {
    const asMbox = format === 'mbox' || (format === 'auto' && looksLikeMbox(input.head));
    if (asMbox) {
      try {
        yield* splitMbox(input.chunks, origin, input.bytesRead);
      } catch (error) {
        if (!(error instanceof NotMboxError)) throw error;
        throw new SourceError(
          input.head.length === 0
            ? `${name}: ${NOT_MAILBOX}`
            : `${name}: not an mbox (it does not start with "From ")`,
        );
      }
      return;
    }
    if (format === 'auto' && !anythingIsAMessage && !looksLikeMessage(input.head)) {
      throw new SourceError(`${name}: ${NOT_MAILBOX}`);
    }
    const parts: Buffer[] = [];
    for await (const chunk of input.chunks) parts.push(chunk);
    const message = stripEnvelope(Buffer.concat(parts));
    if (message.bytes.length === 0) throw new SourceError(`${name}: ${NOT_MAILBOX}`);
    yield { ...message, origin, sourceOffset: input.bytesRead() };
  } finally {
    input.close();
  }
}
