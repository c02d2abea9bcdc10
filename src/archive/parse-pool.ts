// A small pool of worker threads that decode and compress messages while the main thread reads the
// source and writes the store (STACK.md §4: parsing in 2 workers is 1.6x one thread on 2 cores).

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './parse-worker.ts';
import { type PreparedMessage, prepareMessage } from './prepare.ts';

/** Messages per round trip to a worker: enough to hide the message-passing cost. */
const CHUNK = 32;

export interface Preparer {
  prepare(messages: Uint8Array[]): Promise<PreparedMessage[]>;
  close(): Promise<void>;
}

/** In-process preparation, for single deliveries and small imports. */
export const inlinePreparer: Preparer = {
  async prepare(messages) {
    const out: PreparedMessage[] = [];
    for (const bytes of messages) out.push(await prepareMessage(bytes));
    return out;
  },
  async close() {},
};

export class ParsePool implements Preparer {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, (prepared: PreparedMessage[]) => void>();
  private nextId = 0;
  private turn = 0;

  // The main thread is busy too (reading, hashing, SQLite): one worker per remaining core.
  constructor(size = Math.max(1, Math.min(4, availableParallelism() - 1))) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./parse-worker.ts', import.meta.url));
      worker.on('message', (response: WorkerResponse) => {
        const resolve = this.waiting.get(response.id);
        this.waiting.delete(response.id);
        resolve?.(response.prepared.map(revive));
      });
      worker.on('error', (error) => {
        // A crashed worker must not lose messages silently: fail the whole import loudly.
        for (const resolve of this.waiting.values()) resolve([]);
        this.failure = error;
      });
      this.workers.push(worker);
    }
  }

  private failure: Error | null = null;

  async prepare(messages: Uint8Array[]): Promise<PreparedMessage[]> {
    const chunks: Promise<PreparedMessage[]>[] = [];
    for (let start = 0; start < messages.length; start += CHUNK) {
      chunks.push(this.send(messages.slice(start, start + CHUNK)));
    }
    const results = (await Promise.all(chunks)).flat();
    if (this.failure || results.length !== messages.length) {
      throw new Error(`message parser worker failed: ${this.failure?.message ?? 'lost results'}`);
    }
    return results;
  }

  private send(messages: Uint8Array[]): Promise<PreparedMessage[]> {
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length];
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ id, messages } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Structured clone turns Dates back into Dates but Buffers into Uint8Arrays. */
function revive(prepared: PreparedMessage): PreparedMessage {
  const c = prepared.compressed as Uint8Array;
  return { ...prepared, compressed: Buffer.from(c.buffer, c.byteOffset, c.byteLength) };
}
