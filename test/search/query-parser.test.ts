// The query language: lore-style queries → plans (table), the errors a user sees, and what hostile
// input turns into (plain words, never FTS5 or SQL syntax).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Plan, planQuery, type TextField } from '../../src/search/plan.ts';
import { SearchSyntaxError } from '../../src/search/query-parser.ts';
import { compilePlan } from '../../src/store/sqlite/search.ts';

const now = new Date('2021-07-15T13:45:00Z');
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const text = (words: string[], fields: TextField[] | null = null, prefix = false): Plan => ({
  kind: 'text',
  fields,
  words,
  prefix,
});
const and = (...parts: Plan[]): Plan => ({ kind: 'and', parts });
const or = (...parts: Plan[]): Plan => ({ kind: 'or', parts });
const not = (part: Plan): Plan => ({ kind: 'not', part });
const date = (from: number | null, until: number | null): Plan => ({ kind: 'date', from, until });

const plans: [string, Plan][] = [
  // prefixes → columns
  ['s:pmbus', text(['pmbus'], ['subject'])],
  ['f:joel', text(['joel'], ['from'])],
  ['t:openbmc@lists.ozlabs.org', text(['openbmc', 'lists', 'ozlabs', 'org'], ['to'])],
  ['c:andrew', text(['andrew'], ['cc'])],
  ['a:jms.id.au', text(['jms', 'id', 'au'], ['from', 'to', 'cc'])],
  ['tc:andrew', text(['andrew'], ['to', 'cc'])],
  ['b:fixes', text(['fixes'], ['nq', 'q'])],
  ['bs:aspeed', text(['aspeed'], ['subject', 'nq', 'q'])],
  ['nq:thanks', text(['thanks'], ['nq'])],
  ['q:thanks', text(['thanks'], ['q'])],
  ['dfn:drivers/hwmon/pmbus/core.c', text(['drivers', 'hwmon', 'pmbus', 'core', 'c'], ['dfn'])],
  [
    'm:<20210113223808.31626-2-hongweiz@ami.com>',
    { kind: 'messageId', id: '20210113223808.31626-2-hongweiz@ami.com' },
  ],
  ['m:abc@def', { kind: 'messageId', id: 'abc@def' }],
  ['l:openbmc', { kind: 'list', name: 'openbmc' }],
  ['l:OpenBMC', { kind: 'list', name: 'openbmc' }],
  // bare terms, phrases, wildcards
  ['pmbus', text(['pmbus'])],
  ['"power supply"', text(['power', 'supply'])],
  ['s:"power supply"', text(['power', 'supply'], ['subject'])],
  ['foo-bar', text(['foo', 'bar'])],
  ['CONFIG_ASPEED', text(['CONFIG', 'ASPEED'])],
  ['aspe*', text(['aspe'], null, true)],
  ['s:aspe*', text(['aspe'], ['subject'], true)],
  ['"unterminated phrase', text(['unterminated', 'phrase'])],
  ['http://example.org/x', text(['http', 'example', 'org', 'x'])],
  ['zz:foo', text(['zz', 'foo'])],
  ['Re: foo', and(text(['Re']), text(['foo']))],
  ['测试', text(['测', '试'])],
  ['s:驱动程序', text(['驱', '动', '程', '序'], ['subject'])],
  ['ast2600的驱动', text(['ast2600', '的', '驱', '动'])],
  // booleans
  ['a b', and(text(['a']), text(['b']))],
  ['a AND b', and(text(['a']), text(['b']))],
  ['a OR b', or(text(['a']), text(['b']))],
  ['a and b', and(text(['a']), text(['and']), text(['b']))],
  ['a OR b c', or(text(['a']), and(text(['b']), text(['c'])))],
  ['a b OR c', or(and(text(['a']), text(['b'])), text(['c']))],
  ['(a OR b) c', and(or(text(['a']), text(['b'])), text(['c']))],
  ['a NOT b', and(text(['a']), not(text(['b'])))],
  ['a -b', and(text(['a']), not(text(['b'])))],
  ['a +b', and(text(['a']), text(['b']))],
  ['NOT a', not(text(['a']))],
  ['-a', not(text(['a']))],
  ['- - a', text(['a'])],
  ['--a', text(['a'])],
  ['NOT NOT a', text(['a'])],
  ['a AND NOT b', and(text(['a']), not(text(['b'])))],
  ['-s:foo bar', and(not(text(['foo'], ['subject'])), text(['bar']))],
  ['s:(foo OR bar) baz', and(or(text(['foo'], ['subject']), text(['bar'], ['subject'])), text(['baz']))],
  ['s:(foo f:bar)', and(text(['foo'], ['subject']), text(['bar'], ['from']))],
  ['s:(foo (bar))', and(text(['foo'], ['subject']), text(['bar'], ['subject']))],
  ['((a))', text(['a'])],
  ['a !!! b', and(text(['a']), text(['b']))],
  ['a - b', and(text(['a']), text(['b']))],
  // dates (now = 2021-07-15 13:45 UTC)
  ['d:20210101..20210131', date(day('2021-01-01'), day('2021-02-01'))],
  ['d:2021-01-01..2021-01-31', date(day('2021-01-01'), day('2021-02-01'))],
  ['d:2021-01-01..', date(day('2021-01-01'), null)],
  ['d:..20210131', date(null, day('2021-02-01'))],
  ['d:20210131', date(day('2021-01-31'), day('2021-02-01'))],
  ['d:2021-02', date(day('2021-02-01'), day('2021-03-01'))],
  ['d:202102', date(day('2021-02-01'), day('2021-03-01'))],
  ['d:2020', date(day('2020-01-01'), day('2021-01-01'))],
  ['d:2020..2021-03', date(day('2020-01-01'), day('2021-04-01'))],
  ['d:20210131120000..', date(Date.parse('2021-01-31T12:00:00Z'), null)],
  ['d:2021-01-31T12:30..', date(Date.parse('2021-01-31T12:30:00Z'), null)],
  ['dt:20210101..20210102', date(day('2021-01-01'), day('2021-01-03'))],
  ['d:yesterday..', date(day('2021-07-14'), null)],
  ['d:today', date(day('2021-07-15'), day('2021-07-16'))],
  ['d:2.weeks.ago..', date(day('2021-07-01'), null)],
  ['d:3.days.ago..yesterday', date(day('2021-07-12'), day('2021-07-15'))],
  ['d:1.month.ago..', date(day('2021-06-15'), null)],
  ['d:6.months.ago..', date(day('2021-01-15'), null)],
  ['d:2.years.ago..1.year.ago', date(day('2019-07-15'), day('2020-07-16'))],
  ['d:2_weeks_ago..', date(day('2021-07-01'), null)],
  ['d:"2 weeks ago.."', date(day('2021-07-01'), null)],
  ['d:5.hours.ago..', date(Date.parse('2021-07-15T08:45:00Z'), null)],
  ['d:5.hours.ago', date(Date.parse('2021-07-15T08:45:00Z'), null)],
  ['d:..now', date(null, now.getTime())],
  ['s:pmbus d:2021-01..', and(text(['pmbus'], ['subject']), date(day('2021-01-01'), null))],
];

