import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import {
  decodeHeaderBytes,
  decodeText,
  isKnownCharset,
  normalizeCharsetLabel,
} from '../../src/mail/charsets.ts';
import { decodeEncodedWords, reencodeWordsAsUtf8 } from '../../src/mail/encoded-words.ts';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('decodeText', () => {
  // bytes made by iconv-lite, decoded by TextDecoder: two independent implementations
  const samples: [string, string][] = [
    ['gb18030', '回复：原始邮件 𠀀'],
    ['gbk', '发件人：测试'],
    ['gb2312', '中文邮件'],
    ['big5', '寄件者：梁永鉉'],
    ['ks_c_5601-1987', '안녕하세요'],
    ['euc-kr', '스티브'],
    ['koi8-r', 'Отправлено: 25 марта'],
    ['windows-1251', 'Привет, мир'],
    ['windows-1250', 'Dobrý den, Łódź'],
    ['iso-8859-2', 'Vít Ondruch'],
    ['iso-8859-7', 'Καλημέρα'],
    ['iso-8859-15', 'prix 10 €'],
    ['shift_jis', 'あいうえお'],
    ['euc-jp', 'テスト'],
  ];
  for (const [charset, text] of samples) {
    test(charset, () => {
      assert.equal(decodeText(new Uint8Array(iconv.encode(text, charset)), charset), text);
      assert.equal(isKnownCharset(charset), true);
    });
  }

  test('iso-2022-jp', () => {
    const bytes = latin1('\x1b$B$^$_$`$a$b\x1b(B'); // まみむめも
    assert.equal(decodeText(bytes, 'ISO-2022-JP'), 'まみむめも');
  });

  test('labels TextDecoder lacks go through iconv-lite', () => {
    assert.equal(decodeText(latin1('\xc9\xcd\xbb \xab'), 'cp437'), '╔═╗ ½');
    assert.equal(decodeText(latin1('\x81\x82'), 'cp850'), 'üé');
    assert.equal(decodeText(latin1('Gr+APw-n'), 'utf-7'), 'Grün');
    assert.equal(decodeText(latin1('Gr+APw-n'), 'UNICODE-1-1-UTF-7'), 'Grün');
  });

  test('ISO-2022-KR and HZ-GB-2312 (WHATWG "replacement" labels)', () => {
    assert.equal(decodeText(latin1('\x1b$)C\x0e>H3gGO<<?d\x0f!\n'), 'iso-2022-kr'), '안녕하세요!\n');
    assert.equal(decodeText(latin1('~{VPND~} ~~ ok'), 'hz-gb-2312'), '中文 ~ ok');
  });

  test('labels that carry no information are sniffed: valid UTF-8, else windows-1252', () => {
    for (const label of [
      null,
      '',
      'us-ascii',
      'iso-8859-1',
      'windows-1252',
      'x-unknown',
      'unknown-8bit',
      'utf8',
      'UTF8',
    ]) {
      assert.equal(decodeText(utf8('café ’'), label), 'café ’', `UTF-8 bytes under ${label}`);
      assert.equal(
        decodeText(latin1('caf\xe9 \x93q\x94'), label),
        'café “q”',
        `Latin-1 bytes under ${label}`,
      );
    }
  });

  test('declared UTF-8 with a few stray Latin-1 bytes stays UTF-8', () => {
    assert.equal(decodeText(new Uint8Array([...utf8('日本語 ok '), 0xe9]), 'utf-8'), '日本語 ok \ufffd');
  });

  test('unknown labels: best effort, reported as unknown, never a throw', () => {
    assert.equal(isKnownCharset('non-existing-codec'), false);
    assert.equal(decodeText(utf8('ok é'), 'non-existing-codec'), 'ok é');
    assert.equal(decodeText(latin1('\xff\xfe'), 'x-\u0000garbage;"'), 'ÿþ');
  });

  test('label spellings', () => {
    assert.equal(normalizeCharsetLabel(' "UTF-8";'), 'utf-8');
    assert.equal(decodeText(new Uint8Array(iconv.encode('中文', 'gbk')), 'x-gbk'), '中文');
    assert.equal(decodeText(new Uint8Array(iconv.encode('中文', 'gbk')), 'GB_2312'), '中文');
    assert.equal(decodeText(new Uint8Array(iconv.encode('あ', 'shift_jis')), 'cp932'), 'あ');
    assert.equal(decodeText(new Uint8Array(iconv.encode('Ж', 'windows-1251')), 'x-cp1251'), 'Ж');
  });

  test('raw 8-bit header bytes: UTF-8, else the body charset, else windows-1252', () => {
    assert.equal(decodeHeaderBytes(utf8('Säying Hello'), 'big5'), 'Säying Hello');
    assert.equal(decodeHeaderBytes(new Uint8Array(iconv.encode('测试', 'gbk')), 'gbk'), '测试');
    assert.equal(decodeHeaderBytes(latin1('caf\xe9'), null), 'café');
  });
});

