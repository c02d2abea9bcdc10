// Maildir and mail-folder trees: what is read, what is skipped, and in which order.

import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareMaildirNames, mailTreeSize, readMailTree, walkMailTree } from '../../src/mail/maildir.ts';
import { SourceError } from '../../src/mail/source-error.ts';
import type { RawMessage } from '../../src/mail/types.ts';
import { corpus, needsCorpus, tempDir } from '../helpers.ts';

const tree = fileURLToPath(new URL('../fixtures/mail-sources/maildir/', import.meta.url));

async function collect(root: string): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const m of readMailTree(root)) out.push(m);
  return out;
}

const subject = (m: RawMessage) => /^Subject: (.*)$/m.exec(Buffer.from(m.bytes).toString('latin1'))?.[1];

test('fixture tree: Maildir messages by delivery time, then subfolders; junk, tmp/ and dot entries skipped', async () => {
  const messages = await collect(tree);
  assert.deepEqual(
    messages.map((m) => [relative(tree, m.origin), subject(m)]),
    [
      ['cur/999999999.M1P1.host:2,S', 'message a'], // nine digits: earlier than the ten-digit names
      ['cur/1262600000.M1P1.host:2,S', 'message b'],
      ['new/1262700000.M2P2.host', 'message c'], // cur/ and new/ sorted together
      ['lists/cur/1262900000.M4P4.host:2,', 'message d'],
      ['plain/05:2,', 'message e'], // a plain file with a header block
      ['plain/digest.mbox#1', 'message f1'], // an mbox in a plain folder is split
      ['plain/digest.mbox#2', 'message f2'],
      ['plain/forwarded.eml', 'message g'], // .eml: one message although it holds a dated From line
    ],
  );
});

test('a single-message file loses its leading From envelope line and keeps its date', async () => {
  const messages = await collect(tree);
  const g = messages.find((m) => m.origin.endsWith('forwarded.eml'))!;
  const text = Buffer.from(g.bytes).toString('latin1');
  assert.ok(text.startsWith('From: g <g@example.org>\n'));
  assert.match(text, /\n\nFrom 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n/);
  assert.equal(g.envelopeDate?.toISOString(), '2010-01-10T10:00:00.000Z');
  assert.equal(messages.find((m) => m.origin.endsWith('05:2,'))!.envelopeDate, null);
});

test('sourceOffset grows to the bytes of the files visited, which mailTreeSize sums', async () => {
  const messages = await collect(tree);
  const offsets = messages.map((m) => m.sourceOffset);
  assert.deepEqual(
    offsets,
    [...offsets].sort((a, b) => a - b),
  );
  const total = await mailTreeSize(tree);
  assert.ok(offsets.at(-1)! <= total);
  let files = 0;
  for await (const file of walkMailTree(tree)) files += file.size;
  assert.equal(total, files);
});

test('Maildir names compare by their leading number, then by name', () => {
  const names = [
    '1382298587.001724:2,',
    '05:2,',
    '999999999.x',
    'cur-notes',
    '1382298587.001723:2,S',
    '0005:2,',
  ];
  assert.deepEqual([...names].sort(compareMaildirNames), [
    '0005:2,',
    '05:2,',
    '999999999.x',
    '1382298587.001723:2,S',
    '1382298587.001724:2,',
    'cur-notes',
  ]);
});

test('a symbolic link back up the tree is visited once', async (t) => {
  const dir = tempDir(t);
  cpSync(tree, join(dir, 'm'), { recursive: true });
  symlinkSync('..', join(dir, 'm', 'lists', 'loop'));
  symlinkSync(join(dir, 'nowhere'), join(dir, 'm', 'dangling'));
  assert.equal((await collect(join(dir, 'm'))).length, 8);
});

test('a folder of .eml files', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'b', 'z.eml'), 'From: z@example.org\nSubject: z\n\nz\n');
  writeFileSync(join(dir, 'a.eml'), 'Subject: a\nFrom: a@example.org\n\na\n');
  writeFileSync(join(dir, 'README'), 'Not mail.\n');
  assert.deepEqual((await collect(dir)).map(subject), ['a', 'z']);
});

test('an unreadable folder is a SourceError naming it', {
  skip: process.getuid?.() === 0 && 'root reads any folder',
}, async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'locked'));
  chmodSync(join(dir, 'locked'), 0);
  t.after(() => chmodSync(join(dir, 'locked'), 0o755));
  await assert.rejects(collect(dir), (e: Error) => e instanceof SourceError && e.message.includes('locked'));
});

test('a missing folder is a SourceError', async () => {
  await assert.rejects(collect('/nonexistent/maildir'), {
    name: 'SourceError',
    message: 'no such file: /nonexistent/maildir',
  });
});

test(
  'corpus: notmuch-test-corpora gives its 320 messages, README and licences skipped',
  needsCorpus,
  async () => {
    // Python: mailbox.Maildir finds 256 messages in the 7 Maildirs (default, default/foo, default/foo/baz,
    // default/bar, default/bar/baz, lkml, threading/parent-priority — after adding the cur/new/tmp it
    // insists on); email.message_from_binary_file parses the 64 plain files elsewhere as messages;
    // 256 + 64 = 320 (corpus README: 320 files = 320 messages). COPYING, COPYING-GPL-3, README and
    // README.md are no mail.
    const root = corpus('notmuch-test-corpora');
    const messages = await collect(root);
    assert.equal(messages.length, 320);
    assert.equal(new Set(messages.map((m) => m.origin)).size, 320);
    const order = messages.map((m) => relative(root, m.origin));
    assert.deepEqual(order.slice(0, 3), [
      'attachment/text-calendar.eml',
      'attachment/x-gtar-compressed.eml',
      'broken/broken-cc',
    ]);
    assert.equal(order.filter((p) => p.startsWith('lkml/cur/')).length, 210);
    // default/: its own files (01:2, 02:2,) sorted with cur/ and new/ by leading number, before default/bar/.
    const defaults = order.filter((p) => p.startsWith('default/'));
    assert.deepEqual(defaults.slice(0, 2), ['default/01:2,', 'default/02:2,']);
    assert.ok(defaults.indexOf('default/bar/17:2,') > defaults.indexOf('default/new/04:2,'));
    // insert/mbox-attachment.eml starts with an envelope line and carries a git-format-patch mbox: one message.
    const insert = messages.find((m) => m.origin.endsWith('mbox-attachment.eml'))!;
    assert.equal(insert.envelopeDate?.toISOString(), '2022-02-05T09:19:10.000Z');
    assert.ok(!order.some((p) => /COPYING|README/.test(p)));
  },
);
