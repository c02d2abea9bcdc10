// `serve` against a hot standby: a PostgreSQL streaming replica of the archive's database. The web
// opens it read-only, shows what the primary holds, and shows mail committed on the primary on a
// later request without a restart (LISTEN is refused on a standby: the change watch reads the state
// row there once a second, docs/store.md).

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { test } from 'node:test';
import { importMessages } from '../../src/archive/ingest.ts';
import { newListSettings } from '../../src/archive/lists.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { openStore } from '../../src/store/open.ts';
import { createApp } from '../../src/web/app.ts';
import { postgresBackend } from '../backends.ts';
import { runProgram } from '../helpers.ts';
import { mail, messages } from '../web/archive-fixture.ts';

const adminUrl = process.env.LISTARCHIVE_TEST_PG;

test('serve on a hot standby shows the mail of the primary, and new mail without a restart', {
  skip: postgresBackend.skip,
}, async (t) => {
  const primaryUrl = await postgresBackend.location(t);
  const primary = await openStore(primaryUrl);
  t.after(() => primary.close());
  const dev = await primary.addList(newListSettings('dev'));
  await importMessages(
    primary,
    dev,
    messages([
      mail({ id: 'first@replica', subject: 'before the replica', date: 'Mon, 04 Jan 2010 10:00:00 +0000' }),
    ]),
    inlinePreparer,
  );

  // the replica: a base backup of the test cluster, streaming from it (under /tmp: when the tests
  // run as root, the standby runs as the postgres user, who must reach its folder)
  const dir = mkdtempSync('/tmp/listarchive-standby-');
  const started = await runProgram('bash', ['scripts/test-postgres.sh', 'standby', dir, adminUrl!]);
  t.after(() => runProgram('bash', ['scripts/test-postgres.sh', 'stop', dir]));
  assert.equal(started.code, 0, started.stderr.toString());
  const replicaUrl = new URL(primaryUrl);
  replicaUrl.port = new URL(started.stdout.toString().trim()).port;

  const replica = await openStore(replicaUrl.href, { readonly: true });
  t.after(() => replica.close());
  const app = await createApp({ store: replica, logError: () => {} });
  const list = await app.request('/dev/');
  assert.equal(list.status, 200);
  assert.match(await list.text(), /before the replica/);

  await importMessages(
    primary,
    dev,
    messages([
      mail({ id: 'second@replica', subject: 'after the replica', date: 'Tue, 05 Jan 2010 10:00:00 +0000' }),
    ]),
    inlinePreparer,
  );
  // streaming replication, then the standby's once-a-second look at the state row, which renews the
  // cached list page: a few seconds at most
  const listPage = async () => (await app.request('/dev/')).text();
  let page = await listPage();
  for (let waited = 0; !page.includes('after the replica') && waited < 10_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    page = await listPage();
  }
  assert.match(page, /after the replica/);
  assert.equal((await app.request('/dev/second@replica/')).status, 200);
  // a standby takes no writes: the store says so instead of losing them
  await assert.rejects(replica.addList(newListSettings('other')));
});
