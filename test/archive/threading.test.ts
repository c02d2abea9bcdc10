// Synthetic threading cases: arrival orders, ghosts, merges, loops, depth. Real corpora are in
// threading-answer-keys.test.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryContainerStore } from '../../src/archive/memory-container-store.ts';
import { buildThreadTree, threadLines } from '../../src/archive/thread-tree.ts';
import {
  type ContainerStore,
  referencesOf,
  type ThreadingHeaders,
  threadMessage,
} from '../../src/archive/threading.ts';

function msg(
  messageId: string,
  inReplyTo: string | null = null,
  references: string[] = [],
): ThreadingHeaders {
  return { messageId, inReplyTo, references };
}

function thread(...messages: ThreadingHeaders[]): MemoryContainerStore {
  const store = new MemoryContainerStore();
  for (const m of messages) threadMessage(store, m);
  assertTreeSound(store);
  return store;
}

const parentOf = (store: ContainerStore, id: string) => store.get(id)?.parentId;
const threadOf = (store: ContainerStore, id: string) => store.get(id)?.threadId;

/** No container is its own ancestor, and every parent is in the same thread. */
function assertTreeSound(store: MemoryContainerStore): void {
  const all = store.all();
  const byId = new Map(all.map((c) => [c.messageId, c]));
  const safe = new Set<string>();
  for (const start of all) {
    const path = new Set<string>();
    for (let c = start; c.parentId !== null && !safe.has(c.messageId); ) {
      assert.ok(!path.has(c.messageId), `loop through ${c.messageId}`);
      path.add(c.messageId);
      const parent = byId.get(c.parentId);
      assert.ok(parent, `${c.messageId} has a parent without container`);
      assert.equal(parent.threadId, c.threadId, `${c.messageId} and its parent are in different threads`);
      c = parent;
    }
    for (const id of path) safe.add(id);
  }
}

describe('referencesOf', () => {
  test('In-Reply-To is the parent; it is appended to References when missing there', () => {
    assert.deepEqual(referencesOf(msg('m', 'p', ['r', 'q'])), {
      ids: ['r', 'q', 'p'],
      parentId: 'p',
      parentIndex: 2,
    });
    assert.deepEqual(referencesOf(msg('m', null, ['r', 'q'])), {
      ids: ['r', 'q'],
      parentId: 'q',
      parentIndex: 1,
    });
    assert.deepEqual(referencesOf(msg('m')), { ids: [], parentId: null, parentIndex: -1 });
  });

  test('References out of order: In-Reply-To still wins and the chain stops there', () => {
    // Lotus Notes lists the direct parent first (openbmc: 52 messages from notes.na.collabserv.com).
    assert.deepEqual(referencesOf(msg('m', 'parent', ['parent', 'root'])), {
      ids: ['parent', 'root'],
      parentId: 'parent',
      parentIndex: 0,
    });
  });

  test('own id and repeats are dropped', () => {
    assert.deepEqual(referencesOf(msg('m', 'm', ['a', 'm', 'a', 'b'])), {
      ids: ['a', 'b'],
      parentId: 'b',
      parentIndex: 1,
    });
  });
});

