// `listarchive copy` moves an archive between stores without changing anything a reader can see: the
// same bytes, the same lists and settings, every message at the same day/N in the same thread, the
// same ghosts and the same search answers. Run again, it writes nothing; run back, it gives the
// original again. PostgreSQL round trips run where the test cluster is (LISTARCHIVE_TEST_PG).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { search } from '../../src/search/search.ts';
import { openStore } from '../../src/store/open.ts';
import { postgresBackend } from '../backends.ts';
import { repoRoot, runCli, tempDir } from '../helpers.ts';

const SAMPLE = join(repoRoot, 'examples/fedora-devel-2010-01.mbox.gz');
/** Queries over subjects, senders, unquoted and quoted text, patches and dates. */
const QUERIES = [
  'rawhide',
  's:orphan',
  'f:redhat.com',
  'q:wrote',
  'nq:package AND NOT q:package',
  'd:20100105..',
];

let fixtureDir = '';
/** A source archive with two lists: the whole sample, and every third message of it cross-posted. */
let source = '';

before(async () => {
  fixtureDir = mkdtempSync(join(tmpdir(), 'listarchive-copy-'));
  source = join(fixtureDir, 'source.sqlite');
  const digest = join(fixtureDir, 'digest.mbox');
  writeFileSync(
    digest,
    Buffer.concat(mboxMessages(gunzipSync(readFileSync(SAMPLE))).filter((_, i) => i % 3 === 0)),
  );
  await cli(
    ['lists', 'add', 'fedora-devel', '--title', 'Fedora development', '--section', 'Linux'],
    ['--address', 'fedora-devel-list@redhat.com', '--subject-tag', '[fedora]', '--tz', 'UTC'],
  );
  await cli(
    ['lists', 'add', 'fedora-digest', '--title', 'Digest', '--section', 'Archive'],
    ['--tz', 'America/New_York', '--no-obfuscate'],
  );
  await cli(['import', '--list', 'fedora-devel', SAMPLE]);
  await cli(['import', '--list', 'fedora-digest', digest]);

  async function cli(...args: string[][]) {
    const result = await runCli(['--db', source, ...args.flat()]);
    assert.equal(result.code, 0, result.stderr);
  }
});

after(() => rmSync(fixtureDir, { recursive: true, force: true }));

/** The sample's messages, split at its `From ` lines (mboxo: body lines that start so are quoted). */
function mboxMessages(mbox: Buffer): Buffer[] {
  const starts: number[] = [];
  for (let at = 0; at >= 0 && at < mbox.length; at = mbox.indexOf('\nFrom ', at)) {
    starts.push(at === 0 ? 0 : at + 1);
    at++;
  }
  return starts.map((start, i) => mbox.subarray(start, starts[i + 1] ?? mbox.length));
}

async function copy(from: string, to: string, ...extra: string[]) {
  return runCli(['copy', '--from', from, '--to', to, ...extra]);
}

async function copied(from: string, to: string, ...extra: string[]): Promise<string> {
  const result = await copy(from, to, ...extra);
  assert.equal(result.code, 0, result.stderr);
  return result.stderr;
}

/** What the CLI shows of an archive: every list's export and stats, and the whole archive's stats. */
async function cliView(db: string) {
  const view: Record<string, unknown> = {};
  const lists = await runCli(['--db', db, 'lists', '--json']);
  assert.equal(lists.code, 0, lists.stderr);
  view.lists = JSON.parse(lists.stdout);
  for (const name of [null, ...(view.lists as { name: string }[]).map((l) => l.name)]) {
    const args = name === null ? [] : ['--list', name];
    const stats = await runCli(['--db', db, 'stats', '--json', ...args]);
    assert.equal(stats.code, 0, stats.stderr);
    const { databaseBytes: _size, ...counts } = JSON.parse(stats.stdout);
    view[`stats ${name ?? 'all'}`] = counts;
    if (name === null) continue;
    const exported = await runCli(['--db', db, 'export', '--jsonl', ...args]);
    assert.equal(exported.code, 0, exported.stderr);
    view[`export ${name}`] = exported.stdout;
  }
  return view;
}

/**
 * What the store holds, read through the seam (so any backend): each entry's address and thread,
 * the stored message as kept (compressed bytes, codec, content key, sizes, fields, excerpt) and its
 * bytes, each list's containers and next thread id, and how many messages are stored once for
 * several lists. Stored row ids are left out: they are the one thing a copy may number anew.
 */
