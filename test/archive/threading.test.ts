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

async function thread(...messages: ThreadingHeaders[]): Promise<MemoryContainerStore> {
  const store = new MemoryContainerStore();
  for (const m of messages) await threadMessage(store, m);
  assertTreeSound(store);
  return store;
}

/** The stored container of a Message-ID, read as threading reads it. */
const containerOf = async (store: ContainerStore, id: string) => (await store.getMany([id])).get(id);
const parentOf = async (store: ContainerStore, id: string) => (await containerOf(store, id))?.parentId;
const threadOf = async (store: ContainerStore, id: string) => (await containerOf(store, id))?.threadId;

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
  test('a thread starter gets a fresh thread; a reply joins it', async () => {
    const store = await thread(msg('a'), msg('b', 'a', ['a']), msg('c'));
    assert.equal(await parentOf(store, 'b'), 'a');
    assert.equal(await threadOf(store, 'a'), await threadOf(store, 'b'));
    assert.notEqual(await threadOf(store, 'c'), await threadOf(store, 'a'));
    assert.equal((await containerOf(store, 'a'))?.ghost, false);
  });

  test('a reply before its parent: the parent takes over the ghost and its children', async () => {
    const store = new MemoryContainerStore();
    const reply = await threadMessage(store, msg('reply', 'parent', ['parent']));
    assert.deepEqual(await containerOf(store, 'parent'), {
      messageId: 'parent',
      parentId: null,
      threadId: reply.threadId,
      ghost: true,
    });
    const parent = await threadMessage(store, msg('parent'));
    assert.deepEqual(parent, { messageId: 'parent', parentId: null, threadId: reply.threadId, ghost: false });
    assert.equal(await parentOf(store, 'reply'), 'parent');
    assert.equal(store.size, 2);
  });

  test('a parent arriving later merges two threads; the older (smaller) thread id survives', async () => {
    const store = new MemoryContainerStore();
    const first = await threadMessage(store, msg('x', 'a', ['a'])); // thread of ghost a
    const second = await threadMessage(store, msg('y', 'b', ['b'])); // thread of ghost b
    assert.ok(first.threadId < second.threadId);
    // b arrives late, replying to a: both threads are one now, under the first id.
    const b = await threadMessage(store, msg('b', 'a', ['a']));
    assert.equal(b.threadId, first.threadId);
    for (const id of ['a', 'b', 'x', 'y']) assert.equal(await threadOf(store, id), first.threadId, id);
    assert.deepEqual(store.threadIds(), [first.threadId]);
    assert.equal(await parentOf(store, 'b'), 'a');
    assertTreeSound(store);
  });

  test('the older id survives also when the newer thread does the joining', async () => {
    const store = new MemoryContainerStore();
    const old = await threadMessage(store, msg('old'));
    const young = await threadMessage(store, msg('young'));
    // A reply in the young thread that also names the old one.
    const joined = await threadMessage(store, msg('reply', 'young', ['old', 'young']));
    assert.equal(joined.threadId, old.threadId);
    assert.equal(await threadOf(store, 'young'), old.threadId);
    assert.notEqual(young.threadId, old.threadId);
    // JWZ: young had no parent, so References chains it below old.
    assert.equal(await parentOf(store, 'young'), 'old');
  });

  test("the message's own parent replaces one its ghost got from someone else's References", async () => {
    // c says a → b → c, so ghost b hangs below a; then b arrives saying it replies to x.
    const store = await thread(msg('c', 'b', ['a', 'b']), msg('b', 'x', ['x']));
    assert.equal(await parentOf(store, 'b'), 'x');
    assert.equal(await parentOf(store, 'c'), 'b');
    assert.equal((await containerOf(store, 'b'))?.ghost, false);
    // a stays a ghost root of the same thread: c named it.
    assert.equal(await threadOf(store, 'a'), await threadOf(store, 'x'));
  });

  test('References chain only where the child has no parent yet (JWZ)', async () => {
    const store = await thread(msg('p1'), msg('b', 'p1', ['p1']), msg('m', 'b', ['p2', 'b']));
    // m claims p2 → b, but b already hangs below p1: kept. p2 still joins the thread.
    assert.equal(await parentOf(store, 'b'), 'p1');
    assert.equal(await parentOf(store, 'm'), 'b');
    assert.equal(await threadOf(store, 'p2'), await threadOf(store, 'b'));
    assert.equal((await containerOf(store, 'p2'))?.parentId, null);
  });

  test('In-Reply-To loop (notmuch broken/loop): one link is refused, the thread is one', async () => {
    const store = await thread(msg('loop-12', 'loop-21'), msg('loop-21', 'loop-12'));
    // loop-12 came first and hung below ghost loop-21; loop-21's claim would close the circle.
    assert.equal(await parentOf(store, 'loop-12'), 'loop-21');
    assert.equal(await parentOf(store, 'loop-21'), null);
    assert.equal(await threadOf(store, 'loop-12'), await threadOf(store, 'loop-21'));
  });

  test('References loops across messages and inside one message', async () => {
    const store = await thread(
      msg('c', null, ['a', 'b']), // a → b → c
      msg('d', null, ['b', 'a']), // would hang a below b: loop, refused; d below a
      msg('e', 'e', ['c', 'e', 'd', 'c']), // names itself and c twice
      msg('a', 'c', ['c']), // a arrives replying to its own descendant: refused
    );
    assert.equal(await parentOf(store, 'b'), 'a');
    assert.equal(await parentOf(store, 'a'), null);
    assert.equal(await parentOf(store, 'd'), 'a');
    assert.equal(await parentOf(store, 'e'), 'd');
    assert.equal(new Set(store.all().map((c) => c.threadId)).size, 1);
  });

  test('a message naming itself gets no self-link and no ghost', async () => {
    const store = await thread(msg('self', 'self', ['self']));
    assert.deepEqual(store.all(), [{ messageId: 'self', parentId: null, threadId: 1, ghost: false }]);
  });

  test('duplicate Message-IDs share one container, placed by the first', async () => {
    const store = await thread(msg('p'), msg('q'), msg('dup', 'p', ['p']), msg('dup', 'q', ['q']));
    assert.equal(store.size, 3);
    assert.equal(await parentOf(store, 'dup'), 'p');
    // The second copy's References still join q's thread.
    assert.equal(await threadOf(store, 'q'), await threadOf(store, 'p'));
    // A duplicate of a root with no parent yet does place it.
    const again = await thread(msg('r'), msg('r', 'p', ['p']));
    assert.equal(await parentOf(again, 'r'), 'p');
  });

  test('containers handed back and stored are copies', async () => {
    const store = new MemoryContainerStore();
    const returned = await threadMessage(store, msg('a'));
    returned.parentId = 'tampered';
    assert.equal(await parentOf(store, 'a'), null);
  });
});

describe('a 10,000-deep thread', () => {
  const depth = 10_000;
  const id = (i: number) => `m${i}@deep`;
  // Each reply names the root and its parent, as clients that trim References do.
  const message = (i: number) => msg(id(i), i === 0 ? null : id(i - 1), i === 0 ? [] : [id(0), id(i - 1)]);

  async function assertChain(store: MemoryContainerStore): Promise<void> {
    assert.equal(store.size, depth);
    for (let i = 1; i < depth; i++) assert.equal(await parentOf(store, id(i)), id(i - 1));
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

  test('in arrival order', async () => {
    const store = new MemoryContainerStore();
    for (let i = 0; i < depth; i++) await threadMessage(store, message(i));
    await assertChain(store);
  });

  test('in reverse order: every message arrives before its parent', async () => {
    const store = new MemoryContainerStore();
    for (let i = depth - 1; i >= 0; i--) await threadMessage(store, message(i));
    await assertChain(store);
  });

  test('shuffled, with full References', async () => {
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
      await threadMessage(store, msg(id(i), i === 0 ? null : id(i - 1), references));
    }
    await assertChain(store);
  });
});
