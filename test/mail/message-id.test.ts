import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_REFERENCES } from '../../src/limits.ts';
import {
  extractMessageIds,
  normalizeMessageId,
  SYNTHETIC_ID_DOMAIN,
  syntheticMessageId,
} from '../../src/mail/message-id.ts';

describe('normalizeMessageId', () => {
  const table: [string | null | undefined, string | null][] = [
    ['<20210113223808.31626-2-hongweiz@ami.com>', '20210113223808.31626-2-hongweiz@ami.com'],
    ['  <CaseMatters@Example.COM>  ', 'CaseMatters@Example.COM'],
    [
      '<cover.1562734889.git.joe@perches.com> (sfid-20190710_070546_627944_047EEDD0)',
      'cover.1562734889.git.joe@perches.com',
    ],
    ['(comment first) <a@b>', 'a@b'],
    ['<mailto:a@b.example>', 'a@b.example'],
    ['60306319.8090700@linux.intel.com', '60306319.8090700@linux.intel.com'], // no brackets (openbmc)
    [
      '<1572938079818.42fm4q0m3erbrz5x4qk0iu1w@android.mail.163.com>+4075DA63F0F3317D',
      '1572938079818.42fm4q0m3erbrz5x4qk0iu1w@android.mail.163.com',
    ],
    ['<FMfcgxwGDDpcbrVbWGfkMRbZCLSZqpMM>', 'FMfcgxwGDDpcbrVbWGfkMRbZCLSZqpMM'], // no @ (Gmail web)
    ['<1234   @   local(blah)  .machine .example>', '1234@local.machine.example'], // RFC 2822 A.6.3
    ['<abc(def@host>', 'abc(def@host'], // unbalanced: not a comment
    ['<unclosed@example.org', 'unclosed@example.org'],
    ['<>', null],
    ['   ', null],
    ['', null],
    [null, null],
    [undefined, null],
    [`<${'x'.repeat(300)}@example.org>`, null],
  ];
  for (const [raw, expected] of table) {
    test(JSON.stringify(raw)?.slice(0, 70) ?? 'undefined', () =>
      assert.equal(normalizeMessageId(raw), expected),
    );
  }
});

describe('extractMessageIds', () => {
  const table: [string, string[], string[]?][] = [
    ['<a@b> <c@d>', ['a@b', 'c@d']],
    ['<a@b>,<c@d>\n\t<e@f>', ['a@b', 'c@d', 'e@f']],
    // hyperkitty-testdata/strange-in-reply-to-header.txt: free text around a bracketed id
    [
      "Other person's message of  Saturday, 7 April 2007 00:53:46 +0300 <200704070053.46646.other.person@example.com>",
      ['200704070053.46646.other.person@example.com'],
    ],
    // hyperkitty-testdata/wrong-in-reply-to-header.txt: unclosed bracket, no id
    ['<200704070053.46646.other.person@example', []],
    // ruby-mail-fixtures/error_emails/bad_date_header.eml: a bare address
    ['someone@yahoo.com', []],
    ['y', []], // old git-send-email prompt answers
    ['', []],
    // ruby-mail-fixtures/error_emails/multiple_references_with_one_invalid.eml (folded inside the id)
    ['<baz@bar.net>, <invalid.   something@bar.net>', ['baz@bar.net', 'invalid.something@bar.net']],
    // openbmc: a client quoting a Message-ID that had junk after its brackets
    [
      '<<1572938079818.42fm4q0m3erbrz5x4qk0iu1w@android.mail.163.com>+4075DA63F0F3317D>',
      ['1572938079818.42fm4q0m3erbrz5x4qk0iu1w@android.mail.163.com'],
    ],
    ['<a@b> <a@b> <c@d>', ['a@b', 'c@d']], // duplicates keep their first place
    ['<> < > <mailto:x@y>', ['x@y']],
    // a bracketed address of the message's own author is not an id
    ['Message from John <John@Example.com> of Monday <real-id@host>', ['real-id@host'], ['john@example.com']],
  ];
  for (const [value, expected, own] of table) {
    test(JSON.stringify(value).slice(0, 70), () => assert.deepEqual(extractMessageIds(value, own), expected));
  }

  test(`keeps the last ${MAX_REFERENCES} (the nearest ancestors)`, () => {
    const ids = Array.from({ length: MAX_REFERENCES + 50 }, (_, i) => `id${i}@example.org`);
    const kept = extractMessageIds(ids.map((id) => `<${id}>`).join(' '));
    assert.equal(kept.length, MAX_REFERENCES);
    assert.equal(kept[0], 'id50@example.org');
    assert.equal(kept.at(-1), `id${MAX_REFERENCES + 49}@example.org`);
  });

  test('hostile input stays linear', () => {
    // No timing is asserted: a backtracking or quadratic scan would hang here.
    assert.deepEqual(extractMessageIds('<'.repeat(200_000) + 'x@y' + '>'.repeat(200_000)), ['x@y']);
    extractMessageIds('<a@b'.repeat(100_000));
  });
});

describe('syntheticMessageId', () => {
  const lf = new TextEncoder().encode('Subject: no id\n\nbody\n');
  const crlf = new TextEncoder().encode('Subject: no id\r\n\r\nbody\r\n\r\n');

  test('stable, content-derived, CRLF and trailing newlines ignored', () => {
    const id = syntheticMessageId(lf);
    assert.match(id, new RegExp(`^[0-9a-f]{40}@${SYNTHETIC_ID_DOMAIN.replace('.', '\\.')}$`));
    assert.equal(syntheticMessageId(lf), id);
    assert.equal(syntheticMessageId(crlf), id);
    assert.notEqual(syntheticMessageId(new TextEncoder().encode('Subject: no id\n\nbody 2\n')), id);
  });

  test('is a normalised id', () =>
    assert.equal(normalizeMessageId(syntheticMessageId(lf)), syntheticMessageId(lf)));
});