describe('decodeEncodedWords', () => {
  test('plain B and Q words, whitespace between words dropped', () => {
    assert.equal(decodeEncodedWords('=?UTF-8?B?VsOtdCBPbmRydWNo?='), 'Vít Ondruch');
    assert.equal(decodeEncodedWords('=?ISO-8859-2?Q?V=EDt_Ondruch?='), 'Vít Ondruch');
    assert.equal(decodeEncodedWords('=?iso-8859-1?q?a?= \n =?iso-8859-1?q?b?= c'), 'ab c');
    assert.equal(decodeEncodedWords('Dan =?ISO-8859-1?Q?Hor=E1k?= jr'), 'Dan Horák jr');
  });

  test('a character split across two words (base64 with padding, then Q)', () => {
    const bytes = utf8('日本語');
    const b = `=?utf-8?B?${b64(bytes.subarray(0, 4))}?= =?utf-8?B?${b64(bytes.subarray(4))}?=`;
    assert.equal(decodeEncodedWords(b), '日本語');
    assert.equal(decodeEncodedWords('=?utf-8?Q?=E6=97?= =?utf-8?Q?=A5x?='), '日x');
    const gbk = new Uint8Array(iconv.encode('回复：测试', 'gb18030'));
    const split = `=?gb18030?B?${b64(gbk.subarray(0, 3))}?=\n =?gb18030?B?${b64(gbk.subarray(3))}?=`;
    assert.equal(decodeEncodedWords(split), '回复：测试');
  });

  test('words glued to text or to each other (missing whitespace)', () => {
    assert.equal(decodeEncodedWords('Re:=?utf-8?Q?caf=C3=A9?=!'), 'Re:café!');
    assert.equal(decodeEncodedWords('=?utf-8?Q?a?==?utf-8?Q?b?='), 'ab');
  });

  test('wrong charsets: UTF-8 bytes under a Latin-1 label, language suffix, KOI8-R', () => {
    assert.equal(decodeEncodedWords('=?iso-8859-1?Q?it=E2=80=99s?='), 'it’s');
    assert.equal(decodeEncodedWords('=?us-ascii*en?Q?plain?='), 'plain');
    const koi8 = new Uint8Array(iconv.encode('Привет из Москвы', 'koi8-r'));
    assert.equal(decodeEncodedWords(`=?koi8-r?B?${b64(koi8)}?=`), 'Привет из Москвы');
  });

  test('unknown charsets are reported, broken words left alone', () => {
    const seen: string[] = [];
    assert.equal(
      decodeEncodedWords('=?x-bogus?Q?ok?=', (c) => seen.push(c)),
      'ok',
    );
    assert.deepEqual(seen, ['x-bogus']);
    assert.equal(decodeEncodedWords('=?utf-8?X?abc?= =?utf-8?B?'), '=?utf-8?X?abc?= =?utf-8?B?');
    assert.equal(decodeEncodedWords('=?utf-8?B?####?='), '');
  });

  test('reencodeWordsAsUtf8 keeps structure and meaning', () => {
    const out = reencodeWordsAsUtf8('"=?iso-8859-1?q?Bj=F6rn?=" <b@example.org>');
    assert.match(out, /^"=\?utf-8\?B\?[A-Za-z0-9+/=]+\?=" <b@example.org>$/);
    assert.equal(decodeEncodedWords(out), '"Björn" <b@example.org>');
  });
});
