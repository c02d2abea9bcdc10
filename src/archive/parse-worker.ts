// Worker side of the parse pool: decodes and compresses batches of messages off the main thread.

import { parentPort } from 'node:worker_threads';
import { type PreparedMessage, prepareMessage } from './prepare.ts';

export interface WorkerRequest {
  id: number;
  messages: Uint8Array[];
}

export interface WorkerResponse {
  id: number;
  prepared: PreparedMessage[];
}

parentPort!.on('message', async (request: WorkerRequest) => {
  const prepared: PreparedMessage[] = [];
  for (const bytes of request.messages) {
    const message = await prepareMessage(bytes);
    // zstdCompressSync returns a view into a 64 KiB ArrayBuffer that Node 24 refuses to transfer
    // (DataCloneError); an exact-size copy transfers, and sends only the compressed bytes.
    prepared.push({ ...message, compressed: Buffer.from(new Uint8Array(message.compressed).buffer) });
  }
  const transfer = prepared.map((p) => p.compressed.buffer as ArrayBuffer);
  parentPort!.postMessage({ id: request.id, prepared } satisfies WorkerResponse, transfer);
});
