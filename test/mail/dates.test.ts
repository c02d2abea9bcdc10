import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newestReceivedDate, parseMailDate } from '../../src/mail/dates.ts';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('parseMailDate', () => {
  const good: [string, string][] = [
    ['Thu, 1 Jan 2010 12:00:00 +0100', '2010-01-01T11:00:00.000Z'],
    ['Fri, 21 Nov 1997 09:55:06 -0600', '1997-11-21T15:55:06.000Z'],
    ['Tue, 04 Dec 2001 17:11:25 -0459', '2001-12-04T22:10:25.000Z'],
    ['Sat, 27 Feb 2021 01:02:03 +0800 (CST)', '2021-02-26T17:02:03.000Z'],
    ['Mon, 22 Oct 2007 23:45:23 +0000 (UTC)', '2007-10-22T23:45:23.000Z'],
    ['Fri,  6 Apr 2007 15:43:55 -0700 (PDT)', '2007-04-06T22:43:55.000Z'],
    ['  Thu, 10 Jan 2002 13:59:53 -0800', '2002-01-10T21:59:53.000Z'],
    ['Sat, 20 Sep 2008 20:04:30 +0300 (ùòåï ÷éõ éøåùìéí)', '2008-09-20T17:04:30.000Z'],
  ];
  const obsolete: [string, string][] = [
    ['21 Nov 97 09:55:06 GMT', '1997-11-21T09:55:06.000Z'], // 2-digit year, no weekday, named zone
    ['Fri, 25 Sep 92 14:13:02 PDT', '1992-09-25T21:13:02.000Z'],
    ['Sun, 7 May 95 16:21:03 GMT', '1995-05-07T16:21:03.000Z'],
    ['Mon, 3 Jan 05 10:00:00 +0000', '2005-01-03T10:00:00.000Z'], // 00-49 → 20xx
    ['Mon, 3 Jan 105 10:00:00 +0000', '2005-01-03T10:00:00.000Z'], // 3-digit year + 1900
    ['Sun, 29 Jul 2012 20:57 +0200', '2012-07-29T18:57:00.000Z'], // no seconds
    ['Fri, 23 Aug 2002 2:32:53 -0400', '2002-08-23T06:32:53.000Z'], // 1-digit hour
    ['Thu, 8 Mar 2005 17:40:36 EDT', '2005-03-08T21:40:36.000Z'],
    ['Mon, 1 Mar 2010 10:00:00 EST', '2010-03-01T15:00:00.000Z'],
    ['Mon, 1 Mar 2010 10:00:00 CDT', '2010-03-01T15:00:00.000Z'],
    ['Mon, 1 Mar 2010 10:00:00 MST', '2010-03-01T17:00:00.000Z'],
    ['Mon, 1 Mar 2010 10:00:00 UT', '2010-03-01T10:00:00.000Z'],
    ['Mon, 1 Mar 2010 10:00:00 Z', '2010-03-01T10:00:00.000Z'],
    ['Mon, 1 Mar 2010 10:00:00 A', '2010-03-01T10:00:00.000Z'], // military: treated as -0000
    ['Mon, 1 Mar 2010 10:00:00', '2010-03-01T10:00:00.000Z'], // no zone: UTC
    ['Mon, 1 Mar 2010 10:00:00 +05:30', '2010-03-01T04:30:00.000Z'],
    ['Wed Sep 30 19:56:38 2020 +1000', '2020-09-30T09:56:38.000Z'], // asctime
    ['May 8, 2005 1:17 PM', '2005-05-08T13:17:00.000Z'],
    ['2015-05-13T23:50:30Z', '2015-05-13T23:50:30.000Z'],
    ['2016-07-19 11:54:24 +0200', '2016-07-19T09:54:24.000Z'],
    ['Thursday, 01-Jan-2015 10:00:00 GMT', '2015-01-01T10:00:00.000Z'],
    ['Fri, 21 Nov 1997 09(comment):   55  :  06 -0600', '1997-11-21T15:55:06.000Z'], // RFC 2822 A.6.3
    ['Sun, 31 Dec 2000 23:59:60 +0000', '2000-12-31T23:59:59.000Z'], // leap second
  ];
  const junk: (string | null | undefined)[] = [
    '',
    '   ',
    null,
    undefined,
    '<HR>',
    'Thu,',
    'Pn, 29 paX 2007 21:13:00 +0100', // ruby-mail-fixtures: no month
    'Wed, 15 Dec 2010    59:10 -0500', // ruby-mail-fixtures: minute-less time with hour 59
    'Thu Jan 01 00:00:10 +0000', // no year
    'Mon, 30 Feb 2010 10:00:00 +0000', // no such day
    'Mon, 1 Mar 2010 25:00:00 +0000',
    'Mon, 1 Mar 2010 +0000', // no time
    'yesterday at noon',
    'x'.repeat(100_000),
  ];
  const absurd: string[] = [
    'Thu, 13 Feb 1969 23:32:54 -0330', // ruby-mail-fixtures rfc2822/example04
    'Thu, 1 Jan 1970 00:00:00 +0000', // epoch placeholder
    'Mon, 30 Jun 3609 15:33:50 +0600', // ruby-mail-fixtures plain_emails/raw_email_bad_time.eml
    'Sun, 18 Jan 2026 12:00:00 +0000', // three days after "now"
  ];

  for (const [input, iso] of [...good, ...obsolete]) {
    test(input, () => assert.equal(parseMailDate(input, NOW)?.toISOString(), iso));
  }
  for (const input of [...junk, ...absurd]) {
    test(`null: ${JSON.stringify(input)?.slice(0, 60)}`, () => assert.equal(parseMailDate(input, NOW), null));
  }
  test('two days ahead is still accepted', () => {
    assert.equal(
      parseMailDate('Fri, 16 Jan 2026 23:00:00 +0000', NOW)?.toISOString(),
      '2026-01-16T23:00:00.000Z',
    );
  });
});

describe('newestReceivedDate', () => {
  test('the topmost Received: header with a valid date, after its last semicolon', () => {
    const headers = [
      { name: 'received', value: 'by localhost; no date here' },
      { name: 'x-other', value: 'Mon, 1 Jan 2018 00:00:00 +0000' },
      {
        name: 'Received',
        value: 'from a (b [1.2.3.4]) by c; (envelope-from <x;y@z>) Wed, 03 Aug 2011 17:55:03 +0000 (UTC)',
      },
      { name: 'received', value: 'from d by e; Wed, 03 Aug 2011 17:50:00 +0000' },
    ];
    assert.equal(newestReceivedDate(headers, NOW)?.toISOString(), '2011-08-03T17:55:03.000Z');
  });
  test('null without usable Received headers', () => {
    assert.equal(newestReceivedDate([], NOW), null);
    assert.equal(newestReceivedDate([{ name: 'received', value: 'by x; 3609-01-01 00:00' }], NOW), null);
  });
});