async function storeView(location: string, withSearch: boolean) {
  const store = await openStore(location, { readonly: true });
  try {
    const lists: Record<string, unknown> = {};
    const storedIds = new Set<number>();
    let entries = 0;
    for (const list of await store.allLists()) {
      const rows = [];
      for await (const entry of store.read.entries(list.id)) {
        const stored = await store.read.storedMessage(entry.storedId);
        assert.ok(stored, `stored message of ${list.name} seq ${entry.seq}`);
        const { storedId: _id, ...kept } = stored;
        const { seq, day, n, threadId, parentId, messageId } = entry;
        rows.push({
          seq,
          day,
          n,
          threadId,
          parentId,
          messageId,
          kept,
          raw: await store.read.raw(entry.storedId),
        });
        storedIds.add(entry.storedId);
        entries++;
      }
      const containers = (await store.read.allContainers(list.id)).sort((a, b) =>
        a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0,
      );
      lists[list.name] = { rows, containers, nextThreadId: await store.read.nextThreadId(list.id) };
    }
    const found: Record<string, unknown> = {};
    if (withSearch) {
      for (const query of QUERIES) found[query] = await search(store.read, query, { limit: 200 });
    }
    return { lists, entries, stored: storedIds.size, found };
  } finally {
    await store.close();
  }
}

function fileHash(path: string): string {
  const hash = createHash('sha256');
  for (const file of [path, `${path}-wal`]) if (existsSync(file)) hash.update(readFileSync(file));
  return hash.digest('hex');
}

test('the source archive has what a copy must keep: cross-posts, ghosts, two time zones', async () => {
  const view = await storeView(source, false);
  assert.equal(view.entries, 292 + 98);
  assert.equal(view.stored, 292, 'the cross-posted messages are stored once');
  const all = (await cliView(source))['stats all'] as { ghosts: number; threads: number };
  assert.ok(all.ghosts > 0 && all.threads > 0);
});

test('SQLite to SQLite: the same archive, a second run writes nothing, a copy back is the same', async (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'new', 'copy.sqlite');
  const first = await copied(source, target);
  assert.match(first, /^2 list\(s\) \(2 created\): 390 messages copied, 0 already present, [\d.]+ s\n$/);

  const expected = await cliView(source);
  assert.deepEqual(await cliView(target), expected);
  const stored = await storeView(source, true);
  assert.ok(Object.values(stored.found).some((r) => (r as { total: number }).total > 0));
  assert.deepEqual(await storeView(target, true), stored);

  const before = fileHash(target);
  const again = await copied(source, target);
  assert.match(again, /^2 list\(s\): nothing to copy, the target has it all, 390 already present/);
  assert.equal(fileHash(target), before, 'the second run wrote nothing');

  const back = join(dir, 'back.sqlite');
  await copied(target, back);
  assert.deepEqual(await cliView(back), expected);
  assert.deepEqual(await storeView(back, true), stored);
  assert.match(await copied(back, source), /nothing to copy/);
});

test('--list copies only the lists named; a later copy adds the rest and what the source gained', async (t) => {
  const dir = tempDir(t);
  // An earlier state of the source: the first hundred messages of the sample in one list.
  const earlier = join(dir, 'earlier.sqlite');
  const hundred = join(dir, 'hundred.mbox');
  writeFileSync(hundred, Buffer.concat(mboxMessages(gunzipSync(readFileSync(SAMPLE))).slice(0, 100)));
  for (const args of [
    ['lists', 'add', 'fedora-devel', '--title', 'Fedora development', '--section', 'Linux'],
    ['import', '--list', 'fedora-devel', hundred],
  ]) {
    const result = await runCli(['--db', earlier, ...args]);
    assert.equal(result.code, 0, result.stderr);
  }
  const target = join(dir, 'target.sqlite');
  assert.match(await copied(earlier, target), /100 messages copied/);

  const digestOnly = await copied(source, target, '--list', 'fedora-digest');
  assert.match(digestOnly, /^1 list\(s\) \(1 created\): 98 messages copied, 0 already present/);
  const rest = await copied(source, target);
  assert.match(rest, /^2 list\(s\): 192 messages copied, 198 already present/m);
  assert.match(rest, /^note: list "fedora-devel" has other settings in .*; kept them$/m);
  assert.match(await copied(source, target), /nothing to copy/);
  const { lists: _settings, ...sourceView } = await cliView(source);
  const { lists: _kept, ...targetView } = await cliView(target);
  assert.deepEqual(targetView, sourceView);
  assert.deepEqual((await storeView(target, true)).found, (await storeView(source, true)).found);
});

/** A small message delivered on 2010-01-04 at `hour`, with extra header lines. */
function composed(name: string, hour: number, headers = ''): string {
  return (
    `From ${name}@example.org Mon Jan  4 ${hour}:00:00 2010\nMessage-ID: <${name}@example.org>\n` +
    `From: ${name} <${name}@example.org>\nSubject: about ${name}\nDate: Mon, 4 Jan 2010 ${hour}:00:00 +0000\n` +
    `${headers}\nbody of ${name}\n\n`
  );
}

