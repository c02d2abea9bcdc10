import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { MAX_ADDRESSES } from '../../src/limits.ts';
import { parseAddressHeaders, parseAddressList } from '../../src/mail/addresses.ts';
import { parseMessage } from '../../src/mail/parse.ts';
import { corpus, needsCorpus } from '../helpers.ts';

describe('parseAddressList', () => {
  const table: [string, { name: string; address: string }[]][] = [
    ['Alice <alice@example.org>', [{ name: 'Alice', address: 'alice@example.org' }]],
    [
      '"Doe, John" <j@x.org>, bare@x.org',
      [
        { name: 'Doe, John', address: 'j@x.org' },
        { name: '', address: 'bare@x.org' },
      ],
    ],
    // groups are flattened; an empty group yields nothing
    [
      'team: a@b.c, d@e.f;, <g@h.i>',
      [
        { name: '', address: 'a@b.c' },
        { name: '', address: 'd@e.f' },
        { name: '', address: 'g@h.i' },
      ],
    ],
    ['Undisclosed recipients:;', []],
    ['', []],
    // RFC 2047 names, including a split multi-byte character and a Latin-1 label on UTF-8 bytes
    ['=?utf-8?B?5pel?= =?utf-8?B?5pys?= <jp@example.org>', [{ name: '日本', address: 'jp@example.org' }]],
    ['"=?iso-8859-1?Q?Ren=C3=A9?=" <r@example.org>', [{ name: 'René', address: 'r@example.org' }]],
    // openbmc: a Big5 word holding parentheses stays one name
    [
      '=?big5?B?V2lsbCBMaWFuZyAoseelw7liKQ==?= <Will.Liang@quantatw.com>',
      [{ name: 'Will Liang (梁永鉉)', address: 'Will.Liang@quantatw.com' }],
    ],
    // pipermail / Mailman 2 exports obfuscate the address
    [
      'vondruch at redhat.com (=?ISO-8859-2?Q?V=EDt_Ondruch?=)',
      [{ name: 'Vít Ondruch', address: 'vondruch@redhat.com' }],
    ],
    ['dan at danny.cz (Dan =?ISO-8859-1?Q?Hor=E1k?=)', [{ name: 'Dan Horák', address: 'dan@danny.cz' }]],
    ['jdoe at example.com', [{ name: '', address: 'jdoe@example.com' }]],
  ];
  for (const [value, expected] of table) {
    test(JSON.stringify(value).slice(0, 70), () => assert.deepEqual(parseAddressList(value), expected));
  }

  test('junk does not throw', () => {
    for (const junk of [
      '<<<>>>',
      '"unterminated <a@b',
      '@@@',
      ',,,;;;',
      '=?utf-8?B?',
      'a@b@c <d',
      '\u0000\u0001',
    ]) {
      assert.ok(Array.isArray(parseAddressList(junk)));
    }
  });

  test(`at most ${MAX_ADDRESSES} addresses, even from huge fields`, () => {
    const many = Array.from({ length: 5000 }, (_, i) => `u${i}@example.org`).join(', ');
    assert.equal(parseAddressHeaders([many, many]).length, MAX_ADDRESSES);
  });
});

describe('addresses in real mail', () => {
  test('notmuch broken/broken-cc: Cc: and cc: headers both count', needsCorpus, async () => {
    const message = await parseMessage(readFileSync(corpus('notmuch-test-corpora/broken/broken-cc')));
    assert.deepEqual(message.cc, [
      { name: 'Bob', address: 'bob@example.org' },
      { name: 'Charles', address: 'charles@example.org' },
    ]);
    assert.deepEqual(message.from, { name: 'Alice', address: 'alice@example.org' });
  });

  test('ruby-mail-fixtures with broken address headers do not throw', needsCorpus, async () => {
    for (const file of [
      'error_emails/cant_parse_from.eml',
      'error_emails/empty_group_lists.eml',
      'error_emails/new_line_in_to_header.eml',
      'error_emails/weird_to_header.eml',
      'plain_emails/raw_email_double_at_in_header.eml',
      'plain_emails/raw_email_with_at_display_name.eml',
    ]) {
      const message = await parseMessage(readFileSync(corpus(`ruby-mail-fixtures/${file}`)));
      assert.ok(Array.isArray(message.to), file);
    }
  });
});
