// Several hosts on one PostgreSQL archive: four `deliver` processes write one list at once while two
// `serve` processes answer. Nothing is lost or stored twice, every message has one day/N (unique, N
// 1..count per day, never renumbered), and both servers show new mail on their next request: they
// learn of commits from the database (LISTEN/NOTIFY), not from a restart or a shared file.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgresBackend } from '../backends.ts';
import { runCli } from '../helpers.ts';
import { startServer, stop } from './server-process.ts';

const WRITERS = 4;
const PER_WRITER = 30;

function post(writer: number, i: number): string {
  // three days, so N restarts per day; replies chain each writer's messages into one thread
  const day = 4 + (i % 3);
  return [
    `Received: from mx${writer}.example.org by lists.example.org; Mon, ${day} Jan 2010 10:00:00 +0000`,
    `From: Writer ${writer} <w${writer}@example.org>`,
    'To: dev@example.org',
    `Subject: message ${i} from writer ${writer}`,
    `Message-ID: <w${writer}-m${i}@example.org>`,
    ...(i > 0 ? [`In-Reply-To: <w${writer}-m${i - 1}@example.org>`] : []),
    `Date: ${day} Jan 2010 10:00:00 +0000`,
    '',
    `Body ${i} of writer ${writer}.`,
    '',
  ].join('\n');
}

test('four deliver processes and two servers on one PostgreSQL archive', {
  skip: postgresBackend.skip,
}, async (t) => {
  const db = await postgresBackend.location(t);
  const env = { LISTARCHIVE_DB: db };
  assert.equal((await runCli(['lists', 'add', 'dev'], { env })).code, 0);
  const first = await runCli(['deliver', '--list', 'dev'], { env, input: post(9, 0) });
  assert.equal(first.code, 0, first.stderr);
  const servers = await Promise.all([startServer([], env), startServer([], env)]);
  t.after(() => Promise.all(servers.map((s) => stop(s.child))));
  // both servers have drawn (and cached) the list page before the new mail comes
  for (const { url } of servers) assert.match(await (await fetch(`${url}dev/`)).text(), /1 message in total/);

  const writer = async (w: number) => {
    for (let i = 0; i < PER_WRITER; i++) {
      const r = await runCli(['deliver', '--list', 'dev'], { env, input: post(w, i) });
      assert.equal(r.code, 0, r.stderr);
      // while the writers run, the servers keep answering
      if (i % 10 === 0) for (const { url } of servers) assert.equal((await fetch(`${url}dev/`)).status, 200);
    }
    // an MTA retry of a message already stored
    const retry = await runCli(['deliver', '--list', 'dev'], { env, input: post(w, 0) });
    assert.equal(retry.code, 0, retry.stderr);
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

  const total = WRITERS * PER_WRITER + 1;
  const stats = JSON.parse((await runCli(['stats', '--list', 'dev', '--json'], { env })).stdout);
  assert.equal(stats.messages, total);
  assert.equal(stats.threads, WRITERS + 1, 'each writer chain is one thread');
  const entries = (await runCli(['export', '--list', 'dev', '--jsonl'], { env })).stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { messageId: string; day: string; n: number });
  assert.equal(new Set(entries.map((e) => e.messageId)).size, total);
  const byDay = new Map<string, number[]>();
  for (const e of entries) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e.n]);
  for (const [day, ns] of byDay)
    assert.deepEqual(
      ns.sort((a, b) => a - b),
      Array.from({ length: ns.length }, (_, i) => i + 1),
      `N runs 1..count without gaps on ${day}`,
    );

  // Both servers show the new mail on their next request, without a restart.
  for (const { url } of servers) {
    const page = await (await fetch(`${url}dev/`)).text();
    assert.match(page, new RegExp(`${total} messages in total`), `${url} shows every message`);
    for (let w = 0; w < WRITERS; w++) {
      const last = await fetch(`${url}dev/w${w}-m${PER_WRITER - 1}@example.org/`);
      assert.equal(last.status, 200, `${url} has writer ${w}'s last message`);
    }
  }
});
