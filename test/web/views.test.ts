// The view helpers every page relies on: escaping, relative links, dates, nested listings.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IndexLine } from '../../src/store/store.ts';
import { formatMailDate, monthsBetween } from '../../src/web/views/dates.ts';
import { html, joinHtml, trustedHtml } from '../../src/web/views/html.ts';
import { PageLinks } from '../../src/web/views/links.ts';
import { type ListingRow, messageListing } from '../../src/web/views/message-lists.ts';

test('html escapes every value unless it is HtmlString', () => {
  const hostile = `<script>alert("x")</script>&'`;
  assert.equal(
    html`<p title="${hostile}">${hostile}</p>`.value,
    '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
  );
  assert.equal(html`${[1, 'a<', html`<b>`, null, undefined, false]}`.value, '1a&lt;<b>');
  assert.equal(html`${trustedHtml('<i>ok</i>')}`.value, '<i>ok</i>');
  assert.equal(joinHtml(['a', html`<br>`, '<'], ', ').value, 'a, <br>, &lt;');
  assert.equal(html`${'bell\x07esc\x1b'}`.value, 'bell\uFFFDesc\uFFFD');
});

test('links are the shortest relative path from the page', () => {
  const message = new PageLinks('dev/2010/01/04/3');
  assert.equal(message.depth, 4);
  assert.equal(message.to('dev/2010/01/04/3/1'), '3/1');
  assert.equal(message.to('dev/2010/01/04/4'), '4');
  assert.equal(message.to('dev/2010/01/04/'), './');
  assert.equal(message.to('dev/2010/01/'), '../');
  assert.equal(message.to('dev/2009/12/31/7'), '../../../2009/12/31/7');
  assert.equal(message.to(''), '../../../../');
  assert.equal(message.to('_/style.css'), '../../../../_/style.css');
  const root = new PageLinks('');
  assert.equal(root.to(''), './');
  assert.equal(root.to('dev/'), 'dev/');
  const day = new PageLinks('dev/2010/01/04/');
  assert.equal(day.to('dev/2010/01/04/3'), '3');
  assert.equal(day.to('dev/2010/01/05/'), '../05/');
});

test('dates: RFC 5322 in a zone, month ranges', () => {
  const date = new Date(Date.UTC(2010, 0, 4, 23, 30, 5));
  assert.equal(formatMailDate(date, 'UTC'), 'Mon, 04 Jan 2010 23:30:05 +0000');
  assert.equal(formatMailDate(date, 'Europe/Berlin'), 'Tue, 05 Jan 2010 00:30:05 +0100');
  assert.equal(formatMailDate(date, 'America/St_Johns'), 'Mon, 04 Jan 2010 20:00:05 -0330');
  assert.deepEqual(monthsBetween('2009-11', '2010-02'), ['2009-11', '2009-12', '2010-01', '2010-02']);
});

test('listings nest by depth and never jump more than one level', () => {
  const line = (n: number): IndexLine => ({
    seq: n,
    day: '2010-01-04',
    n,
    threadId: 1,
    parentId: null,
    messageId: `m${n}`,
    subject: `s${n}`,
    fromName: 'A',
    fromAddress: '',
    date: null,
  });
  const links = new PageLinks('dev/2010/01/04/');
  const rows: ListingRow[] = [0, 1, 3, 1, 0].map((depth, i) => ({
    messageId: `m${i + 1}`,
    line: line(i + 1),
    depth,
  }));
  rows.splice(2, 0, { messageId: 'ghost', line: null, depth: 2 });
  const out = messageListing(rows, { list: 'dev', links, hide: (t) => t }).value.replace(
    /<a href="(\d)">s\d<\/a> <span class="from">\(A\)<\/span>/g,
    '$1',
  );
  assert.equal(
    out,
    '<ul class="messages"><li>1<ul><li>2<ul><li><span class="ghost">(message not in archive)</span><ul><li>3</li></ul></li></ul></li><li>4</li></ul></li><li>5</li></ul>',
  );
});
