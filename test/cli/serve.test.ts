// `listarchive serve` as a process: it listens, answers, notices mail delivered while it runs, serves
// from several workers, stops cleanly on SIGTERM, and reports set-up mistakes in one line. The
// first two run on each backend.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachBackend } from '../backends.ts';
import { repoRoot, runCli, tempDir } from '../helpers.ts';
import { startServer, stop } from './server-process.ts';

const SAMPLE = join(repoRoot, 'examples/fedora-devel-2010-01.mbox.gz');

/**
 * The answer to a GET once the server has seen the commits made before it: at once on SQLite; a
 * PostgreSQL server learns of them by a notification that comes a moment after the commit.
 */
async function fetchSettled(url: string, init: RequestInit, settled: (r: Response) => boolean) {
  let response = await fetch(url, init);
  for (let waited = 0; !settled(response) && waited < 5000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    response = await fetch(url, init);
  }
  return response;
}

forEachBackend(test, 'serve answers, sees new mail, and stops on SIGTERM', async (t, backend) => {
  const db = await backend.location(t);
  const env = { LISTARCHIVE_DB: db };
  assert.equal((await runCli(['lists', 'add', 'dev', '--section', 'Dev'], { env })).code, 0);
  const config = join(tempDir(t), 'site.toml');
  writeFileSync(config, 'title = "Process test"\nsections = ["Dev"]\n');
  const { child, url } = await startServer(['--config', config, '--base-path', '/archive'], env);
  t.after(() => child.kill('SIGKILL'));
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/archive\/$/);
  const empty = await fetch(url);
  assert.equal(empty.status, 200);
  assert.match(await empty.text(), /<title>Process test<\/title>/);
  assert.equal((await fetch(`${url}dev/2010/01/04/`)).status, 404);
  assert.equal((await runCli(['import', '--workers', '0', '--list', 'dev', SAMPLE], { env })).code, 0);
  const day = await fetchSettled(
    `${url}dev/2010/01/04/`,
    { headers: { 'Accept-Encoding': 'br' } },
    (r) => r.status !== 404,
  );
  assert.equal(day.status, 200);
  assert.equal(day.headers.get('content-encoding'), 'br');
  assert.match(await day.text(), /dev mailing list - 2010\/01\/04/);
  assert.equal(await stop(child), 0);
});

forEachBackend(test, 'serve --workers 2 shares one port', async (t, backend) => {
  const db = await backend.location(t);
  const env = { LISTARCHIVE_DB: db };
  assert.equal((await runCli(['lists', 'add', 'dev'], { env })).code, 0);
  const { child, url } = await startServer(['--workers', '2'], env);
  t.after(() => child.kill('SIGKILL'));
  const answers = await Promise.all(
    Array.from({ length: 8 }, () => fetch(`${url}healthz`).then((r) => r.text())),
  );
  assert.deepEqual(answers, Array(8).fill('ok\n'));
  assert.equal(await stop(child), 0);
});

test('set-up mistakes are one line and exit 2', async (t) => {
  const dir = tempDir(t);
  const missing = await runCli(['serve', '--port', '0'], {
    env: { LISTARCHIVE_DB: join(dir, 'none.sqlite') },
  });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^listarchive: no archive at .*none.sqlite/);
  const bad = join(dir, 'bad.toml');
  writeFileSync(bad, 'colour = "blue"\n');
  const config = await runCli(['serve', '--config', bad], {
    env: { LISTARCHIVE_DB: join(dir, 'none.sqlite') },
  });
  assert.equal(config.code, 2);
  assert.match(config.stderr, /bad.toml: unknown key "colour"/);
  assert.equal((await runCli(['serve', '--port', 'x'])).code, 2);
  assert.equal((await runCli(['serve', '--base-path', 'no slash'])).code, 2);
});
