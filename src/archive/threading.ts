// Incremental JWZ threading with ghosts (https://www.jwz.org/doc/threading.html), kept in a store.
//
// Messages arrive one at a time in archive order (bulk import or one MTA delivery). Each message gets
// a container keyed by Message-ID; an id that is referenced but not (yet) archived gets a ghost
// container, so a parent that arrives later takes over the ghost and with it the children that
// already hang below it. No subject matching at all, as in public-inbox: header links only.
//
// Two relations are kept, on purpose different:
// - `threadId` says which thread a message belongs to. Like public-inbox (OverIdx::link_refs), a
//   message joins its own container and every id in its References/In-Reply-To into one thread,
//   even where the tree below refuses a link. Merging keeps the smaller (older) thread id.
// - `parentId` is the display tree inside a thread, built by JWZ's rules: consecutive References
//   are chained only where the child has no parent yet; the message itself hangs below its parent
//   (see `referencesOf` for which id that is); a link that would make a container its own ancestor
//   is skipped, so the tree never loops. A thread can therefore have more than one root.
//
// Nothing here recurses, and every walk is bounded: real threads are deep and real mail loops
// (notmuch corpus broken/loop: two messages, each In-Reply-To the other).
//
// Cost per message: one store read per distinct id it names, one write per changed container, and
// an ancestor walk only when a link joins two containers that were already in the same thread.
// Joining two threads renumbers the one with the larger id (one UPDATE per table).
//
// The caller runs threadMessage inside the store's write transaction. The containers a message
// names are read in one call (one round trip to PostgreSQL); only loop checks read further.

import type { ContainerStore, ThreadContainer } from '../store/store.ts';

export type { ContainerStore, ThreadContainer };

/** The threading headers of one message, as src/mail/parse.ts normalises them (ids without <>). */
export interface ThreadingHeaders {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
}

/**
 * Longest ancestor walk during a loop check. A longer chain is treated as a loop and the link is
 * skipped: refusing one link never corrupts the tree, walking forever would. (Belongs beside the
 * other bounds in src/limits.ts.)
 */
export const MAX_THREAD_DEPTH = 100_000;

/** The ids a message names, in order, and which of them is its parent. */
export interface ReferencedIds {
  /** References without duplicates and without the message's own id, then In-Reply-To if new. */
  ids: string[];
  /** In-Reply-To when present, otherwise the last of References; null for a thread starter. */
  parentId: string | null;
  /** Index of parentId in ids (-1 without parent): only ids[0..parentIndex] are chained. */
  parentIndex: number;
}

/**
 * Which ids a message names and which one is its parent.
 *
 * - The id list is public-inbox's (MID.pm `references`): References, then In-Reply-To when
 *   References lacks it; first occurrence wins. All of them join the message's thread.
 * - The parent is In-Reply-To when there is one, else the last of References. public-inbox takes
 *   the last of the list instead; the two differ only when In-Reply-To sits inside References but
 *   not at the end, i.e. References is out of order. Lotus Notes does that: it lists the direct
 *   parent first (openbmc: 52 of the 54 such messages come from notes.na.collabserv.com, e.g.
 *   <OF496DCF2B.B3BDA10B-ON00258451.00593E4B-00258451.005A7BAB@…>: In-Reply-To and References[0]
 *   are the reply it answers, References[1] the patch that reply is about). notmuch's corpus
 *   threading/parent-priority (grand-child: `In-Reply-To: <B01-child>`, `References: <B01-child>
 *   <B00-root>`) expects root → child → grand-child; Mail::Box also trusts In-Reply-To more.
 * - The chain of References stops at the parent: ids after it are out of order, and chaining them
 *   would hang earlier messages below later ones (public-inbox hangs the thread starter
 *   <491f35b0a7fd4d10868bee1504f0c03c@quantatw.com> below a reply that way, openbmc).
 * - A message naming its own id (a client that put the new id into References) drops that id.
 */