describe('threadMessage', () => {
  test('a thread starter gets a fresh thread; a reply joins it', () => {
    const store = thread(msg('a'), msg('b', 'a', ['a']), msg('c'));
    assert.equal(parentOf(store, 'b'), 'a');
    assert.equal(threadOf(store, 'a'), threadOf(store, 'b'));
    assert.notEqual(threadOf(store, 'c'), threadOf(store, 'a'));
    assert.equal(store.get('a')?.ghost, false);
  });

  test('a reply before its parent: the parent takes over the ghost and its children', () => {
    const store = new MemoryContainerStore();
    const reply = threadMessage(store, msg('reply', 'parent', ['parent']));
    assert.deepEqual(store.get('parent'), {
      messageId: 'parent',
      parentId: null,
      threadId: reply.threadId,
      ghost: true,
    });
    const parent = threadMessage(store, msg('parent'));
    assert.deepEqual(parent, { messageId: 'parent', parentId: null, threadId: reply.threadId, ghost: false });
    assert.equal(parentOf(store, 'reply'), 'parent');
    assert.equal(store.size, 2);
  });

  test('a parent arriving later merges two threads; the older (smaller) thread id survives', () => {
    const store = new MemoryContainerStore();
    const first = threadMessage(store, msg('x', 'a', ['a'])); // thread of ghost a
    const second = threadMessage(store, msg('y', 'b', ['b'])); // thread of ghost b
    assert.ok(first.threadId < second.threadId);
    // b arrives late, replying to a: both threads are one now, under the first id.
    const b = threadMessage(store, msg('b', 'a', ['a']));
    assert.equal(b.threadId, first.threadId);
    for (const id of ['a', 'b', 'x', 'y']) assert.equal(threadOf(store, id), first.threadId, id);
    assert.deepEqual(store.threadIds(), [first.threadId]);
    assert.equal(parentOf(store, 'b'), 'a');
    assertTreeSound(store);
  });

  test('the older id survives also when the newer thread does the joining', () => {
    const store = new MemoryContainerStore();
    const old = threadMessage(store, msg('old'));
    const young = threadMessage(store, msg('young'));
    // A reply in the young thread that also names the old one.
    const joined = threadMessage(store, msg('reply', 'young', ['old', 'young']));
    assert.equal(joined.threadId, old.threadId);
    assert.equal(threadOf(store, 'young'), old.threadId);
    assert.notEqual(young.threadId, old.threadId);
    // JWZ: young had no parent, so References chains it below old.
    assert.equal(parentOf(store, 'young'), 'old');
  });

  test("the message's own parent replaces one its ghost got from someone else's References", () => {
    // c says a → b → c, so ghost b hangs below a; then b arrives saying it replies to x.
    const store = thread(msg('c', 'b', ['a', 'b']), msg('b', 'x', ['x']));
    assert.equal(parentOf(store, 'b'), 'x');
    assert.equal(parentOf(store, 'c'), 'b');
    assert.equal(store.get('b')?.ghost, false);
    // a stays a ghost root of the same thread: c named it.
    assert.equal(threadOf(store, 'a'), threadOf(store, 'x'));
  });

  test('References chain only where the child has no parent yet (JWZ)', () => {
    const store = thread(msg('p1'), msg('b', 'p1', ['p1']), msg('m', 'b', ['p2', 'b']));
    // m claims p2 → b, but b already hangs below p1: kept. p2 still joins the thread.
    assert.equal(parentOf(store, 'b'), 'p1');
    assert.equal(parentOf(store, 'm'), 'b');
    assert.equal(threadOf(store, 'p2'), threadOf(store, 'b'));
    assert.equal(store.get('p2')?.parentId, null);
  });

  test('In-Reply-To loop (notmuch broken/loop): one link is refused, the thread is one', () => {
    const store = thread(msg('loop-12', 'loop-21'), msg('loop-21', 'loop-12'));
    // loop-12 came first and hung below ghost loop-21; loop-21's claim would close the circle.
    assert.equal(parentOf(store, 'loop-12'), 'loop-21');
    assert.equal(parentOf(store, 'loop-21'), null);
    assert.equal(threadOf(store, 'loop-12'), threadOf(store, 'loop-21'));
  });

  test('References loops across messages and inside one message', () => {
    const store = thread(
      msg('c', null, ['a', 'b']), // a → b → c
      msg('d', null, ['b', 'a']), // would hang a below b: loop, refused; d below a
      msg('e', 'e', ['c', 'e', 'd', 'c']), // names itself and c twice
      msg('a', 'c', ['c']), // a arrives replying to its own descendant: refused
    );
    assert.equal(parentOf(store, 'b'), 'a');
    assert.equal(parentOf(store, 'a'), null);
    assert.equal(parentOf(store, 'd'), 'a');
    assert.equal(parentOf(store, 'e'), 'd');
    assert.equal(new Set(store.all().map((c) => c.threadId)).size, 1);
  });

  test('a message naming itself gets no self-link and no ghost', () => {
    const store = thread(msg('self', 'self', ['self']));
    assert.deepEqual(store.all(), [{ messageId: 'self', parentId: null, threadId: 1, ghost: false }]);
  });

  test('duplicate Message-IDs share one container, placed by the first', () => {
    const store = thread(msg('p'), msg('q'), msg('dup', 'p', ['p']), msg('dup', 'q', ['q']));
    assert.equal(store.size, 3);
    assert.equal(parentOf(store, 'dup'), 'p');
    // The second copy's References still join q's thread.
    assert.equal(threadOf(store, 'q'), threadOf(store, 'p'));
    // A duplicate of a root with no parent yet does place it.
    const again = thread(msg('r'), msg('r', 'p', ['p']));
    assert.equal(parentOf(again, 'r'), 'p');
  });

  test('containers handed back and stored are copies', () => {
    const store = new MemoryContainerStore();
    const returned = threadMessage(store, msg('a'));
    returned.parentId = 'tampered';
    assert.equal(parentOf(store, 'a'), null);
  });
});

describe('a 10,000-deep thread', () => {
  const depth = 10_000;
  const id = (i: number) => `m${i}@deep`;
  // Each reply names the root and its parent, as clients that trim References do.
  const message = (i: number) => msg(id(i), i === 0 ? null : id(i - 1), i === 0 ? [] : [id(0), id(i - 1)]);

  function assertChain(store: MemoryContainerStore): void {
    assert.equal(store.size, depth);
    for (let i = 1; i < depth; i++) assert.equal(parentOf(store, id(i)), id(i - 1));
    assert.equal(store.threadIds().length, 1);
    assert.equal(store.all().filter((c) => c.ghost).length, 0);
    // Rendering walks it without recursion.
    const lines = threadLines(
      buildThreadTree(
        store.all(),
        store
          .all()
          .map((c) => ({ messageId: c.messageId, date: null, seq: Number(c.messageId.slice(1, -5)) })),
      ),
    );
    assert.equal(lines.length, depth);
    assert.deepEqual(
      lines.slice(-2).map((l) => [l.messageId, l.depth]),
      [
        [id(depth - 2), depth - 2],
        [id(depth - 1), depth - 1],
      ],
    );
  }

  test('in arrival order', () => {
    const store = new MemoryContainerStore();
    for (let i = 0; i < depth; i++) threadMessage(store, message(i));
    assertChain(store);
  });

  test('in reverse order: every message arrives before its parent', () => {
    const store = new MemoryContainerStore();
    for (let i = depth - 1; i >= 0; i--) threadMessage(store, message(i));
    assertChain(store);
  });

  test('shuffled, with full References', () => {
    // Deterministic shuffle (LCG), References capped at the last 200 ancestors like the parser.
    const order = Array.from({ length: depth }, (_, i) => i);
    let seed = 42;
    for (let i = order.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const store = new MemoryContainerStore();
    for (const i of order) {
      const references = Array.from({ length: Math.min(i, 200) }, (_, k) => id(i - Math.min(i, 200) + k));
      threadMessage(store, msg(id(i), i === 0 ? null : id(i - 1), references));
    }
    assertChain(store);
  });
});
