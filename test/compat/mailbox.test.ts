// The mbox downloads read by Python's mailbox module (test/compat/mbox_read.py): `t.mbox.gz` and a
// day's and a month's `mbox.gz` hold as many messages as they should, each byte for byte what
// `/raw` serves, behind a `From ` line carrying the sender and the delivery date.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../helpers.ts';
import { needsPythonModule, python, type Served, serveArchive, sha256 } from './compat-fixture.ts';
import { crossPosted, edgeMessages, IDS } from './edge-mail.ts';

const SAMPLE = `${repoRoot}examples/fedora-devel-2010-01.mbox.gz`;
const skip = needsPythonModule('mailbox');

interface MboxRead {
  count: number;
  messages: { from: string; messageId: string; sha256: string }[];
}

interface ApiDay {
  messages: { url: string; messageId: string; threadId: number; parentId: string | null }[];
}

let served: Served;
before(async () => {
  if (skip.skip) return;
  served = await serveArchive([
    { name: 'fedora', obfuscate: true, sources: [SAMPLE] },
    { name: 'edge', messages: [...edgeMessages(), crossPosted()] },
  ]);
});
after(() => served?.close());

const read = (path: string) => python('mbox_read.py', [`${served.origin}${path}`]) as Promise<MboxRead>;
const json = async <T>(path: string) => (await (await fetch(`${served.origin}${path}`)).json()) as T;

/** sha256 of what `/raw` serves for each message URL (the API's `url`, a path from the host root). */
async function rawDigests(urls: string[]): Promise<string[]> {
  const digests: string[] = [];
  for (const url of urls) {
    const response = await fetch(`${served.origin}${url}/raw`);
    assert.equal(response.status, 200, url);
    digests.push(sha256(Buffer.from(await response.arrayBuffer())));
  }
  return digests;
}

/** The message URLs of the list's days in [from, to], by day then N, as the API lists them. */
async function periodUrls(list: string, days: string[]): Promise<string[]> {
  const urls: string[] = [];
  for (const day of days) {
    const listing = await json<ApiDay>(`/api/v1/${list}/${day.replaceAll('-', '/')}`);
    urls.push(...listing.messages.map((m) => m.url));
  }
  return urls;
}

async function daysOf(list: string, month: string): Promise<string[]> {
  const calendar = await json<{ years: { months: { month: string; days: { day: string }[] }[] }[] }>(
    `/api/v1/${list}`,
  );
  return calendar.years.flatMap((y) =>
    y.months.filter((m) => m.month === month).flatMap((m) => m.days.map((d) => d.day)),
  );
}

describe('Python mailbox reads the downloads', () => {
  test('a month: every message of the month, in day and N order, each the bytes of /raw', skip, async () => {
    for (const list of ['fedora', 'edge']) {
      const box = await read(`/${list}/2010/01/mbox.gz`);
      const expected = await rawDigests(await periodUrls(list, await daysOf(list, '2010-01')));
      assert.equal(box.count, expected.length, list);
      assert.deepEqual(
        box.messages.map((m) => m.sha256),
        expected,
        list,
      );
    }
  });

  test('a day, with From lines, quoted From lines, Latin-1, a reused id and CRLF mail', skip, async () => {
    for (const day of ['2010/01/05', '2010/01/06']) {
      const box = await read(`/edge/${day}/mbox.gz`);
      const expected = await rawDigests(await periodUrls('edge', [day.replaceAll('/', '-')]));
      assert.deepEqual(
        box.messages.map((m) => m.sha256),
        expected,
      );
    }
  });

  test(
    "From lines carry the sender and the delivery date: the sample's own envelope dates",
    skip,
    async () => {
      const original = (await python('mbox_read.py', [SAMPLE])) as MboxRead;
      const envelope = new Map(original.messages.map((m) => [m.messageId, m.from.replace(/^\S+ /, '')]));
      const box = await read('/fedora/2010/01/mbox.gz');
      for (const message of box.messages) {
        const [sender, ...date] = message.from.split(' ');
        assert.match(sender, /^[^@\s]+@[^@\s]+$/, message.from);
        assert.equal(date.join(' '), envelope.get(message.messageId), message.messageId);
      }
      // No envelope date (the messages were handed over one by one): the Date: header's instant.
      const edge = await read('/edge/2010/01/05/mbox.gz');
      assert.equal(edge.messages[0].from, 'ann@edge.example Tue Jan  5 09:00:00 2010');
    },
  );

  test('t.mbox.gz: the messages of the thread, each the bytes of /raw', skip, async () => {
    const day = await json<ApiDay>('/api/v1/fedora/2010/01/04');
    const reply = day.messages.find((m) => m.parentId !== null)!;
    const thread = await json<{ messages: { url?: string; ghost: boolean }[] }>(
      `/api/v1/fedora/thread/${reply.threadId}`,
    );
    const urls = thread.messages.filter((m) => !m.ghost).map((m) => m.url!);
    assert.ok(urls.length > 1);
    const box = await read(`/fedora/${encodeURIComponent(reply.messageId)}/t.mbox.gz`);
    assert.equal(box.count, urls.length);
    assert.deepEqual(box.messages.map((m) => m.sha256).sort(), (await rawDigests(urls)).sort());
    const edge = await read(`/edge/${encodeURIComponent(IDS.colon)}/t.mbox.gz`);
    assert.deepEqual(
      edge.messages.map((m) => m.sha256),
      await rawDigests(['/edge/2010/01/05/1', '/edge/2010/01/05/2']),
    );
  });
});
