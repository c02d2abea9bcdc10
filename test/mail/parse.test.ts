// parseMessage on the hand-written fixtures (test/fixtures/mail/) and on generated edge cases.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { MAX_HEADER_BYTES, MAX_MIME_DEPTH, MAX_PARSE_BYTES } from '../../src/limits.ts';
import { parseWindow, walkMessage } from '../../src/mail/mime-tree.ts';
import { parseMessage } from '../../src/mail/parse.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
const mail = (text: string) => new TextEncoder().encode(text);

describe('parseMessage on fixtures', () => {
  test('forward with attachments: text order, html, embedded message, attachments, threading headers', async () => {
    const m = await parseMessage(fixture('forward-and-attachments.eml'));
    assert.equal(m.messageId, 'forward@example.org');
    assert.equal(m.subject, 'Fwd: report');
    assert.deepEqual(m.from, { name: 'Alice Example', address: 'alice@example.org' });
    assert.deepEqual(
      m.cc.map((a) => a.address),
      ['bob@example.org', 'carol@example.org', 'dave@example.org'],
    );
    assert.equal(m.cc[0].name, 'Bob, the Builder');
    assert.equal(m.date?.toISOString(), '2021-07-03T07:30:00.000Z');
    assert.equal(m.inReplyTo, 'parent@example.org');
    assert.deepEqual(m.references, ['root@example.org', 'parent@example.org']);
    assert.equal(
      m.text,
      [
        'See the forwarded report below.',
        '',
        'From: Reporter <reporter@example.com>',
        'Date: Fri, 2 Jul 2021 18:00:00 +0000',
        "Subject: Rapport d'été",
        '',
        'Résumé of the summer.', // the embedded message is HTML-only: rendered as text
        '',
        '_______________________________________________',
        'list mailing list',
      ].join('\n'),
    );
    assert.match(m.html ?? '', /See the <b>forwarded<\/b> report/);
    assert.deepEqual(m.attachments, [
      { index: 1, filename: 'summary.pdf', contentType: 'application/pdf', size: 21 },
      // RFC 2231 continuation: utf-8'' percent-encoded sections and a plain one
      { index: 2, filename: 'übersicht – final.diff', contentType: 'text/x-diff', size: 39 },
    ]);
    assert.deepEqual(m.flags, []);
  });

  test('textOnly (pages): the same text and html, binary parts left undecoded, no attachments', async () => {
    const bytes = fixture('forward-and-attachments.eml');
    const full = await parseMessage(bytes);
    const textOnly = await parseMessage(bytes, { textOnly: true });
    assert.deepEqual({ ...textOnly, attachments: full.attachments }, full);
    assert.deepEqual(textOnly.attachments, []);
    const sizes = async (options: { textOnly?: boolean }) => {
      const out: string[] = [];
      for await (const event of walkMessage(bytes, options))
        if (event.kind === 'part') out.push(`${event.contentType} ${event.node.content?.byteLength}`);
      return out;
    };
    // the PDF inside the forwarded message is the one binary part; text and message parts stay
    const decoded = await sizes({});
    const skipped = await sizes({ textOnly: true });
    assert.ok(decoded.includes('application/pdf 21'), decoded.join(', '));
    assert.deepEqual(
      skipped,
      decoded.map((part) => (part.startsWith('application/') ? part.replace(/ \d+$/, ' 0') : part)),
    );
  });

  test('HTML-only mail: readable text, html kept', async () => {
    const m = await parseMessage(fixture('html-only.eml'));
    assert.equal(
      m.text,
      [
        'Release notes',
        '',
        'First paragraph with bold and a link.',
        '',
        '* one & two',
        '* café – ☺ ©',
        '',
        'a < b > c',
        'next line',
        '',
        'after blank',
        '',
        'cell 1 cell 2',
        '',
        '  keep   spacing',
        '    here',
      ].join('\n'),
    );
    assert.match(m.html ?? '', /<script>/); // unsanitised: the web side sanitises
  });

  test('legacy and mislabelled charsets, split encoded word, KOI8-R display name', async () => {
    const m = await parseMessage(fixture('legacy-charsets.eml'));
    assert.equal(m.subject, 'Re:Über Straße – 日本語');
    assert.deepEqual(m.from, { name: 'Иван Петров', address: 'ivan@example.org' });
    assert.equal(
      m.text,
      [
        'Box drawing: ╔══╗ and ½ ü é', // cp437 (iconv-lite)
        'Grüße aus Köln, 1 + 1 = 2', // utf-7 (iconv-lite)
        '안녕하세요 세계', // iso-2022-kr
        '中文 HZ 编码 ~ 测试', // hz-gb-2312
        'Naïve café, UTF-8 under x-unknown',
        'Ünïcödé in Latin-1 labelled utf8',
        'plain ascii under an unknown label',
      ].join('\n\n'),
    );
    assert.deepEqual(m.flags, ['undecoded-charset']);
    assert.match(m.problems[0], /non-existing-codec/);
  });
});

