import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { extractAttachment } from '../../src/mail/attachment.ts';
import { parseMessage } from '../../src/mail/parse.ts';
import { corpus, hasCorpus, needsCorpus } from '../helpers.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));

describe('extractAttachment', () => {
  test('K-th named part, numbered like parseMessage (including inside an embedded message)', async () => {
    const bytes = fixture('forward-and-attachments.eml');
    const pdf = await extractAttachment(bytes, 1);
    assert.equal(pdf?.filename, 'summary.pdf');
    assert.equal(pdf?.contentType, 'application/pdf');
    assert.equal(pdf?.charset, null);
    assert.equal(
      Buffer.from(pdf?.content ?? [])
        .toString('latin1')
        .slice(0, 8),
      '%PDF-1.4',
    );
    const diff = await extractAttachment(bytes, 2);
    assert.equal(diff?.filename, 'übersicht – final.diff');
    assert.equal(diff?.charset, 'utf-8');
    assert.match(Buffer.from(diff?.content ?? []).toString('utf8'), /^--- a\/x\n\+\+\+ b\/x\n/);
  });

  test('out of range, zero, negative and fractional K give null', async () => {
    const bytes = fixture('forward-and-attachments.eml');
    for (const k of [3, 0, -1, 1.5, Number.NaN]) assert.equal(await extractAttachment(bytes, k), null);
    assert.equal(await extractAttachment(fixture('html-only.eml'), 1), null);
  });

  test('a message postal-mime rejects has no attachments', async () => {
    let body = 'x\n';
    for (let depth = 60; depth > 0; depth--) {
      body = `Content-Type: multipart/mixed; boundary="b${depth}"\n\n--b${depth}\nContent-Disposition: attachment; filename=f${depth}\n${body}--b${depth}--\n`;
    }
    assert.equal(await extractAttachment(new TextEncoder().encode(body), 1), null);
  });

  test('agrees with parseMessage on every corpus attachment (name, type, size)', needsCorpus, async () => {
    const files = hasCorpus
      ? [
          ...readdirSync(corpus('ruby-mail-fixtures/attachment_emails')).map(
            (f) => `ruby-mail-fixtures/attachment_emails/${f}`,
          ),
          'mailparser-fixtures/nodemailer.eml',
          'hyperkitty-testdata/attachment-3.txt',
          'mimekit-mbox/messages/body.7.txt',
          'notmuch-test-corpora/attachment/x-gtar-compressed.eml',
        ]
      : [];
    let checked = 0;
    for (const file of files) {
      const bytes = readFileSync(corpus(file));
      const parsed = await parseMessage(bytes);
      for (const info of parsed.attachments) {
        const part = await extractAttachment(bytes, info.index);
        assert.equal(part?.filename, info.filename, file);
        assert.equal(part?.contentType, info.contentType, file);
        assert.equal(part?.content.length, info.size, file);
        checked++;
      }
    }
    if (hasCorpus) assert.ok(checked >= 15, `only ${checked} attachments checked`);
  });

  test(
    'decoded content (ruby-mail-fixtures attachment_pdf: a PDF, hyperkitty attachment-3: a JPEG)',
    needsCorpus,
    async () => {
      const pdf = await extractAttachment(
        readFileSync(corpus('ruby-mail-fixtures/attachment_emails/attachment_pdf.eml')),
        1,
      );
      assert.equal(
        Buffer.from(pdf?.content ?? [])
          .subarray(0, 5)
          .toString('latin1'),
        '%PDF-',
      );
      const jpeg = await extractAttachment(readFileSync(corpus('hyperkitty-testdata/attachment-3.txt')), 1);
      assert.deepEqual([...(jpeg?.content.subarray(0, 3) ?? [])], [0xff, 0xd8, 0xff]);
    },
  );
});
