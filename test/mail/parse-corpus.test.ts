// parseMessage on the single-message corpora: nothing throws, every message gets an id, and the
// charset, RFC 2047 and RFC 2231 cases the corpora were chosen for decode to the right text.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { normalizeMessageId, syntheticMessageId } from '../../src/mail/message-id.ts';
import { parseMessage } from '../../src/mail/parse.ts';
import { corpus, hasCorpus, needsCorpus } from '../helpers.ts';

const NOT_MAIL = /^(README.*|LICENSE|MIT-LICENSE|COPYING.*|\.gitattributes)$/;

function messageFiles(dir: string): string[] {
  const out: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) pending.push(path);
      else if (!NOT_MAIL.test(name)) out.push(path);
    }
  }
  return out;
}

const read = (path: string) => readFileSync(corpus(path));

describe('every corpus message parses', needsCorpus, () => {
  const folders = [
    'ruby-mail-fixtures',
    'mailparser-fixtures',
    'mimekit-mbox/messages',
    'notmuch-test-corpora',
  ];
  for (const folder of folders) {
    test(folder, async () => {
      const files = hasCorpus ? messageFiles(corpus(folder)) : [];
      assert.ok(files.length > 0);
      for (const file of files) {
        const bytes = readFileSync(file);
        const message = await parseMessage(bytes);
        assert.ok(message.messageId, file);
        assert.equal(normalizeMessageId(message.messageId), message.messageId, file);
        assert.equal(typeof message.text, 'string', file);
        if (message.flags.includes('no-message-id'))
          assert.equal(message.messageId, syntheticMessageId(bytes), file);
        for (const [i, attachment] of message.attachments.entries())
          assert.equal(attachment.index, i + 1, file);
        // pages parse with textOnly: whatever the binary parts hold, the text must not change
        const forPage = await parseMessage(bytes, { textOnly: true });
        assert.deepEqual({ ...forPage, attachments: message.attachments }, message, file);
      }
    });
  }
});