export function referencesOf(message: ThreadingHeaders): ReferencedIds {
  const own = message.messageId;
  const seen = new Set<string>([own]);
  const ids: string[] = [];
  for (const id of message.references) {
    if (id === '' || seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
  }
  const inReplyTo = message.inReplyTo === own || message.inReplyTo === '' ? null : message.inReplyTo;
  if (inReplyTo !== null && !seen.has(inReplyTo)) ids.push(inReplyTo);
  const parentId = inReplyTo ?? ids.at(-1) ?? null;
  return { ids, parentId, parentIndex: parentId === null ? -1 : ids.lastIndexOf(parentId) };
}

/**
 * Threads one arriving message: creates or takes over its container, links it and its references,
 * merges the threads they were in. Returns the message's container as stored.
 *
 * A second message with an id already archived (reused Message-IDs are common: openbmc has five)
 * shares the first one's container: its references still join the thread, but it does not move
 * the container, which stays where the first message put it.
 */
export async function threadMessage(
  store: ContainerStore,
  message: ThreadingHeaders,
): Promise<ThreadContainer> {
  const run = new ThreadingRun(store);
  const { ids, parentId, parentIndex } = referencesOf(message);
  await run.preload([message.messageId, ...ids]);

  const existing = await run.load(message.messageId);
  const self = existing ?? run.create(message.messageId, false);
  const duplicate = existing !== undefined && !existing.ghost;
  if (existing?.ghost) {
    existing.ghost = false;
    run.touch(existing);
  }

  const named: ThreadContainer[] = [];
  for (const id of ids) named.push((await run.load(id)) ?? run.create(id, true));

  // JWZ step 1B: chain the References (up to the parent), each below the one before it, but only
  // where the later one has no parent yet: existing links came from better evidence.
  for (let i = 1; i <= parentIndex; i++) {
    if (named[i].parentId === null) await run.link(named[i], named[i - 1]);
  }

  // JWZ step 1C: the message hangs below its parent, replacing a parent that a ghost got from
  // someone else's References: the message's own headers are better evidence.
  if (parentId !== null && !(duplicate && self.parentId !== null)) {
    await run.link(self, named[parentIndex]);
  }

  await run.finish();
  return { ...self };
}

/** The working set of one threadMessage call: containers read or made, and what changed. */
class ThreadingRun {
  readonly store: ContainerStore;
  /** Containers of this call by id; the ones handed out are the ones written back. */
  readonly containers = new Map<string, ThreadContainer>();
  readonly changed = new Set<ThreadContainer>();
  /**
   * Union-find over "groups" for the cheap loop test: a container's group starts as its thread id
   * when it was stored, or a fresh negative number when created in this call. Two containers in
   * different groups cannot be ancestor and descendant, so linking them needs no walk.
   */
  readonly groupOf = new Map<ThreadContainer, number>();
  readonly groupParent = new Map<number, number>();
  nextNewGroup = -1;

  constructor(store: ContainerStore) {
    this.store = store;
  }

  /** Ids read already and found absent: a ghost-to-be is not asked for twice. */
  readonly absent = new Set<string>();

  async preload(messageIds: string[]): Promise<void> {
    const wanted = messageIds.filter((id) => !this.containers.has(id) && !this.absent.has(id));
    if (wanted.length === 0) return;
    const found = await this.store.getMany(wanted);
    for (const id of wanted) {
      const stored = found.get(id);
      if (stored) this.adopt(stored);
      else this.absent.add(id);
    }
  }

  async load(messageId: string): Promise<ThreadContainer | undefined> {
    const known = this.containers.get(messageId);
    if (known || this.absent.has(messageId)) return known;
    await this.preload([messageId]);
    return this.containers.get(messageId);
  }

  private adopt(stored: ThreadContainer): void {
    const container = { ...stored };
    this.containers.set(container.messageId, container);
    this.groupOf.set(container, container.threadId);
  }

  create(messageId: string, ghost: boolean): ThreadContainer {
    // threadId 0 is a placeholder: finish() assigns the merged thread's id.
    const container: ThreadContainer = { messageId, parentId: null, threadId: 0, ghost };
    this.absent.delete(messageId);
    this.containers.set(messageId, container);
    this.groupOf.set(container, this.nextNewGroup--);
    this.changed.add(container);
    return container;
  }

  touch(container: ThreadContainer): void {
    this.changed.add(container);
  }

  /** Hangs child below parent unless that would make child its own ancestor. */
  async link(child: ThreadContainer, parent: ThreadContainer): Promise<boolean> {
    if (child.parentId === parent.messageId) return true;
    if (await this.wouldLoop(child, parent)) return false;
    child.parentId = parent.messageId;
    this.changed.add(child);
    this.union(this.groupOf.get(child)!, this.groupOf.get(parent)!);
    return true;
  }

  /** True when child is parent or one of parent's ancestors (or the walk cannot tell). */
  async wouldLoop(child: ThreadContainer, parent: ThreadContainer): Promise<boolean> {
    if (child === parent) return true;
    if (this.find(this.groupOf.get(child)!) !== this.find(this.groupOf.get(parent)!)) return false;
    const seen = new Set<string>();
    let current: ThreadContainer | undefined = parent;
    while (current) {
      if (current === child) return true;
      // A cycle already in the store, or a chain deeper than any real thread: refuse the link.
      if (seen.has(current.messageId) || seen.size >= MAX_THREAD_DEPTH) return true;
      seen.add(current.messageId);
      current = current.parentId === null ? undefined : await this.load(current.parentId);
    }
    return false;
  }

  find(group: number): number {
    let root = group;
    for (let up = this.groupParent.get(root); up !== undefined; up = this.groupParent.get(root)) root = up;
    // Path compression keeps later finds short.
    for (let g = group; g !== root; ) {
      const up = this.groupParent.get(g)!;
      this.groupParent.set(g, root);
      g = up;
    }
    return root;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.groupParent.set(ra, rb);
  }

  /**
   * Everything this call touched is one thread now: keep the smallest existing thread id (the
   * oldest thread), renumber the others into it, and write the changed containers.
   */
  async finish(): Promise<void> {
    const existing = new Set<number>();
    for (const container of this.containers.values())
      if (container.threadId > 0) existing.add(container.threadId);
    let threadId = Infinity;
    for (const id of existing) if (id < threadId) threadId = id;
    if (threadId === Infinity) threadId = await this.store.nextThreadId();
    for (const id of existing) if (id !== threadId) await this.store.renumberThread(id, threadId);
    for (const container of this.containers.values()) container.threadId = threadId;
    await this.store.putMany([...this.changed].map((container) => ({ ...container })));
  }
}
