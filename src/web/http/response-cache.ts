// Finished responses kept in memory, by URL, until the archive changes: a page is rendered, hashed
// and compressed once per archive state, and repeated requests (and revalidations) cost a lookup.
// Least recently used entries leave first once the byte budget is spent.

import { PAGE_CACHE_BYTES, PAGE_CACHE_ENTRY_BYTES } from '../../limits.ts';

export interface CachedResponse {
  status: number;
  /** The route's headers, less Content-Length. */
  headers: [string, string][];
  body: Buffer;
  /** Weak validator of the uncompressed body. */
  etag: string;
  lastModified: Date;
  /** A text type, not already encoded: sent compressed to clients that take it. */
  compressible: boolean;
  /** Compressed bodies made so far, by content coding (br, gzip). */
  encoded: Map<string, Buffer>;
  /** The wire headers of each variant sent so far (reply.ts makes them). */
  sent: Map<string, Record<string, string>>;
}

function sizeOf(entry: CachedResponse): number {
  let bytes = entry.body.byteLength;
  for (const body of entry.encoded.values()) bytes += body.byteLength;
  return bytes;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;
  private readonly budget: number;

  constructor(budget = PAGE_CACHE_BYTES) {
    this.budget = budget;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Re-insert: Map order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Keeps a response unless it is too large to be worth the memory. */
  set(key: string, entry: CachedResponse): void {
    if (entry.body.byteLength > PAGE_CACHE_ENTRY_BYTES) return;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += sizeOf(entry);
    this.evict();
  }

  /** Accounts for a compressed variant added to an entry after it was stored. */
  grew(key: string, bytes: number): void {
    if (!this.entries.has(key)) return;
    this.bytes += bytes;
    this.evict();
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(old);
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.budget) break;
      this.delete(key);
    }
  }
}
