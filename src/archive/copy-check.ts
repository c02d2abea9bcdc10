// Before `copy` writes anything: what the target already holds of each source list, checked entry by
// entry against the source (the same content on the same day/N at the same seq), so that archives
// which have diverged are refused whole instead of merged half-way, and a second run knows that it
// has nothing to do. Reads only.

import { COPY_BATCH } from '../limits.ts';
import type { EntryRecord, ListRecord, Store, ThreadContainer } from '../store/store.ts';

/** The target holds something else where the source has an entry: the archives have diverged. */
export class CopyConflictError extends Error {}

export interface CopyProgress {
  /** Source entries dealt with so far: copied or found in the target. */
  seen: number;
  copied: number;
  present: number;
  /** Raw bytes of the copied entries. */
  bytes: number;
}

export type Report = (progress: CopyProgress) => void;

/** What the target holds of one source list, established before anything is written. */
export interface ListPlan {
  source: ListRecord;
  target: ListRecord | null;
  /** Every source entry up to this seq stands in the target at the same address: nothing to do. */
  presentThrough: number;
  /** Entries in place whose thread id differs (the source joined threads since an earlier copy). */
  threadIdsDiffer: boolean;
  /** A source container absent or different in the target, or fewer thread ids handed out there. */
  containersDiffer: boolean;
}

/** A source entry beside the target's entry of the same seq; either is null where the other has none. */
interface EntryPair {
  ours: EntryRecord | null;
  theirs: EntryRecord | null;
}

/** The source's and the target's entries of a list side by side in seq order, as long as the target has any. */
export async function* alongside(source: Store, target: Store, ours: ListRecord, theirs: ListRecord) {
  const held = target.read.entries(theirs.id)[Symbol.asyncIterator]();
  try {
    let next = await held.next();
    for await (const entry of source.read.entries(ours.id)) {
      for (; !next.done && next.value.seq < entry.seq; next = await held.next()) {
        yield { ours: null, theirs: next.value } satisfies EntryPair;
      }
      if (next.done) return;
      if (next.value.seq > entry.seq) {
        yield { ours: entry, theirs: null } satisfies EntryPair;
        continue;
      }
      yield { ours: entry, theirs: next.value } satisfies EntryPair;
      next = await held.next();
    }
    for (; !next.done; next = await held.next()) yield { ours: null, theirs: next.value } satisfies EntryPair;
  } finally {
    await held.return?.();
  }
}

/**
 * Checks that every entry the target's list of the same name holds is the source's: the same content
 * key on the same day/N. Reads only.
 */
export async function planList(
  source: Store,
  target: Store,
  list: ListRecord,
  progress: CopyProgress,
  onProgress: Report,
): Promise<ListPlan> {
  const targetList = await target.getList(list.name);
  const plan: ListPlan = {
    source: list,
    target: targetList,
    presentThrough: 0,
    threadIdsDiffer: false,
    containersDiffer: false,
  };
  if (targetList === null) return plan;

  // A gap in the target ends the prefix that is skipped unread later; entries after it are checked
  // again one by one when the gap is filled.
  let contiguous = true;
  let targetOnly: EntryRecord | null = null;
  let pairs: [EntryRecord, EntryRecord][] = [];
  const checkPairs = async () => {
    await Promise.all(pairs.map(([ours, theirs]) => requireSameMessage(source, target, list, ours, theirs)));
    if (pairs.some(([ours, theirs]) => ours.threadId !== theirs.threadId)) plan.threadIdsDiffer = true;
    if (contiguous && pairs.length > 0) {
      plan.presentThrough = pairs[pairs.length - 1][0].seq;
      progress.seen += pairs.length;
      progress.present += pairs.length;
      onProgress(progress);
    }
    pairs = [];
  };
  for await (const { ours, theirs } of alongside(source, target, list, targetList)) {
    if (targetOnly && ours) throw heldOnlyByTarget(list, targetOnly);
    if (!ours) targetOnly ??= theirs;
    else if (!theirs) {
      await checkPairs();
      contiguous = false;
    } else {
      pairs.push([ours, theirs]);
      if (pairs.length >= COPY_BATCH) await checkPairs();
    }
  }
  await checkPairs();
  if (targetOnly) {
    // The target holds entries past the source's last one: mail it took after an earlier copy. They
    // take no address the source has, and its threads now know more than the source's: keep them.
    plan.threadIdsDiffer = false;
    return plan;
  }
  plan.containersDiffer = await containersDiffer(source, target, list, targetList);
  return plan;
}

async function requireSameMessage(
  source: Store,
  target: Store,
  list: ListRecord,
  ours: EntryRecord,
  theirs: EntryRecord,
): Promise<void> {
  const [a, b] = await Promise.all([
    source.read.storedMessage(ours.storedId),
    target.read.storedMessage(theirs.storedId),
  ]);
  if (!a) throw missingInSource(list.name, ours);
  if (!b || !a.contentKey.equals(b.contentKey) || ours.day !== theirs.day || ours.n !== theirs.n) {
    throw diverged(list, ours, theirs);
  }
}

async function containersDiffer(source: Store, target: Store, ours: ListRecord, theirs: ListRecord) {
  const [wanted, held, nextOurs, nextTheirs] = await Promise.all([
    source.read.allContainers(ours.id),
    target.read.allContainers(theirs.id),
    source.read.nextThreadId(ours.id),
    target.read.nextThreadId(theirs.id),
  ]);
  if (nextTheirs < nextOurs) return true;
  const byId = new Map(held.map((c) => [c.messageId, c]));
  return wanted.some((c) => !sameContainer(c, byId.get(c.messageId)));
}

function sameContainer(a: ThreadContainer, b: ThreadContainer | undefined): boolean {
  return b !== undefined && a.parentId === b.parentId && a.threadId === b.threadId && a.ghost === b.ghost;
}

export function dayAndN(entry: EntryRecord): string {
  return `${entry.day}/${entry.n}`;
}

/** A Message-ID as a reader writes it (the store keeps it without the brackets). */
export function bracketed(messageId: string): string {
  return `<${messageId}>`;
}

function diverged(list: ListRecord, ours: EntryRecord, theirs: EntryRecord): CopyConflictError {
  return new CopyConflictError(
    `list "${list.name}" has diverged: at seq ${ours.seq} the source has ${bracketed(ours.messageId)} on ${dayAndN(ours)}, ` +
      `the target ${bracketed(theirs.messageId)} on ${dayAndN(theirs)} (other content); nothing was copied`,
  );
}

function heldOnlyByTarget(list: ListRecord, theirs: EntryRecord): CopyConflictError {
  return new CopyConflictError(
    `list "${list.name}" has diverged: the target holds seq ${theirs.seq} (${bracketed(theirs.messageId)} on ` +
      `${dayAndN(theirs)}), which the source does not; nothing was copied`,
  );
}

export function missingInSource(list: string, entry: EntryRecord): Error {
  return new Error(
    `list "${list}": the source's entry at seq ${entry.seq} has no stored message ${entry.storedId}`,
  );
}
