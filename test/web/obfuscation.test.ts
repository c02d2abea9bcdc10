// Address obfuscation (DESIGN.md §3) follows the list's switch: headers shown, subjects, index lines,
// titles, the body and the JSON API — never the Message-ID.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { importMessages } from '../../src/archive/ingest.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { buildArchive, get, listSettings, mail, messages, settled } from './archive-fixture.ts';

const fx = await buildArchive({ after });

const hidden = await fx.writer.addList(listSettings('hidden', { obfuscate: true }));
const shown = await fx.writer.addList(listSettings('shown', { obfuscate: false }));
const text = mail({
  id: 'patch.v2@arm.com',
  subject: 'write to alex.williamson@redhat.com',
  from: 'Alex <alex.williamson@redhat.com>',
  date: 'Fri, 08 Jan 2010 10:00:00 +0000',
});
const reply = mail({
  id: 'reply@edge',
  subject: 'Re: write to alex.williamson@redhat.com',
  from: 'robin.murphy@arm.com',
  date: 'Fri, 08 Jan 2010 11:00:00 +0000',
  inReplyTo: 'patch.v2@arm.com',
});
for (const list of [hidden, shown])
  await importMessages(fx.writer, list, messages([text, reply]), inlinePreparer);
// the server knows the new lists once it has seen the commits (on PostgreSQL a moment later)
for (const list of ['hidden', 'shown'])
  await settled(
    () => get(fx.app, `/${list}/`),
    (a) => a.status === 200,
  );

test('obfuscation on: title, headers, subject, body, index lines, thread overview, API', async () => {
  const page = await get(fx.app, '/hidden/2010/01/08/1');
  assert.equal(page.status, 200);
  assert.match(
    page.text,
    /<title>hidden mailing list - 2010\/01\/08 - write to alex.williamson@...hat.com<\/title>/,
  );
  assert.match(page.text, /From: Alex &lt;alex.williamson@...hat.com&gt;\n/);
  assert.match(page.text, /Subject: write to alex.williamson@...hat.com\n/);
  assert.match(page.text, /Message-ID: <a href="[^"]*">&lt;patch.v2@arm.com&gt;<\/a>\n/);
  assert.match(page.text, /written by ann.example@...mple.org/);
  assert.doesNotMatch(page.text.replace(/Message-ID: [^\n]*/, ''), /redhat\.com|arm\.com|example\.org/);
  const replyPage = await get(fx.app, '/hidden/2010/01/08/2');
  assert.match(replyPage.text, /<ul class="thread">.*robin.murphy@....com/s);
  assert.doesNotMatch(replyPage.text.replace(/Message-ID: [^\n]*/, ''), /arm\.com/);
  const day = await get(fx.app, '/hidden/2010/01/08/');
  assert.match(day.text, /write to alex.williamson@...hat.com<\/a> <span class="from">\(Alex\)<\/span>/);
  assert.match(day.text, /\(robin.murphy@....com\)/);
  const list = await get(fx.app, '/hidden/');
  assert.doesNotMatch(list.text, /redhat\.com/);
  const api = JSON.parse((await get(fx.app, '/api/v1/hidden/2010/01/08/1')).text);
  assert.equal(api.messageId, 'patch.v2@arm.com');
  assert.equal(api.from.address, 'alex.williamson@...hat.com');
  assert.equal(api.subject, 'write to alex.williamson@...hat.com');
  assert.match(api.text, /ann.example@...mple.org/);
  const apiDay = JSON.parse((await get(fx.app, '/api/v1/hidden/2010/01/08')).text);
  assert.equal(apiDay.messages[1].from.address, 'robin.murphy@....com');
});

test('obfuscation off: everything shown as sent', async () => {
  const page = await get(fx.app, '/shown/2010/01/08/1');
  assert.match(
    page.text,
    /<title>shown mailing list - 2010\/01\/08 - write to alex.williamson@redhat.com<\/title>/,
  );
  assert.match(page.text, /From: Alex &lt;alex.williamson@redhat.com&gt;\n/);
  assert.match(page.text, /written by ann.example@example.org/);
  const day = await get(fx.app, '/shown/2010/01/08/');
  assert.match(day.text, /\(robin.murphy@arm.com\)/);
  const api = JSON.parse((await get(fx.app, '/api/v1/shown/2010/01/08/1')).text);
  assert.equal(api.from.address, 'alex.williamson@redhat.com');
});

test('the sample: fedora-devel hides addresses, fedora-plain shows them', async () => {
  const on = await get(fx.app, '/fedora-devel/2010/01/04/3');
  const off = await get(fx.app, '/fedora-plain/2010/01/04/3');
  assert.match(on.text, /From: Nikola Pajkovsky &lt;npajkovs@...hat.com&gt;/);
  assert.match(off.text, /From: Nikola Pajkovsky &lt;npajkovs@redhat.com&gt;/);
});
