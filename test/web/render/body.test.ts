import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html as honoHtml } from 'hono/html';
import type { ParsedMessage } from '../../../src/mail/types.ts';
import {
  formatAddress,
  renderAddress,
  renderAddressList,
  renderBody,
  renderSubject,
} from '../../../src/web/render/body.ts';
import { html } from '../../../src/web/views/html.ts';
import { parsedMessage } from '../../parsed-message.ts';

function message(fields: Partial<ParsedMessage>): ParsedMessage {
  return parsedMessage({ ...fields });
}

const on = { obfuscate: true };
const off = { obfuscate: false };

test('body: plain text when the message has text/plain', () => {
  const out = String(renderBody(message({ text: 'Hi bob@example.com', html: '<p>Hi <b>bob</b></p>' }), on));
  assert.equal(out, '<pre class="mail-text">\nHi bob@...mple.com</pre>');
});

test('body: HTML-only mail is sanitised HTML by default, its text on request', () => {
  const parsed = message({ text: 'Hi bob', html: '<p>Hi <b>bob</b></p>' });
  assert.equal(String(renderBody(parsed, off)), '<div class="mail-html"><p>Hi <b>bob</b></p></div>');
  assert.equal(
    String(renderBody(parsed, { obfuscate: false, htmlMail: 'text' })),
    '<pre class="mail-text">\nHi bob</pre>',
  );
  // the caller can say where the text came from
  assert.equal(
    String(renderBody(parsed, { obfuscate: false, htmlOnly: false })),
    '<pre class="mail-text">\nHi bob</pre>',
  );
});

test('body: unparseable mail is a notice and the raw text, escaped and obfuscated', () => {
  const out = String(
    renderBody(
      message({ text: 'Content-Type: multipart/<x>\n\nfrom a@example.com', flags: ['unparseable'] }),
      on,
    ),
  );
  assert.equal(
    out,
    '<p class="mail-notice">This message could not be decoded; its raw text is shown as is.</p>' +
      '<pre class="mail-raw">\nContent-Type: multipart/&lt;x&gt;\n\nfrom a@...mple.com</pre>',
  );
});

test('body: no text at all', () => {
  assert.equal(
    String(renderBody(message({ text: '  \n' }), off)),
    '<p class="mail-notice">This message has no text.</p>',
  );
});

test('body: flowed options reach the plain renderer', () => {
  const out = String(
    renderBody(message({ text: 'a \nb' }), { obfuscate: false, flowed: true, delSp: false }),
  );
  assert.equal(out, '<pre class="mail-text">\na b</pre>');
});

test('subject and addresses: escaped and obfuscated', () => {
  assert.equal(
    String(renderSubject('Re: <b> & "x" from a@example.com', on)),
    'Re: &lt;b&gt; &amp; &quot;x&quot; from a@...mple.com',
  );
  assert.equal(String(renderSubject('a@example.com', off)), 'a@example.com');
  assert.equal(
    String(renderAddress({ name: 'Alex W', address: 'alex.williamson@redhat.com' }, on)),
    'Alex W &lt;alex.williamson@...hat.com&gt;',
  );
  assert.equal(
    String(renderAddress({ name: '', address: 'robin.murphy@arm.com' }, on)),
    'robin.murphy@....com',
  );
  assert.equal(String(renderAddress({ name: 'Only Name', address: '' }, on)), 'Only Name');
  assert.equal(String(renderAddress(null, on)), '');
  assert.equal(formatAddress({ name: 'x@y.org', address: 'x@y.org' }), 'x@y.org');
  assert.equal(
    String(
      renderAddressList(
        [
          { name: 'A', address: 'a@example.com' },
          { name: '', address: 'b@example.com' },
        ],
        on,
      ),
    ),
    'A &lt;a@...mple.com&gt;, b@...mple.com',
  );
});

test('results embed unescaped in the views helper and in hono/html', async () => {
  const subject = renderSubject('<x>', off);
  assert.equal(String(html`<h1>${subject}</h1>`), '<h1>&lt;x&gt;</h1>');
  assert.equal(String(await honoHtml`<h1>${subject}</h1>`), '<h1>&lt;x&gt;</h1>');
  const body = renderBody(message({ text: '> q' }), off);
  assert.equal(
    String(html`<main>${body}</main>`),
    '<main><pre class="mail-text">\n<span class="q1">&gt; q</span></pre></main>',
  );
  assert.equal(
    String(await honoHtml`<main>${body}</main>`),
    '<main><pre class="mail-text">\n<span class="q1">&gt; q</span></pre></main>',
  );
});
