// A file or a stream as a sequence of byte chunks, decompressed when its first bytes say gzip
// (1f 8b) or zstd (28 b5 2f fd) — never by the file name, never loaded whole — with the first
// bytes of the content held back for format detection.

import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { MBOX_READ_CHUNK, SOURCE_SNIFF_BYTES } from '../limits.ts';
import { SourceError, sourceErrorFrom } from './source-error.ts';

export type Compression = 'gzip' | 'zstd' | null;

export interface ByteInput {
  /** The first bytes of the (decompressed) content: SOURCE_SNIFF_BYTES or more, unless it is shorter. */
  head: Buffer;
  /** The whole content from its first byte (head included). Iterate once. */
  chunks: AsyncIterable<Buffer>;
  /** Raw bytes read from the file or stream so far (compressed bytes for a compressed input). */
  bytesRead(): number;
  compression: Compression;
  /** Releases the file or stream; for a consumer that stops before the end. */
  close(): void;
}

/** Opens a file. Throws SourceError for a missing or unreadable file. */
export function openFileInput(path: string): Promise<ByteInput> {
  const stream = createReadStream(path, { highWaterMark: MBOX_READ_CHUNK });
  return openInput(stream, path, () => stream.destroy());
}

/** Wraps an already open stream (stdin) the same way. `name` labels errors. */
export function openStreamInput(stream: AsyncIterable<Uint8Array>, name: string): Promise<ByteInput> {
  return openInput(stream, name, () => (stream as Partial<Readable>).destroy?.());
}

async function openInput(
  source: AsyncIterable<Uint8Array>,
  name: string,
  destroy: () => void,
): Promise<ByteInput> {
  let bytesRead = 0;
  const raw = source[Symbol.asyncIterator]();
  const pull = async (): Promise<Buffer | null> => {
    let result: IteratorResult<Uint8Array>;
    try {
      result = await raw.next();
    } catch (error) {
      throw sourceErrorFrom(error, name);
    }
    if (result.done) return null;
    const chunk = Buffer.isBuffer(result.value) ? result.value : Buffer.from(result.value);
    bytesRead += chunk.length;
    return chunk;
  };

  // Enough raw bytes to see a magic number (stdin may hand over a byte at a time).
  const first: Buffer[] = [];
  let firstLength = 0;
  let rawEnded = false;
  while (firstLength < 4) {
    const chunk = await pull();
    if (chunk === null) {
      rawEnded = true;
      break;
    }
    first.push(chunk);
    firstLength += chunk.length;
  }
  const start = Buffer.concat(first);
  const compression = magic(start);
  async function* rawChunks(): AsyncGenerator<Buffer> {
    if (start.length > 0) yield start;
    if (rawEnded) return;
    for (let chunk = await pull(); chunk !== null; chunk = await pull()) yield chunk;
  }

  let content: AsyncIterator<Buffer>;
  if (compression === null) {
    content = rawChunks();
  } else {
    const decompress =
      compression === 'gzip'
        ? createGunzip({ chunkSize: MBOX_READ_CHUNK })
        : createZstdDecompress({ chunkSize: MBOX_READ_CHUNK });
    // Errors of either side surface through the decompressor's iterator.
    pipeline(Readable.from(rawChunks(), { objectMode: false }), decompress, () => {});
    const iterator = decompress[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    content = {
      next: async () => {
        try {
          return await iterator.next();
        } catch (error) {
          if (error instanceof SourceError) throw error;
          const reason = (error as Error).message;
          throw new SourceError(`${name}: corrupt ${compression} data (${reason})`);
        }
      },
      return: async () => {
        decompress.destroy();
        return { done: true, value: undefined };
      },
    };
  }

  // Hold back the first bytes of the content for detection; hand them out again first.
  const held: Buffer[] = [];
  let heldLength = 0;
  let contentEnded = false;
  while (heldLength < SOURCE_SNIFF_BYTES) {
    const result = await content.next();
    if (result.done) {
      contentEnded = true;
      break;
    }
    held.push(result.value);
    heldLength += result.value.length;
  }
  const head = held.length === 1 ? held[0] : Buffer.concat(held);

  let iterated = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    if (iterated) throw new Error('ByteInput.chunks can be iterated once');
    iterated = true;
    try {
      yield* held.splice(0);
      if (contentEnded) return;
      for (let r = await content.next(); !r.done; r = await content.next()) yield r.value;
    } finally {
      await content.return?.();
      destroy();
    }
  }

  return {
    head,
    chunks: { [Symbol.asyncIterator]: chunks },
    bytesRead: () => bytesRead,
    compression,
    close: () => {
      void content.return?.();
      destroy();
    },
  };
}

function magic(bytes: Buffer): Compression {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return null;
}
