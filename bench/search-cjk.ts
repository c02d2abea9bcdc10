// How to make CJK text findable, measured on openbmc (big5/gbk/gb2312/gb18030 mail): index size,
// build time and query time of the candidate FTS5 layouts. The numbers are in docs/search.md.
// usage: node bench/search-cjk.ts [MBOX]        (default: the shared openbmc corpus)
//
// Variants (every one indexes the same 7 columns of src/search/document.ts):
//   plain      unicode61, no CJK segmentation: a CJK run is one token (a sentence is one "word")
//   segmented  unicode61 on text with every CJK letter spaced out: what the archive ships
//   stored     segmented, but not contentless (the text kept in the index, as snippet() needs)
//   plain+tri  plain, plus a second, trigram, table holding only the CJK runs of each message
//   trigram    one trigram table for all text (finds any substring of 3+ characters)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openFileInput } from '../src/mail/byte-input.ts';
import { splitMbox } from '../src/mail/mbox.ts';
import { parseMessage } from '../src/mail/parse.ts';
import type { Address } from '../src/mail/types.ts';
import { splitBody } from '../src/search/document.ts';
import { segmentCjk } from '../src/search/tokens.ts';

const mbox =
  process.argv[2] ??
  new URL('../../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz', import.meta.url)
    .pathname;

type Doc = string[];
const COLUMNS = 'subject, sender, recipients, cc, nq, q, dfn';
const CJK_RUN = /[[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]&&[\p{L}\p{N}]]+/gv;
const HAS_CJK = new RegExp(CJK_RUN.source, 'v');

const addresses = (list: (Address | null)[]) =>
  list
    .filter((a): a is Address => a !== null)
    .map((a) => `${a.name} ${a.address}`)
    .join('\n');

console.log(`reading ${mbox}`);
const docs: Doc[] = [];
let rawBytes = 0;
let withCjk = 0;
let textChars = 0;
const input = await openFileInput(mbox);
for await (const raw of splitMbox(input.chunks, 'mbox', input.bytesRead)) {
  rawBytes += raw.bytes.byteLength;
  const parsed = await parseMessage(raw.bytes);
  const body = splitBody(parsed.text);
  const doc = [
    parsed.subject,
    addresses([parsed.from]),
    addresses(parsed.to),
    addresses(parsed.cc),
    body.nq,
    body.q,
    body.dfn.join('\n'),
  ];
  if (doc.some((c) => HAS_CJK.test(c))) withCjk++;
  for (const c of doc) textChars += c.length;
  docs.push(doc);
}
console.log(
  `${docs.length} messages, ${(rawBytes / 1e6).toFixed(1)} MB raw, ${(textChars / 1e6).toFixed(1)} M characters of text indexed, ${withCjk} with CJK text`,
);

interface Variant {
  name: string;
  tables: string[];
  rows: (doc: Doc) => Record<string, Doc>;
  /** An English word, a 3-letter and a 2-letter CJK word, as {table: MATCH}; null = cannot be asked. */
  queries: (Record<string, string> | null)[];
}

const cjkOnly = (doc: Doc) => doc.map((c) => (c.match(CJK_RUN) ?? []).join(' '));
const variants: Variant[] = [
  {
    name: 'plain',
    tables: [
      `CREATE VIRTUAL TABLE t USING fts5(${COLUMNS}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`,
    ],
    rows: (doc) => ({ t: doc }),
    queries: [{ t: '"pmbus"' }, { t: '"寄件者"' }, { t: '"邮件"' }],
  },
  {
    name: 'segmented',
    tables: [
      `CREATE VIRTUAL TABLE t USING fts5(${COLUMNS}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`,
    ],
    rows: (doc) => ({ t: doc.map(segmentCjk) }),
    queries: [{ t: '"pmbus"' }, { t: '"寄 件 者"' }, { t: '"邮 件"' }],
  },
  {
    name: 'stored',
    tables: [`CREATE VIRTUAL TABLE t USING fts5(${COLUMNS}, tokenize='unicode61 remove_diacritics 2')`],
    rows: (doc) => ({ t: doc.map(segmentCjk) }),
    queries: [{ t: '"pmbus"' }, { t: '"寄 件 者"' }, { t: '"邮 件"' }],
  },
  {
    name: 'plain+tri',
    tables: [
      `CREATE VIRTUAL TABLE t USING fts5(${COLUMNS}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`,
      `CREATE VIRTUAL TABLE c USING fts5(${COLUMNS}, content='', contentless_delete=1, tokenize='trigram remove_diacritics 1')`,
    ],
    rows: (doc) => {
      const cjk = cjkOnly(doc);
      const rows: Record<string, Doc> = { t: doc };
      if (cjk.some((c) => c)) rows.c = cjk;
      return rows;
    },
    // trigram cannot look up a 2-letter word through MATCH (and LIKE needs the text: a contentless
    // table has none), yet most Chinese words have 2 letters
    queries: [{ t: '"pmbus"' }, { c: '"寄件者"' }, null],
  },
  {
    name: 'trigram',
    tables: [
      `CREATE VIRTUAL TABLE t USING fts5(${COLUMNS}, content='', contentless_delete=1, tokenize='trigram remove_diacritics 1')`,
    ],
    rows: (doc) => ({ t: doc }),
    queries: [{ t: '"pmbus"' }, { t: '"寄件者"' }, null],
  },
];

const dir = mkdtempSync(join(tmpdir(), 'search-cjk-'));
try {
  console.log('variant     index MB  × raw   build s   query ms (pmbus / 寄件者 / 邮件)   hits');
  for (const variant of variants) {
    const db = new Database(join(dir, `${variant.name}.sqlite`));
    db.pragma('journal_mode = WAL');
    for (const sql of variant.tables) db.exec(sql);
    const names = variant.tables.map((sql) => /TABLE (\w+)/.exec(sql)![1]);
    const inserts = Object.fromEntries(
      names.map((n) => [
        n,
        db.prepare(`INSERT INTO ${n} (rowid, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      ]),
    );
    const started = performance.now();
    db.transaction(() => {
      docs.forEach((doc, i) => {
        for (const [table, row] of Object.entries(variant.rows(doc))) inserts[table].run(i + 1, ...row);
      });
    })();
    for (const n of names) db.exec(`INSERT INTO ${n}(${n}) VALUES ('optimize')`);
    const build = (performance.now() - started) / 1000;
    const bytes = (
      db
        .prepare(
          `SELECT sum(pgsize) AS b FROM dbstat WHERE ${names.map((n) => `name LIKE '${n}%'`).join(' OR ')}`,
        )
        .get() as { b: number }
    ).b;
    const timings: string[] = [];
    const hits: string[] = [];
    for (const query of variant.queries) {
      if (!query) {
        timings.push('n/a');
        hits.push('n/a');
        continue;
      }
      const [table, match] = Object.entries(query)[0];
      const statement = db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`);
      let n = (statement.get(match) as { n: number }).n;
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) n = (statement.get(match) as { n: number }).n;
      timings.push(((performance.now() - t0) / 20).toFixed(2));
      hits.push(String(n));
    }
    console.log(
      `${variant.name.padEnd(10)} ${(bytes / 1e6).toFixed(1).padStart(8)}  ${(bytes / rawBytes).toFixed(3)}  ${build.toFixed(1).padStart(7)}   ${timings.join(' / ').padEnd(28)}   ${hits.join(' / ')}`,
    );
    db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
