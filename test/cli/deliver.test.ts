// `deliver` under an MTA: concurrent deliveries lose and duplicate nothing.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers.ts';

const PROCESSES = 8;
const PER_PROCESS = 200;

function post(writer: number, i: number): string {
  return [
    `Received: from mx${writer}.example.org by lists.example.org; Mon, 4 Jan 2010 10:${String(i % 60).padStart(2, '0')}:00 +0000`,
    `From: Writer ${writer} <w${writer}@example.org>`,
    'To: dev@example.org',
    `Subject: message ${i} from writer ${writer}`,
    `Message-ID: <w${writer}-m${i}@example.org>`,
    ...(i > 0 ? [`In-Reply-To: <w${writer}-m${i - 1}@example.org>`] : []),
    'Date: Mon, 4 Jan 2010 10:00:00 +0000',
    '',
    `Body ${i} of writer ${writer}.`,
    '',
  ].join('\n');
}

test(`${PROCESSES} concurrent deliver processes x ${PER_PROCESS} messages lose and duplicate nothing`, async (t) => {
  const db = join(tempDir(t), 'archive.sqlite');
  assert.equal((await runCli(['--db', db, 'lists', 'add', 'dev'])).code, 0);
  const writer = async (w: number) => {
    // Each writer delivers its messages one after the other; one message is delivered twice (an MTA retry).
    for (let i = 0; i < PER_PROCESS; i++) {
      const r = await runCli(['--db', db, 'deliver', '--list', 'dev'], { input: post(w, i) });
      assert.equal(r.code, 0, r.stderr);
    }
    const retry = await runCli(['--db', db, 'deliver', '--list', 'dev'], { input: post(w, 0) });
    assert.equal(retry.code, 0, retry.stderr);
  };
  // 8 independent delivery chains run at once: 8 processes are always contending for the store.
  await Promise.all(Array.from({ length: PROCESSES }, (_, w) => writer(w)));
  const stats = JSON.parse((await runCli(['--db', db, 'stats', '--list', 'dev', '--json'])).stdout);
  assert.equal(stats.messages, PROCESSES * PER_PROCESS);
  assert.equal(stats.threads, PROCESSES, 'each writer chain is one thread');
  const lines = (await runCli(['--db', db, 'export', '--list', 'dev', '--jsonl'])).stdout.trim().split('\n');
  const ids = new Set(lines.map((l) => JSON.parse(l).messageId));
  assert.equal(ids.size, PROCESSES * PER_PROCESS);
  const ns = lines.map((l) => JSON.parse(l).n).sort((a, b) => a - b);
  assert.deepEqual(
    ns,
    Array.from({ length: ns.length }, (_, i) => i + 1),
    'N runs 1..count without gaps on the single day',
  );
});

test('deliver exits 75 (EX_TEMPFAIL) and keeps nothing half-done when the list is unknown', async (t) => {
  const db = join(tempDir(t), 'archive.sqlite');
  const r = await runCli(['--db', db, 'deliver', '--list', 'ghost'], { input: post(0, 0) });
  assert.equal(r.code, 75);
  assert.match(r.stderr, /try again later/);
});
