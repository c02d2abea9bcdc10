// Readers and writers for the peers' thread answer keys, so the answer-key tests compare structure.

import type { ThreadNode } from '../../src/archive/thread-tree.ts';

/** One message of MHonArc's thread index and where MHonArc put it. */
export interface MhonarcEntry {
  /** The NNNNN of msgNNNNN.html: the message's 0-based position in the mbox. */
  position: number;
  /** The entry it is listed under, or null at top level. */
  parent: number | null;
  /** Nesting level (0 = top). MHonArc stops nesting at its TLEVELS limit and lists deeper replies there. */
  depth: number;
  /** Listed after a `<Possible follow-ups>` marker: grouped by subject, not by headers. */
  bySubject: boolean;
}

/**
 * Reads MHonArc's "by thread" page: nested `<ul>`/`<li>` lists whose items hold
 * `<a name="NNNNN" href="msgNNNNN.html">`. A `<li>&lt;Possible follow-ups&gt;</li>` item marks
 * the rest of its list as orphans that MHonArc attached by subject.
 */
export function parseMhonarcThreadPage(html: string): MhonarcEntry[] {
  const entries: MhonarcEntry[] = [];
  const items: (number | null)[] = []; // open <li>s, with the message each one holds
  const lists: boolean[] = []; // open <ul>s: has a follow-ups marker been seen in it?
  const token = /<(\/?)(ul|li)\b[^>]*>|<a name="(\d+)"|&lt;Possible follow-ups&gt;/gi;
  for (const m of html.matchAll(token)) {
    if (m[2]) {
      const open = m[1] === '';
      if (m[2].toLowerCase() === 'ul') {
        if (open) lists.push(false);
        else lists.pop();
      } else if (open) items.push(null);
      else items.pop();
    } else if (m[3]) {
      const position = Number(m[3]);
      items[items.length - 1] = position;
      const enclosing = items.slice(0, -1).filter((p): p is number => p !== null);
      entries.push({
        position,
        parent: enclosing.at(-1) ?? null,
        depth: enclosing.length,
        bySubject: lists.at(-1) ?? false,
      });
    } else {
      lists[lists.length - 1] = true;
    }
  }
  return entries;
}

/**
 * Our tree in the layout of Mail::Box::Thread::Node::threadToString, without its size column:
 * `|-` / `` `- `` for replies, `*-` for a dummy (our ghost), a dummy folded into the line of its
 * first reply. Ported from Mail-Box lib/Mail/Box/Thread/Node.pm, iteratively.
 */
export function mailBoxDump(roots: ThreadNode[], text: (node: ThreadNode) => string): string[] {
  const lines: string[] = [];
  const stack: { node: ThreadNode; first: string; other: string }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i], first: '', other: '' });
  while (stack.length > 0) {
    const { node, first, other } = stack.pop()!;
    const follows = node.children;
    const frames: { node: ThreadNode; first: string; other: string }[] = [];
    if (node.messages.length === 0) {
      const marked = first + (first ? '-*-' : ' *-');
      if (follows.length === 1) frames.push({ node: follows[0], first: marked, other: `${other}   ` });
      else {
        for (const child of follows.slice(0, -1))
          frames.push({ node: child, first: marked, other: `${other} | ` });
        frames.push({ node: follows.at(-1)!, first: `${other} \`-`, other: `${other}   ` });
      }
    } else {
      lines.push(`${first} ${text(node)}`);
      for (const child of follows.slice(0, -1))
        frames.push({ node: child, first: `${other} |-`, other: `${other} | ` });
      if (follows.length > 0)
        frames.push({ node: follows.at(-1)!, first: `${other} \`-`, other: `${other}   ` });
    }
    for (let i = frames.length - 1; i >= 0; i--) stack.push(frames[i]);
  }
  return lines;
}

/** The lines of Mail::Box's dump without the 4-character size column (`1.2K`, `820 `, ` 11K`). */
export function withoutSizes(dump: string): string[] {
  return dump
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(4));
}