for (const [query, expected] of plans) {
  test(`plan: ${query}`, () => {
    assert.deepEqual(planQuery(query, { now }), expected);
  });
}

test('months ago clamp to the end of a shorter month', () => {
  assert.deepEqual(
    planQuery('d:1.month.ago..', { now: new Date('2021-03-31T10:00:00Z') }),
    date(day('2021-02-28'), null),
  );
});

const errors: [string, RegExp][] = [
  ['', /empty/],
  ['   ', /empty/],
  ['!!! ---', /no words/],
  ['*', /no words/],
  ['a AND', /AND at column 3 needs a search term after it/],
  ['a OR', /OR at column 3 needs a search term after it/],
  ['a OR OR b', /OR at column 3 needs a search term after it/],
  ['AND a', /AND at column 1 needs a search term before it/],
  ['OR a', /OR at column 1 needs a search term before it/],
  ['NOT', /NOT at column 1 needs a search term after it/],
  ['a NOT', /NOT at column 3 needs a search term after it/],
  ['(a', /"\(" at column 1 is never closed/],
  ['(a OR (b)', /"\(" at column 1 is never closed/],
  ['a)', /"\)" at column 2 has no "\(" to close/],
  ['()', /empty parentheses at column 1/],
  ['s:', /"s:" at column 1 needs a word/],
  ['s: foo', /"s:" at column 1 needs a word/],
  ['a*', /wildcard needs at least 3 letters/],
  ['测*', /wildcard needs at least 3 letters/],
  ['m:<>', /"m:" needs a Message-ID/],
  ['m:abc*', /takes a whole value/],
  ['l:not_a_list', /list name/],
  ['d:garbage', /"garbage" is not a date/],
  ['d:20211340', /"20211340" is not a real date/],
  ['d:2021-02-30', /not a real date/],
  ['d:..', /needs a date on one side/],
  ['d:20210201..20210101', /ends before it starts/],
  ['d:3.fortnights.ago', /not a date/],
  [`${'('.repeat(17)}a${')'.repeat(17)}`, /nested too deep/],
  [Array.from({ length: 65 }, (_, i) => `w${i}`).join(' '), /too many search terms/],
  ['x'.repeat(2001), /too long/],
];

for (const [query, message] of errors) {
  test(`error: ${JSON.stringify(query.length > 40 ? `${query.slice(0, 40)}…` : query)}`, () => {
    assert.throws(
      () => planQuery(query, { now }),
      (error: unknown) => error instanceof SearchSyntaxError && message.test(error.message),
    );
  });
}

// What an attacker types comes out as words between FTS5 string quotes, and as SQL parameters.
const hostile = [
  'NEAR(foo bar, 2)',
  'foo NEAR bar',
  '"foo" * ^bar',
  '^subject',
  'subject:evil',
  '{subject nq} : evil',
  'sender : "x"',
  'x" OR "y',
  '"\'"; DROP TABLE messages; --',
  "'; DELETE FROM entries WHERE 1=1; --",
  "m:'; DROP TABLE messages; --",
  "l:x'--",
  'rowid:1',
  'message_search:foo',
  'entry_search:foo',
  'search_keys:1',
  '* OR *',
  'foo"bar',
  '\u0000\u0001 NUL',
  'a "b" c"',
];

for (const query of hostile) {
  test(`hostile input stays words: ${JSON.stringify(query)}`, () => {
    let compiled: ReturnType<typeof compilePlan>;
    try {
      compiled = compilePlan(planQuery(query, { now }));
    } catch (error) {
      assert.ok(error instanceof SearchSyntaxError, String(error));
      return;
    }
    // outside the string literals, the MATCH expression holds only our own syntax
    const outside = (compiled.match ?? '').replace(/"(?:[^"]|"")*"/g, 'S');
    assert.match(outside, /^(?:[\s()S*:{}]|AND|OR|NOT|subject|sender|recipients|cc|nq|q|dfn)*$/, outside);
    for (const part of compiled.where) assert.doesNotMatch(part.text, /DROP|DELETE|'/);
  });
}
