// From index lines to the rows the listing views draw, through the display-tree helpers of
// src/archive/thread-tree.ts: whole threads (ghosts included) for the message page, and the
// threads among one day's messages for day and month pages.

import { buildThreadTree, threadLines, threadNeighbours, threadWalk } from '../archive/thread-tree.ts';
import type { ThreadContainer } from '../archive/threading.ts';
import type { IndexLine } from '../store/store.ts';
import type { ListingRow } from './views/message-lists.ts';

function rowsOf(lines: IndexLine[], containers: ThreadContainer[]): ListingRow[] {
  const bySeq = new Map(lines.map((line) => [line.seq, line]));
  return threadLines(buildThreadTree(containers, lines)).map((row) => ({
    messageId: row.messageId,
    line: row.message ? (bySeq.get(row.message.seq) ?? null) : null,
    depth: row.depth,
  }));
}

/**
 * A set of messages (one day's) indented by the replies among them: a message whose parent is not
 * in the set starts a tree of its own, so nothing links outside the page.
 */
export function indentedRows(lines: IndexLine[]): ListingRow[] {
  const present = new Set(lines.map((line) => line.messageId));
  const containers: ThreadContainer[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.messageId)) continue;
    seen.add(line.messageId);
    const parentId = line.parentId !== null && present.has(line.parentId) ? line.parentId : null;
    containers.push({ messageId: line.messageId, parentId, threadId: line.threadId, ghost: false });
  }
  return rowsOf(lines, containers);
}

/** A whole thread: every message and the ghosts that stand between them. */
export function threadRows(lines: IndexLine[], containers: ThreadContainer[]): ListingRow[] {
  return rowsOf(lines, containers);
}

/** [<thread-prev] and [thread-next>]: the neighbours of a message in the thread's date order. */
export function threadNeighbourLines(
  lines: IndexLine[],
  seq: number,
): { prev: IndexLine | null; next: IndexLine | null } {
  const bySeq = new Map(lines.map((line) => [line.seq, line]));
  const { prev, next } = threadNeighbours(threadWalk(lines), seq);
  return { prev: prev ? bySeq.get(prev.seq)! : null, next: next ? bySeq.get(next.seq)! : null };
}
