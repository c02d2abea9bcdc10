// What thread pages need from one thread's containers: the display tree, the tree as indented
// lines, and the thread's messages in date order (thread-prev / thread-next).
//
// Pure functions over plain data; no recursion anywhere (a 10,000-deep thread must not overflow the
// stack), and nothing assumes the containers are free of loops: threading never makes one, but a
// page must still render from a damaged store.

import type { ThreadContainer } from './threading.ts';

/** A real message of the thread, as the page knows it. */
export interface ThreadMessage {
  messageId: string;
  /** The date to sort by (the Date: header, or the delivery date when Date: is junk). */
  date: Date | null;
  /** Arrival order in the list: breaks ties between equal dates and orders undated messages. */
  seq: number;
}

export interface ThreadNode {
  messageId: string;
  /** Messages with this id in arrival order: one, several for a reused Message-ID, none for a ghost. */
  messages: ThreadMessage[];
  /** Replies, oldest first. */
  children: ThreadNode[];
}

/** One line of a nested thread view: a message, or a ghost standing for a missing parent. */
export interface ThreadLine {
  messageId: string;
  /** null for a ghost. */
  message: ThreadMessage | null;
  depth: number;
}

/** Sort key: time (undated last), then arrival. */
interface Key {
  time: number;
  seq: number;
}

function keyOf(message: ThreadMessage): Key {
  const time = message.date?.getTime();
  return { time: time === undefined || Number.isNaN(time) ? Infinity : time, seq: message.seq };
}

function compareKeys(a: Key, b: Key): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  return a.seq - b.seq;
}

const NO_KEY: Key = { time: Infinity, seq: Infinity };

/**
 * The display tree of one thread: roots and their replies, each level sorted by date, then arrival.
 * A ghost (a referenced message we do not have) keeps its place when it has real messages below it
 * and sorts by the earliest of them, like Mail::Box's dummies; a ghost with none is left out. A
 * container whose parent is not among `containers` is a root; so is a message without container.
 */
export function buildThreadTree(containers: ThreadContainer[], messages: ThreadMessage[]): ThreadNode[] {
  const nodes = new Map<string, ThreadNode>();
  const parentOf = new Map<ThreadNode, string | null>();
  for (const container of containers) {
    const node: ThreadNode = { messageId: container.messageId, messages: [], children: [] };
    nodes.set(container.messageId, node);
    parentOf.set(node, container.parentId);
  }
  for (const message of messages) {
    let node = nodes.get(message.messageId);
    if (!node) {
      node = { messageId: message.messageId, messages: [], children: [] };
      nodes.set(message.messageId, node);
      parentOf.set(node, null);
    }
    node.messages.push(message);
  }
  for (const node of nodes.values()) node.messages.sort((a, b) => a.seq - b.seq);

  const roots: ThreadNode[] = [];
  for (const [node, parentId] of parentOf) {
    const parent = parentId === null ? undefined : nodes.get(parentId);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }

  // Preorder from the roots. Nodes not reached hang on a cycle: each cycle is cut at its earliest
  // message, which becomes a root (notmuch roots a reference loop at its oldest message too).
  const order = preorder(roots, new Set());
  if (order.length < nodes.size) {
    const reached = new Set(order);
    const parentNode = (node: ThreadNode) => nodes.get(parentOf.get(node)!)!;
    for (const node of nodes.values()) {
      if (reached.has(node)) continue;
      const climbed = new Set<ThreadNode>();
      let onCycle = node;
      while (!climbed.has(onCycle)) {
        climbed.add(onCycle);
        onCycle = parentNode(onCycle);
      }
      let earliest = onCycle;
      for (let n = parentNode(onCycle); n !== onCycle; n = parentNode(n)) {
        if (compareKeys(ownKey(n), ownKey(earliest)) < 0) earliest = n;
      }
      roots.push(earliest);
      reached.add(earliest);
      for (const below of preorder([earliest], reached)) order.push(below);
    }
  }

  // Children before parents (reverse preorder): drop empty ghosts, sort, and give each ghost the key
  // of its earliest reply.
  const keys = new Map<ThreadNode, Key>();
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    node.children = node.children.filter((child) => keys.has(child));
    node.children.sort((a, b) => compareKeys(keys.get(a)!, keys.get(b)!));
    if (node.messages.length > 0) keys.set(node, ownKey(node));
    else if (node.children.length > 0) keys.set(node, keys.get(node.children[0])!);
  }
  return roots.filter((root) => keys.has(root)).sort((a, b) => compareKeys(keys.get(a)!, keys.get(b)!));
}

function ownKey(node: ThreadNode): Key {
  let best = NO_KEY;
  for (const message of node.messages) {
    const key = keyOf(message);
    if (compareKeys(key, best) < 0) best = key;
  }
  return best;
}

/**
 * Nodes below `starts` in preorder, skipping and recording nodes in `reached`. A child that is
 * already reached (only possible on a cycle) is cut off from its second parent, so that every node
 * ends up in exactly one children list.
 */
function preorder(starts: ThreadNode[], reached: Set<ThreadNode>): ThreadNode[] {
  const out: ThreadNode[] = [];
  const stack = [...starts].reverse();
  for (const start of starts) reached.add(start);
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    node.children = node.children.filter((child) => !reached.has(child));
    for (const child of node.children) reached.add(child);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

/**
 * The tree as lines in depth-first order with their depth (roots at 0): the nested thread view.
 * Every message of a reused Message-ID gets its own line at the node's depth.
 */
export function threadLines(roots: ThreadNode[]): ThreadLine[] {
  const lines: ThreadLine[] = [];
  const stack: { node: ThreadNode; depth: number }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i], depth: 0 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node.messages.length === 0) lines.push({ messageId: node.messageId, message: null, depth });
    for (const message of node.messages) lines.push({ messageId: node.messageId, message, depth });
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push({ node: node.children[i], depth: depth + 1 });
  }
  return lines;
}

/** The thread's messages by date, then arrival: the walk of [<thread-prev] [thread-next>]. */
export function threadWalk(messages: ThreadMessage[]): ThreadMessage[] {
  return [...messages].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
}

/** The messages before and after `seq` in a thread walk (null at either end, or when absent). */
export function threadNeighbours(
  walk: ThreadMessage[],
  seq: number,
): { prev: ThreadMessage | null; next: ThreadMessage | null } {
  const at = walk.findIndex((m) => m.seq === seq);
  if (at < 0) return { prev: null, next: null };
  return { prev: walk[at - 1] ?? null, next: walk[at + 1] ?? null };
}
