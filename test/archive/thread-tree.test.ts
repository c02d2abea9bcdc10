// Display helpers over one thread's containers: tree, nested lines, date walk.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildThreadTree,
  type ThreadMessage,
  type ThreadNode,
  threadLines,
  threadNeighbours,
  threadWalk,
} from '../../src/archive/thread-tree.ts';
import type { ThreadContainer } from '../../src/archive/threading.ts';

const real = (messageId: string, parentId: string | null = null): ThreadContainer => ({
  messageId,
  parentId,
  threadId: 1,
  ghost: false,
});
const ghost = (messageId: string, parentId: string | null = null): ThreadContainer => ({
  ...real(messageId, parentId),
  ghost: true,
});
const at = (messageId: string, day: number | null, seq: number): ThreadMessage => ({
  messageId,
  date: day === null ? null : new Date(Date.UTC(2020, 0, day)),
  seq,
});

/** Compact picture of lines: indentation by depth, ghosts in brackets. */
function picture(roots: ThreadNode[]): string[] {
  return threadLines(roots).map((l) => '  '.repeat(l.depth) + (l.message ? l.messageId : `[${l.messageId}]`));
}

describe('buildThreadTree', () => {
  test('children sorted by date, then arrival; undated last', () => {
    const roots = buildThreadTree(
      [
        real('root'),
        real('late', 'root'),
        real('early', 'root'),
        real('tie2', 'root'),
        real('tie1', 'root'),
        real('undated', 'root'),
      ],
      [
        at('root', 1, 0),
        at('late', 9, 1),
        at('early', 2, 2),
        at('tie2', 5, 4),
        at('tie1', 5, 3),
        at('undated', null, 5),
      ],
    );
    assert.deepEqual(picture(roots), ['root', '  early', '  tie1', '  tie2', '  late', '  undated']);
  });

  test('a ghost with replies is kept and sorts by its earliest reply; an empty ghost is dropped', () => {
    const roots = buildThreadTree(
      [
        ghost('missing'),
        real('b', 'missing'),
        real('a', 'missing'),
        ghost('unused'),
        real('other'),
        ghost('g2', 'other'),
        real('c', 'g2'),
      ],
      [at('a', 3, 0), at('b', 4, 1), at('other', 2, 2), at('c', 5, 3)],
    );
    assert.deepEqual(picture(roots), ['other', '  [g2]', '    c', '[missing]', '  a', '  b']);
  });

  test('reused Message-ID: one node, one line per message', () => {
    const roots = buildThreadTree(
      [real('p'), real('dup', 'p')],
      [at('p', 1, 0), at('dup', 3, 5), at('dup', 2, 1)],
    );
    assert.deepEqual(
      threadLines(roots).map((l) => [l.messageId, l.message?.seq, l.depth]),
      [
        ['p', 0, 0],
        ['dup', 1, 1],
        ['dup', 5, 1],
      ],
    );
  });

  test('a parent outside the set, or a message without container, makes a root', () => {
    const roots = buildThreadTree([real('x', 'elsewhere')], [at('x', 2, 0), at('stray', 1, 1)]);
    assert.deepEqual(picture(roots), ['stray', 'x']);
  });

  test('a loop in damaged data is cut at its earliest message', () => {
    const roots = buildThreadTree(
      [real('a', 'c'), real('b', 'a'), real('c', 'b'), real('d', 'b'), real('self', 'self')],
      [at('a', 3, 0), at('b', 1, 1), at('c', 2, 2), at('d', 4, 3), at('self', 5, 4)],
    );
    assert.deepEqual(picture(roots), ['b', '  c', '    a', '  d', 'self']);
  });
});

describe('threadWalk and threadNeighbours', () => {
  test('date order, ties by arrival; prev/next at the ends are null', () => {
    const walk = threadWalk([at('c', 3, 2), at('a', 1, 0), at('b2', 2, 3), at('b1', 2, 1), at('z', null, 4)]);
    assert.deepEqual(
      walk.map((m) => m.messageId),
      ['a', 'b1', 'b2', 'c', 'z'],
    );
    assert.deepEqual(threadNeighbours(walk, 1), { prev: walk[0], next: walk[2] });
    assert.deepEqual(threadNeighbours(walk, 0), { prev: null, next: walk[1] });
    assert.deepEqual(threadNeighbours(walk, 4), { prev: walk[3], next: null });
    assert.deepEqual(threadNeighbours(walk, 99), { prev: null, next: null });
  });

  test('notmuch broken/loop: the walk is by date whatever the tree says', () => {
    // Our tree roots the loop at loop-21 (it took over the ghost loop-12 pointed at); notmuch's
    // expectation "reference loop ordered by date" is the date walk: loop-12 (Jun 16) first.
    const messages = [
      { messageId: 'mid-loop-12@example.org', date: new Date('2016-06-16T22:14:41-04:00'), seq: 0 },
      { messageId: 'mid-loop-21@example.org', date: new Date('2016-06-17T22:14:41-04:00'), seq: 1 },
    ];
    const roots = buildThreadTree(
      [real('mid-loop-12@example.org', 'mid-loop-21@example.org'), real('mid-loop-21@example.org')],
      messages,
    );
    assert.deepEqual(picture(roots), ['mid-loop-21@example.org', '  mid-loop-12@example.org']);
    assert.deepEqual(
      threadWalk(messages).map((m) => m.messageId),
      ['mid-loop-12@example.org', 'mid-loop-21@example.org'],
    );
  });
});