describe('parseMessage edge cases', () => {
  test('no Message-ID: synthetic id, flagged, stable', async () => {
    const bytes = mail('Subject: hello\n\nbody\n');
    const a = await parseMessage(bytes);
    const b = await parseMessage(mail('Subject: hello\r\n\r\nbody\r\n'));
    assert.ok(a.flags.includes('no-message-id'));
    assert.equal(a.messageId, b.messageId);
    assert.equal(a.subject, 'hello');
    assert.equal(a.text, 'body');
  });

  test('empty and garbage input never throw', async () => {
    for (const input of [
      mail(''),
      mail('\n\n\n'),
      new Uint8Array([0, 1, 2, 255, 254]),
      mail('no headers at all'),
    ]) {
      const m = await parseMessage(input);
      assert.ok(m.messageId);
      assert.ok(m.flags.includes('no-message-id'));
    }
  });

  test('bad Date is flagged, missing Date is not', async () => {
    const bad = await parseMessage(mail('Message-ID: <a@b>\nDate: someday\n\nx\n'));
    assert.equal(bad.date, null);
    assert.ok(bad.flags.includes('bad-date'));
    const missing = await parseMessage(mail('Message-ID: <a@b>\n\nx\n'));
    assert.deepEqual(missing.flags, []);
  });

  test('receivedDate from the topmost dated Received header', async () => {
    const m = await parseMessage(
      mail(
        'Received: by a; junk\nReceived: from b by c; Wed, 03 Aug 2011 17:55:03 +0000\n' +
          'Received: from d by e; Wed, 03 Aug 2011 17:50:00 +0000\nMessage-ID: <r@x>\n\nx\n',
      ),
    );
    assert.equal(m.receivedDate?.toISOString(), '2011-08-03T17:55:03.000Z');
  });

  test('raw 8-bit GBK Subject in a GBK message', async () => {
    const head = Buffer.from('Message-ID: <g@x>\nContent-Type: text/plain; charset=gbk\nSubject: ', 'latin1');
    const subject = Buffer.from([0xb2, 0xe2, 0xca, 0xd4]); // 测试
    const m = await parseMessage(Buffer.concat([head, subject, Buffer.from('\n\nx\n')]));
    assert.equal(m.subject, '测试');
  });

  test('a message referencing itself does not list itself', async () => {
    const m = await parseMessage(
      mail('Message-ID: <self@x>\nIn-Reply-To: <self@x>\nReferences: <p@x> <self@x>\n\nx\n'),
    );
    assert.equal(m.inReplyTo, null);
    assert.deepEqual(m.references, ['p@x']);
  });

  test(`MIME nesting deeper than ${MAX_MIME_DEPTH}: unparseable, headers kept, raw body as text`, async () => {
    let body = 'innermost\n';
    for (let depth = MAX_MIME_DEPTH + 5; depth > 0; depth--) {
      body = `Content-Type: multipart/mixed; boundary="b${depth}"\n\n--b${depth}\n${body}--b${depth}--\n`;
    }
    const m = await parseMessage(mail(`Message-ID: <deep@x>\nSubject: deep\nFrom: A <a@x>\n${body}`));
    assert.ok(m.flags.includes('unparseable'));
    assert.match(m.problems.join('\n'), /nesting/i);
    assert.equal(m.messageId, 'deep@x');
    assert.equal(m.subject, 'deep');
    assert.deepEqual(m.from, { name: 'A', address: 'a@x' });
    assert.match(m.text, /innermost/);
    assert.deepEqual(m.attachments, []);
  });

  test('header block larger than the limit: flagged, parse still returns', async () => {
    const huge = `X-Junk: ${'a'.repeat(MAX_HEADER_BYTES + 10)}\n`;
    const m = await parseMessage(mail(`Message-ID: <big@x>\nSubject: big\n${huge}\nbody\n`));
    assert.equal(m.messageId, 'big@x');
    assert.equal(m.subject, 'big');
    assert.ok(m.flags.includes('truncated'));
  });

  test('a multipart whose boundary never comes keeps its body as text', async () => {
    const m = await parseMessage(
      mail('Message-ID: <nb@x>\nContent-Type: multipart/mixed; boundary="never"\n\nHello, no boundary.\n'),
    );
    assert.equal(m.text, 'Hello, no boundary.');
  });

  test('message/global is shown inline like message/rfc822', async () => {
    const m = await parseMessage(
      mail('Message-ID: <g@x>\nContent-Type: message/global\n\nSubject: inner\nFrom: a@b\n\ninner body\n'),
    );
    assert.equal(m.text, 'From: a@b\nSubject: inner\n\ninner body');
  });

  test(`only the first ${MAX_PARSE_BYTES} bytes are parsed`, () => {
    const big = new Uint8Array(MAX_PARSE_BYTES + 1);
    assert.deepEqual(parseWindow(big).truncated, true);
    assert.equal(parseWindow(big).bytes.length, MAX_PARSE_BYTES);
    assert.equal(parseWindow(big.subarray(1)).truncated, false);
  });

  test('message/rfc822 chains deeper than the limit stop, flagged truncated', async () => {
    let inner = 'Subject: level 0\n\nbottom\n';
    for (let level = 1; level <= 12; level++) {
      inner = `Subject: level ${level}\nContent-Type: message/rfc822\n\n${inner}`;
    }
    const m = await parseMessage(mail(`Message-ID: <chain@x>\n${inner}`));
    assert.ok(m.flags.includes('truncated'));
    assert.match(m.text, /Subject: level 11/);
    assert.doesNotMatch(m.text, /bottom/);
  });
});
