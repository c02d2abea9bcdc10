// ContainerStore in memory: for tests and for answer-key comparisons over whole corpora. Keeps an
// index from thread id to members so that renumbering touches only the thread being merged, as the
// SQLite store does with its index on thread_id.

import type { ContainerStore, ThreadContainer } from '../store/store.ts';

export class MemoryContainerStore implements ContainerStore {
  readonly #containers = new Map<string, ThreadContainer>();
  readonly #members = new Map<number, Set<string>>();
  #lastThreadId = 0;

  async getMany(messageIds: string[]): Promise<Map<string, ThreadContainer>> {
    const found = new Map<string, ThreadContainer>();
    for (const id of messageIds) {
      const container = this.#containers.get(id);
      // A copy: threading must write back through putMany(), as it has to with a real database.
      if (container) found.set(id, { ...container });
    }
    return found;
  }

  async putMany(containers: ThreadContainer[]): Promise<void> {
    for (const container of containers) this.#put(container);
  }

  #put(container: ThreadContainer): void {
    const previous = this.#containers.get(container.messageId);
    if (previous && previous.threadId !== container.threadId)
      this.#leave(previous.threadId, container.messageId);
    this.#containers.set(container.messageId, { ...container });
    let members = this.#members.get(container.threadId);
    if (!members) this.#members.set(container.threadId, (members = new Set()));
    members.add(container.messageId);
  }

  async renumberThread(from: number, to: number): Promise<void> {
    if (from === to) return;
    const moving = this.#members.get(from);
    if (!moving) return;
    this.#members.delete(from);
    let members = this.#members.get(to);
    if (!members) this.#members.set(to, (members = new Set()));
    for (const messageId of moving) {
      this.#containers.get(messageId)!.threadId = to;
      members.add(messageId);
    }
  }

  #leave(threadId: number, messageId: string): void {
    const members = this.#members.get(threadId);
    members?.delete(messageId);
    if (members?.size === 0) this.#members.delete(threadId);
  }

  async nextThreadId(): Promise<number> {
    return ++this.#lastThreadId;
  }

  /** The containers of one thread (what the SQLite store answers with one indexed query). */
  thread(threadId: number): ThreadContainer[] {
    const members = this.#members.get(threadId);
    return members ? [...members].map((id) => ({ ...this.#containers.get(id)! })) : [];
  }

  /** Thread ids in use, in no particular order. */
  threadIds(): number[] {
    return [...this.#members.keys()];
  }

  all(): ThreadContainer[] {
    return [...this.#containers.values()].map((c) => ({ ...c }));
  }

  get size(): number {
    return this.#containers.size;
  }
}
