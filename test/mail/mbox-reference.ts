// An independent, line-by-line reading of the separator, Content-Length and quoting rules of
// src/mail/mbox.ts, on the whole input at once (slow and simple), and a generator of small random
// mailboxes built from the lines that make those rules hard. mbox.test.ts checks that the streaming
// splitter, fed in random chunks, returns exactly what this reference returns.

import { readEnvelope } from '../../src/mail/mbox-envelope.ts';
/** A small seeded generator (LCG): the same mailboxes on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const isBlank = (l: string) => l === '\n' || l === '\r\n';
const FIELD = /^[\x21-\x39\x3b-\x7e]{1,75}:/;
/** Line-by-line reading of the rules in src/mail/mbox.ts, on the whole input at once. */
export function reference(buf: string): string[] {
  let p = buf.startsWith('\xef\xbb\xbf') ? 3 : 0;
  for (;;) {
    if (buf[p] === '\n') p++;
    else if (buf.startsWith('\r\n', p)) p += 2;
    else break;
  }
  if (!buf.startsWith('From ', p)) throw new Error('notmbox');
  const lines: { s: number; e: number; t: string }[] = [];
  for (let i = p; i < buf.length; ) {
    const nl = buf.indexOf('\n', i);
    const e = nl === -1 ? buf.length : nl + 1;
    lines.push({ s: i, e, t: buf.slice(i, e) });
    i = e;
  }
  const text = (l: { t: string }) => l.t.replace(/\n$/, '');
  const out: string[] = [];
  let li = 0;
  while (li < lines.length) {
    const msgStart = lines[li].e;
    let h = li + 1;
    while (h < lines.length && !isBlank(lines[h].t)) h++;
    if (h < lines.length && h > li + 1 && !lines.slice(li + 1, h).some((l) => l.t.startsWith('From '))) {
      const cl = lines
        .slice(li + 1, h)
        .map((l) => /^content-length:(.*)$/i.exec(text(l).replace(/\r$/, ''))?.[1])
        .find((v) => v !== undefined);
      const n = cl !== undefined && /^\d{1,12}$/.test(cl.trim()) ? Number(cl.trim()) : -1;
      if (n >= 0) {
        const end = lines[h].e + n;
        let next = -1;
        if (buf.startsWith('\nFrom ', end)) next = end + 1;
        else if (buf.startsWith('\r\nFrom ', end)) next = end + 2;
        else if (
          end === buf.length ||
          (buf.length - end === 1 && buf[end] === '\n') ||
          (buf.length - end === 2 && buf.slice(end) === '\r\n')
        )
          next = buf.length;
        if (next !== -1) {
          if (end > msgStart) out.push(buf.slice(msgStart, end));
          li = next === buf.length ? lines.length : lines.findIndex((l) => l.s === next);
          if (li === -1) throw new Error('ref: no line at next');
          continue;
        }
      }
    }
    let j = li + 2;
    for (; j < lines.length; j++) {
      if (!lines[j].t.startsWith('From ')) continue;
      const kind = readEnvelope(text(lines[j]).slice(5)).kind;
      if (kind === 'other') continue;
      if (kind === 'netscape') break;
      const blank = isBlank(lines[j - 1].t);
      if (kind === 'dated' && blank) break;
      if (kind === 'bare' && !blank) continue;
      if (j + 1 < lines.length && FIELD.test(lines[j + 1].t)) break;
    }
    const ml = lines.slice(li + 1, j).map((l) => l.t);
    if (ml.length > 0 && isBlank(ml[ml.length - 1])) ml.pop();
    const m = ml.map((l) => (/^>+From /.test(l) ? l.slice(1) : l)).join('');
    if (m.length > 0) out.push(m);
    li = j;
  }
  return out;
}
const VOCAB = [
  'From a@b Mon Jan  4 10:00:00 2010',
  'From - ',
  'From -',
  'From x@y',
  'From Russia with love',
  '>From x',
  '>>From y',
  ' >From z',
  'Subject: s',
  'X: y',
  '',
  '',
  '',
  'body text',
  'From mboxrd@z Thu Jan  1 00:00:00 1970',
  'Content-Length: 5',
  'content-length: 0',
  '>',
  'From',
  'From:x',
  '>>>From w',
  '\r',
  'Content-Length: 99999999999999',
];
export function randomMbox(next: () => number): string {
  const pick = <T>(a: T[]) => a[Math.floor(next() * a.length)];
  const crlf = next() < 0.3;
  const nl = () => (crlf || next() < 0.05 ? '\r\n' : '\n');
  let s = next() < 0.1 ? '\xef\xbb\xbf' : '';
  if (next() < 0.1) s += '\n';
  const messages = 1 + Math.floor(next() * 4);
  for (let m = 0; m < messages; m++) {
    s +=
      (m === 0 || next() < 0.8
        ? pick([
            'From a@b Mon Jan  4 10:00:00 2010',
            'From - ',
            'From x@y',
            'From mboxrd@z Thu Jan  1 00:00:00 1970',
          ])
        : pick(VOCAB)) + nl();
    const headers = Math.floor(next() * 3);
    for (let h = 0; h < headers; h++) s += pick(['Subject: s', 'From: a', 'X: y']) + nl();
    const bodyLines = Math.floor(next() * 6);
    let body = '';
    for (let b = 0; b < bodyLines; b++)
      body += pick(VOCAB) + (b === bodyLines - 1 && next() < 0.2 ? '' : nl());
    if (next() < 0.3) s += `Content-Length: ${next() < 0.7 ? body.length : Math.floor(next() * 20)}${nl()}`;
    if (next() < 0.9) s += nl();
    s += body;
    if (next() < 0.8) s += nl();
  }
  return s;
}
