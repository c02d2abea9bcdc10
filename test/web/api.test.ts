// `/api/v1/…` (docs/api.md): lists, a list's calendar, a day, a message (the `show --json` object plus
// its blists url), a thread as a flat tree.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { messageJson } from '../../src/archive/message-json.ts';
import { parseMessage } from '../../src/mail/parse.ts';
import { buildArchive, get } from './archive-fixture.ts';

const fx = await buildArchive({ after });

async function json(path: string) {
  const { status, response, text } = await get(fx.app, path);
  assert.equal(status, 200, path);
  assert.match(response.headers.get('content-type')!, /^application\/json/);
  return JSON.parse(text);
}

test('lists: every list with counts, days and url', async () => {
  const { lists } = await json('/api/v1/lists');
  const fedora = lists.find((l: { name: string }) => l.name === 'fedora-devel');
  assert.deepEqual(fedora, {
    name: 'fedora-devel',
    title: 'Fedora development',
    description: 'The fedora-devel list',
    section: 'Fedora',
    messages: 292,
    firstDay: fedora.firstDay,
    lastDay: fedora.lastDay,
    url: '/fedora-devel/',
  });
  assert.match(fedora.firstDay, /^\d{4}-\d\d-\d\d$/);
});

test('calendar: years → months → days, counts adding up', async () => {
  const calendar = await json('/api/v1/fedora-devel');
  assert.equal(calendar.messages, 292);
  let total = 0;
  for (const year of calendar.years) {
    assert.equal(
      year.count,
      year.months.reduce((n: number, m: { count: number }) => n + m.count, 0),
    );
    for (const month of year.months) {
      assert.equal(
        month.count,
        month.days.reduce((n: number, d: { count: number }) => n + d.count, 0),
      );
      assert.ok(month.month.startsWith(String(year.year)));
    }
    total += year.count;
  }
  assert.equal(total, 292);
});

test('day: the messages of the day in order, with urls and neighbours', async () => {
  const day = await json('/api/v1/fedora-devel/2010/01/04');
  assert.equal(day.day, '2010-01-04');
  assert.deepEqual(
    day.messages.map((m: { n: number }) => m.n),
    day.messages.map((_: unknown, i: number) => i + 1),
  );
  assert.equal(day.messages[2].url, '/fedora-devel/2010/01/04/3');
  assert.match(day.prevDay, /^2010-01-0[1-3]$/);
  assert.match(day.nextDay, /^2010-01-\d\d$/);
});

test('message: the show --json object plus url (obfuscation aside)', async () => {
  const api = await json('/api/v1/fedora-plain/2010/01/04/3');
  const plain = (await fx.reader.getList('fedora-plain'))!;
  const entry = (await fx.reader.read.entriesInList(plain.id, api.messageId))[0];
  const parsed = await parseMessage(await fx.reader.read.raw(entry.storedId));
  assert.deepEqual(api, {
    ...JSON.parse(JSON.stringify(messageJson(entry, parsed.text))),
    url: '/fedora-plain/2010/01/04/3',
  });
});

test('thread: flat rows in display order with depth, parents and ghosts', async () => {
  const edge = (await fx.writer.getList('edge'))!;
  const child = (await fx.writer.read.entriesInList(edge.id, 'child@edge'))[0];
  const thread = await json(`/api/v1/edge/thread/${child.threadId}`);
  assert.deepEqual(
    thread.messages.map((m: { messageId: string; depth: number; ghost: boolean }) => [
      m.messageId,
      m.depth,
      m.ghost,
    ]),
    [
      ['root@edge', 0, false],
      ['missing@edge', 1, true],
      ['child@edge', 2, false],
    ],
  );
  assert.equal(thread.messages[1].parentId, 'root@edge');
  assert.equal(thread.messages[2].url, `/edge/${child.day.replaceAll('-', '/')}/${child.n}`);
});

test('API errors are 404 / 400', async () => {
  assert.equal((await get(fx.app, '/api/v1/nope')).status, 404);
  assert.equal((await get(fx.app, '/api/v1/fedora-devel/2010/01/31')).status, 404);
  assert.equal((await get(fx.app, '/api/v1/fedora-devel/2010/02/30')).status, 400);
  assert.equal((await get(fx.app, '/api/v1/fedora-devel/2010/01/04/999')).status, 404);
  assert.equal((await get(fx.app, '/api/v1/fedora-devel/thread/999999')).status, 404);
  assert.equal((await get(fx.app, '/api/v1/fedora-devel/thread/x')).status, 404);
});