test('a target copied from an earlier state takes the threads the source joined since', async (t) => {
  const dir = tempDir(t);
  // a and b start two threads; c, later, names both (and a ghost): b's thread becomes a's.
  const early = composed('a', 10) + composed('b', 11);
  const late = `${early}${composed('c', 12, 'References: <a@example.org> <gone@example.org> <b@example.org>\n')}`;
  const archives: Record<string, string> = {};
  for (const [name, mbox] of Object.entries({ early, late })) {
    archives[name] = join(dir, `${name}.sqlite`);
    writeFileSync(join(dir, `${name}.mbox`), mbox);
    for (const args of [
      ['lists', 'add', 'fedora-devel'],
      ['import', '--list', 'fedora-devel', join(dir, `${name}.mbox`)],
    ]) {
      const result = await runCli(['--db', archives[name], ...args]);
      assert.equal(result.code, 0, result.stderr);
    }
  }
  const threads = async (db: string) => (await storeView(db, false)).lists;
  const before = (await threads(archives.early)) as Record<string, { rows: { threadId: number }[] }>;
  const after = (await threads(archives.late)) as Record<string, { rows: { threadId: number }[] }>;
  assert.notEqual(before['fedora-devel'].rows[1].threadId, after['fedora-devel'].rows[1].threadId);

  const target = join(dir, 'target.sqlite');
  await copied(archives.early, target);
  assert.match(await copied(archives.late, target), /^1 list\(s\): 1 messages copied, 2 already present/);
  assert.deepEqual(await threads(target), after);
  assert.deepEqual(await cliView(target), await cliView(archives.late));
  assert.match(await copied(archives.late, target), /nothing to copy/);

  // The other way round the target is ahead: what it holds past the source's end stays as it is.
  const ahead = fileHash(target);
  assert.match(
    await copied(archives.early, target),
    /nothing to copy, the target has it all, 2 already present/,
  );
  assert.equal(fileHash(target), ahead);
});

test('a target whose list holds other messages at the same places is refused, and nothing is written', async (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'target.sqlite');
  // The digest's messages under the other list's name: seq 1 agrees, seq 2 does not.
  const digest = join(dir, 'digest.mbox');
  writeFileSync(
    digest,
    Buffer.concat(mboxMessages(gunzipSync(readFileSync(SAMPLE))).filter((_, i) => i % 3 === 0)),
  );
  for (const args of [
    ['lists', 'add', 'fedora-devel'],
    ['import', '--list', 'fedora-devel', digest],
  ]) {
    assert.equal((await runCli(['--db', target, ...args])).code, 0);
  }
  const before = fileHash(target);
  const refused = await copy(source, target);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /^listarchive: list "fedora-devel" has diverged: at seq 2 the source has <.+> on .+, the target <.+>/,
  );
  assert.match(refused.stderr, /nothing was copied\n$/);
  assert.equal(refused.stderr.split('\n').length, 2, 'one line');
  assert.equal(fileHash(target), before, 'not even the missing list was created');
});

test('copy refuses the same archive twice, a missing source and an unknown list in one line', async (t) => {
  const dir = tempDir(t);
  const cases: [string[], RegExp][] = [
    [
      ['--from', source, '--to', join(fixtureDir, '.', 'source.sqlite')],
      /--from and --to name the same archive/,
    ],
    [
      ['--from', join(dir, 'none.sqlite'), '--to', join(dir, 'b.sqlite')],
      /--from: no archive at .*none\.sqlite/,
    ],
    [['--from', source, '--to', join(dir, 'b.sqlite'), '--list', 'nope'], /the source has no list "nope"/],
    [['--from', source, '--to', 'mysql://host/db'], /--to: unsupported archive location/],
    [
      ['--from', 'postgres://u@localhost/a', '--to', 'postgresql://other@127.0.0.1:5432/a'],
      /--from and --to name the same archive/,
    ],
    [['--from', source], /copy needs --from DB and --to DB/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(['copy', ...args]);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.split('\n').length, 2, `one line: ${result.stderr}`);
  }
  assert.equal(existsSync(join(dir, 'b.sqlite')), false, 'a refused copy creates no target');
});

test('SQLite to PostgreSQL and back keeps everything', { skip: postgresBackend.skip }, async (t) => {
  const server = await postgresBackend.location(t);
  const first = await copied(source, server);
  assert.match(first, /^2 list\(s\) \(2 created\): 390 messages copied, 0 already present/);
  const expected = await cliView(source);
  assert.deepEqual(await cliView(server), expected);
  const stored = await storeView(source, true);
  const { found: _search, ...kept } = stored;
  // The two backends' full-text engines rank and tokenise on their own; what is kept must not differ.
  assert.deepEqual({ ...(await storeView(server, false)), found: undefined }, { ...kept, found: undefined });

  assert.match(await copied(source, server), /nothing to copy, the target has it all, 390 already present/);

  const back = join(tempDir(t), 'back.sqlite');
  await copied(server, back);
  assert.deepEqual(await cliView(back), expected);
  assert.deepEqual(await storeView(back, true), stored);
  assert.match(await copied(back, server), /nothing to copy/);
});
