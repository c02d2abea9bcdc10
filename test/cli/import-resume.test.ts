// A `kill -9` in the middle of a large import, then the same import again, gives exactly the state of
// one clean import: same messages, same day/N, same threads — on each backend.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { backendOf } from '../../src/store/open.ts';
import { forEachBackend } from '../backends.ts';
import { corpus, needsCorpus, repoRoot, runCli } from '../helpers.ts';

const OPENBMC = 'openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz';

/** Entries committed so far, read past the store (the importing process holds it). */
async function committedEntries(db: string): Promise<number> {
  if (backendOf(db) === 'postgres') {
    const sql = postgres(db, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ c: number }[]>`SELECT count(*)::int AS c FROM entries`;
      return row.c;
    } catch {
      return 0; // the importing process has not made the tables yet
    } finally {
      await sql.end();
    }
  }
  try {
    const handle = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (handle.prepare('SELECT count(*) AS c FROM entries').get() as { c: number }).c;
    } finally {
      handle.close();
    }
  } catch {
    return 0;
  }
}

async function exportState(db: string) {
  const out = await runCli(['--db', db, 'export', '--list', 'openbmc', '--jsonl']);
  assert.equal(out.code, 0, out.stderr);
  const stats = JSON.parse((await runCli(['--db', db, 'stats', '--json'])).stdout);
  delete stats.databaseBytes;
  return { lines: out.stdout, stats };
}

forEachBackend(
  test,
  'an import killed with SIGKILL and run again equals one clean import',
  async (t, backend) => {
    if (needsCorpus.skip) return t.skip(needsCorpus.skip);
    const clean = await backend.location(t);
    const killed = await backend.location(t);
    for (const db of [clean, killed])
      assert.equal((await runCli(['--db', db, 'lists', 'add', 'openbmc'])).code, 0);

    const child = spawn(process.execPath, [
      join(repoRoot, 'bin/listarchive.js'),
      '--db',
      killed,
      'import',
      '--list',
      'openbmc',
      corpus(OPENBMC),
    ]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill once some batches have committed but long before the end.
    while ((await committedEntries(killed)) < 1000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const partial = await committedEntries(killed);
    assert.ok(partial > 0 && partial < 10_000, `killed part-way (after ${partial} messages)`);

    const resumed = await runCli(['--db', killed, 'import', '--list', 'openbmc', corpus(OPENBMC)]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const once = await runCli(['--db', clean, 'import', '--list', 'openbmc', corpus(OPENBMC)]);
    assert.equal(once.code, 0, once.stderr);

    const a = await exportState(clean);
    const b = await exportState(killed);
    // Python's mailbox finds 11,000 messages; 4 repeat another's content apart from transport headers.
    assert.equal(a.stats.messages, 10_996);
    assert.deepEqual(b.stats, a.stats);
    assert.equal(b.lines, a.lines, 'every message, day/N, thread and parent identical');
  },
);
