// Bad input gets one clear line on stderr and a non-zero exit, and writes nothing.

import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers.ts';

test('bad list names, unknown lists, missing files and non-mailboxes are refused with one line', async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'a.sqlite');
  const notMail = join(dir, 'notes.txt');
  writeFileSync(notMail, 'just some text\nwithout headers\n');

  const badName = await runCli(['--db', db, 'lists', 'add', 'Bad_Name']);
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /^listarchive: bad list name "Bad_Name"/);
  assert.equal(badName.stderr.trim().split('\n').length, 1);
  assert.equal(existsSync(db), false, 'a refused command creates no archive');

  assert.equal((await runCli(['--db', db, 'lists', 'add', 'dev'])).code, 0);

  const unknown = await runCli(['--db', db, 'import', '--list', 'nope', notMail]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown list "nope"/);

  const missing = await runCli(['--db', db, 'import', '--list', 'dev', join(dir, 'missing.mbox')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file/);

  const notMailbox = await runCli(['--db', db, 'import', '--list', 'dev', notMail]);
  assert.equal(notMailbox.code, 2);
  assert.match(notMailbox.stderr, /not a mailbox/);

  const badCommand = await runCli(['--db', db, 'frobnicate']);
  assert.equal(badCommand.code, 2);

  const badTz = await runCli(['--db', db, 'lists', 'edit', 'dev', '--tz', 'Mars/Olympus']);
  assert.equal(badTz.code, 2);
  assert.match(badTz.stderr, /unknown time zone/);

  for (const r of [unknown, missing, notMailbox, badTz])
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const stats = JSON.parse((await runCli(['--db', db, 'stats', '--json'])).stdout);
  assert.equal(stats.messages, 0);
});

test('an archive location no backend opens is refused with one line, and nothing is created', async (t) => {
  const dir = tempDir(t);
  for (const db of ['postgres2://archive@db.example.org/archive', 'mysql://archive@localhost/archive']) {
    const r = await runCli(['--db', db, 'lists', 'add', 'dev'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^listarchive: unsupported archive location ".*…": use a file path \(SQLite\) or postgres:\/\//,
    );
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  // what SQLite would have made of such a name: a folder named after the scheme
  assert.equal(existsSync(join(dir, 'postgres2:')), false);
  assert.equal(existsSync(join(dir, 'mysql:')), false);
  // a server that is not there: one line, no stack trace (port 1 on loopback refuses at once)
  const refused = await runCli(['--db', 'postgres://archive@127.0.0.1:1/archive', 'lists']);
  assert.notEqual(refused.code, 0);
  assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  assert.doesNotMatch(refused.stderr, /\n\s+at /);
});