describe('corpus cases', needsCorpus, () => {
  test('messages without Message-ID get the same synthetic id every time', async () => {
    const bytes = read('mailparser-fixtures/mixed.eml');
    const first = await parseMessage(bytes);
    const second = await parseMessage(Buffer.from(bytes));
    assert.ok(first.flags.includes('no-message-id'));
    assert.match(first.messageId, /^[0-9a-f]{40}@listarchive\.invalid$/);
    assert.equal(second.messageId, first.messageId);
  });

  test('ks_c_5601-1987 body (ruby-mail-fixtures/multi_charset)', async () => {
    const message = await parseMessage(read('ruby-mail-fixtures/multi_charset/ks_c_5601-1987.eml'));
    assert.equal(message.text.trim(), '스티해');
  });

  test('Shift_JIS body (ruby-mail-fixtures/multi_charset)', async () => {
    const message = await parseMessage(read('ruby-mail-fixtures/multi_charset/japanese_shift_jis.eml'));
    assert.equal(
      message.text.trim(),
      'あいうえお\n\nこのメールはテスト用のメールです。\n\n今後ともよろしくお願い申し上げます！',
    );
  });

  test('ISO-2022-JP subject and body (ruby-mail-fixtures/multi_charset)', async () => {
    const message = await parseMessage(read('ruby-mail-fixtures/multi_charset/japanese_iso_2022.eml'));
    assert.equal(message.subject, 'まみむめも');
    assert.equal(message.text.trim(), 'すみません。');
  });

  test('RFC 2231 and RFC 2047 file names (ruby-mail-fixtures)', async () => {
    const names: [string, string][] = [
      ['attachment_emails/attachment_with_quoted_filename.eml', 'Eelanalüüsi päring.jpg'], // filename*=ISO-8859-1''…
      ['attachment_emails/attachment_with_base64_encoded_name.eml', 'This is a test.pdf'], // name==?utf-8?B?…?=
      ['attachment_emails/attachment_nonascii_filename.eml', 'ciële.txt'],
      ['attachment_emails/attachment_with_unquoted_name.eml', 'This is a test.txt'],
      ['attachment_emails/attachment_content_location.eml', 'Photo25.jpg'], // Content-Location only
      ['multi_charset/japanese_attachment.eml', 'てすと.txt'],
      // filename*0*=iso-2022-jp''… continued over several sections
      [
        'multi_charset/japanese_attachment_long_name.eml',
        'かきくけこかきくけこかきくけこかきくけこかきくけこ.txt',
      ],
    ];
    for (const [file, filename] of names) {
      const message = await parseMessage(read(`ruby-mail-fixtures/${file}`));
      assert.equal(message.attachments[0]?.filename, filename, file);
    }
  });

  test('RFC 2047 display names and subjects (hyperkitty non-ascii-headers, pipermail export)', async () => {
    const mbox = read('hyperkitty-testdata/non-ascii-headers.txt').toString('latin1');
    const messages = mbox.split(/\n(?=From \S+ at \S+ +\w{3} \w{3} )/);
    assert.equal(messages.length, 6);
    const parsed = await Promise.all(
      messages.map((chunk) => parseMessage(Buffer.from(chunk.slice(chunk.indexOf('\n') + 1), 'latin1'))),
    );
    assert.deepEqual(
      parsed.map((m) => m.from),
      [
        { name: 'Vít Ondruch', address: 'vondruch@redhat.com' },
        { name: 'Vít Ondruch', address: 'vondruch@redhat.com' },
        { name: 'Björn Persson', address: 'bjorn@xn--rombobjrn-67a.se' },
        { name: 'Marcela Mašláňová', address: 'mmaslano@redhat.com' },
        { name: 'Dan Horák', address: 'dan@danny.cz' },
        { name: 'Björn Persson', address: 'bjorn@xn--rombobjrn-67a.se' },
      ],
    );
    assert.equal(parsed[2].subject, '[Fedora-fr-list] Compte-rendu de la réunion du 1 novembre 2009');
    assert.equal(parsed[3].subject, 'Re: [Fedora-fr-list] Compte-rendu de la réunion du 1 novembre 2009');
  });

  test('RFC 6532 raw UTF-8 headers (ruby-mail-fixtures/rfc6532)', async () => {
    const message = await parseMessage(read('ruby-mail-fixtures/rfc6532/utf8_headers.eml'));
    assert.equal(message.subject, 'Säying Hello');
  });

  test('unknown charset is flagged, never a crash (hyperkitty payload-unknown)', async () => {
    const message = await parseMessage(read('hyperkitty-testdata/payload-unknown.txt'));
    assert.ok(message.flags.includes('undecoded-charset'));
    assert.match(message.problems.join('\n'), /non-existing-codec/);
    assert.ok(message.text.length > 0);
  });

  test('In-Reply-To that is not an id (hyperkitty strange-/wrong-in-reply-to-header)', async () => {
    const strange = await parseMessage(read('hyperkitty-testdata/strange-in-reply-to-header.txt'));
    assert.equal(strange.inReplyTo, '200704070053.46646.other.person@example.com');
    const wrong = await parseMessage(read('hyperkitty-testdata/wrong-in-reply-to-header.txt'));
    assert.equal(wrong.inReplyTo, null);
  });

  test('absurd and junk dates are flagged bad-date (ruby-mail-fixtures)', async () => {
    for (const file of [
      'plain_emails/raw_email_bad_time.eml', // year 3609
      'rfc2822/example04.eml', // 1969
      'plain_emails/raw_email_with_bad_date.eml', // "Pn, 29 paX 2007"
      'error_emails/bad_date_header2.eml',
    ]) {
      const message = await parseMessage(read(`ruby-mail-fixtures/${file}`));
      assert.equal(message.date, null, file);
      assert.ok(message.flags.includes('bad-date'), file);
    }
  });

  test('huge and hostile mail (mailparser-fixtures) parses', async () => {
    for (const file of ['large_text.eml', 'outofmemory.eml', 'htmllargecallstack.eml']) {
      const message = await parseMessage(read(`mailparser-fixtures/${file}`));
      assert.ok(message.text.length > 0 || message.html !== null, file);
    }
    const nested = await parseMessage(read('mimekit-mbox/messages/stack-overflow.txt'));
    assert.equal(nested.subject, 'Message Subject');
  });

  test('HTML-only mail gets a text rendering (mailparser spam.eml)', async () => {
    const message = await parseMessage(read('mailparser-fixtures/spam.eml'));
    assert.ok(message.html);
    assert.ok(message.text.length > 100);
    assert.doesNotMatch(message.text, /<[a-z]+[ >]/i);
  });
});
