// public-inbox's URL contract over a real socket (fetch, as any HTTP client sees it): the Message-ID
// redirect in every encoding b4 and browsers send, HEAD, the rule that keeps blists URLs blists,
// canonical links both ways, reused ids, `/all/`, raw bytes, reply instructions and "did you mean".

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from '../helpers.ts';
import { type Served, serveArchive } from './compat-fixture.ts';
import { crossPosted, edgeMessages, IDS } from './edge-mail.ts';

let served: Served;
const messagesOfEdge = edgeMessages();

before(async () => {
  served = await serveArchive([
    {
      name: 'fedora',
      address: 'fedora-devel@lists.example.org',
      obfuscate: true,
      sources: [`${repoRoot}examples/fedora-devel-2010-01.mbox.gz`],
    },
    { name: 'edge', address: 'edge@example.org', messages: messagesOfEdge },
    { name: 'other', address: 'other@example.org', messages: [crossPosted()] },
  ]);
});
after(() => served?.close());

function request(path: string, init: RequestInit = {}) {
  return fetch(`${served.origin}${path}`, { redirect: 'manual', ...init });
}

/** Python's urllib.parse.quote_plus, which b4 applies to the Message-ID it looks up. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
/** The paths the page's links lead to, resolved against the page's own path. */
const hrefsOn = (html: string, page: string) =>
  [...html.matchAll(/ href="([^"]*)"/g)].map((m) => new URL(m[1], `http://h${page}`).pathname);
const canonicalOf = (html: string) => /<link rel="canonical" href="([^"]*)">/.exec(html)?.[1] ?? null;

/** A Message-ID of the sample: the first message of 2010-01-04. */
async function fedoraId(): Promise<string> {
  const day = (await (await request('/api/v1/fedora/2010/01/04')).json()) as {
    messages: { messageId: string }[];
  };
  return day.messages[0].messageId;
}

describe('the Message-ID redirect', () => {
  const cases: [string, string, string][] = [
    ['b4: quote_plus, with %2B and %2F', IDS.plusSlash, quotePlus(IDS.plusSlash)],
    ['b4: quote_plus of a plain id (%40)', IDS.cross, quotePlus(IDS.cross)],
    ['brackets %3C %3E', IDS.cross, `%3C${encodeURIComponent(IDS.cross)}%3E`],
    ['as typed, @ literal', IDS.cross, IDS.cross],
    ['a colon', IDS.colon, quotePlus(IDS.colon)],
  ];
  for (const [name, id, segment] of cases) {
    test(`${name}: HEAD and GET answer 301 to /<list>/<Message-ID>/, which answers 200`, async () => {
      for (const method of ['HEAD', 'GET']) {
        const response = await request(`/edge/${segment}`, { method });
        assert.equal(response.status, 301, `${method} /edge/${segment}`);
        const location = response.headers.get('location')!;
        // b4 cuts the Location at its last '/' and needs scheme and host: it must be absolute.
        assert.ok(location.startsWith(`${served.origin}/edge/`), location);
        assert.ok(location.endsWith('/'), location);
        assert.equal(decodeURIComponent(location.split('/').at(-2)!), id);
        const page = await fetch(location);
        assert.equal(page.status, 200);
        assert.ok((await page.text()).includes(escapeHtml(`<${id}>`)));
      }
    });
  }

  test('the Location keeps @ literal, as public-inbox writes it', async () => {
    const response = await request(`/edge/${quotePlus(IDS.plusSlash)}`, { method: 'HEAD' });
    assert.equal(response.headers.get('location'), `${served.origin}/edge/patch+v2%2F1@edge.example/`);
  });

  test('behind a TLS proxy (X-Forwarded-Proto: https) the Location says https', async () => {
    const response = await request(`/edge/${IDS.cross}`, { headers: { 'X-Forwarded-Proto': 'https' } });
    assert.match(
      response.headers.get('location')!,
      /^https:\/\/127\.0\.0\.1:\d+\/edge\/cross@edge\.example\/$/,
    );
  });

  test('an unknown Message-ID is a 404 to HEAD too (b4: "not known"), a page of close matches to GET', async () => {
    const id = await fedoraId();
    assert.equal((await request(`/fedora/${quotePlus(`${id}x`)}`, { method: 'HEAD' })).status, 404);
    const cut = id.slice(0, -4);
    const truncated = await request(`/fedora/${quotePlus(cut)}/`);
    assert.equal(truncated.status, 404);
    const text = await truncated.text();
    assert.match(text, /Did you mean/);
    assert.ok(text.includes(escapeHtml(`<${id}>`)), 'the full id is offered');
    const upper = await request(`/fedora/${id.toUpperCase()}/raw`);
    assert.equal(upper.status, 404);
    assert.ok((await upper.text()).includes(escapeHtml(`<${id}>`)), 'the id in its own case is offered');
    const none = await request('/fedora/no-such-id@nowhere.example/');
    assert.equal(none.status, 404);
    assert.doesNotMatch(await none.text(), /Did you mean/);
  });

  test('an id that is in another list is offered there', async () => {
    const response = await request(`/fedora/${IDS.cross}/`);
    assert.equal(response.status, 404);
    const text = await response.text();
    assert.match(text, /In other lists/);
    const targets = hrefsOn(text, `/fedora/${IDS.cross}/`);
    assert.ok(targets.includes(`/edge/${IDS.cross}/`) && targets.includes(`/other/${IDS.cross}/`));
  });

  test('an unknown list is a 404', async () => {
    assert.equal((await request(`/nolist/${IDS.cross}`)).status, 404);
    assert.equal((await request(`/nolist/${IDS.cross}/`)).status, 404);
  });
});

describe('blists URLs keep their meaning', () => {
  test('a four-digit segment is a year; new.atom is the feed', async () => {
    assert.equal((await request('/edge/2010/')).status, 200);
    const year = await request('/edge/2010');
    assert.equal(year.status, 301);
    assert.equal(year.headers.get('location'), '2010/');
    assert.equal((await request('/edge/2010/01/05/1')).status, 200);
    assert.match((await request('/edge/new.atom')).headers.get('content-type')!, /^application\/atom\+xml/);
  });

  test('day and month pages link their mbox.gz downloads', async () => {
    const day = await (await request('/edge/2010/01/05/')).text();
    assert.match(day, /<a href="mbox.gz" type="application\/gzip">/);
    const month = await (await request('/edge/2010/01/')).text();
    assert.match(month, /<a href="mbox.gz" type="application\/gzip">/);
  });
});

describe('message pages', () => {
  test('the Message-ID page names its blists address canonical; that page links back', async () => {
    const path = `/edge/${quotePlus(IDS.plusSlash)}/`;
    const page = await (await request(path)).text();
    const canonical = new URL(canonicalOf(page)!, `${served.origin}${path}`);
    assert.equal(canonical.pathname, '/edge/2010/01/05/1');
    const blists = await (await fetch(canonical)).text();
    assert.equal(canonicalOf(blists), null);
    const back = /Message-ID: <a href="([^"]*)">/.exec(blists)![1];
    assert.equal(new URL(back, canonical).pathname, '/edge/patch+v2%2F1@edge.example/');
  });

  test('reply instructions: mailto with In-Reply-To to the list, git send-email --in-reply-to', async () => {
    const page = await (await request(`/edge/${IDS.colon}/`)).text();
    assert.ok(
      page.includes(
        'git send-email \\\n    --in-reply-to=reply:1@edge.example \\\n    --to=edge@example.org',
      ),
    );
    assert.ok(page.includes('--cc=ann@edge.example'));
    assert.ok(
      page.includes('href="mailto:edge@example.org?In-Reply-To=%3Creply%3A1%40edge.example%3E&amp;Cc='),
    );
  });

  test('on a list that hides addresses, the reply instructions hide them too', async () => {
    const id = await fedoraId();
    const page = await (await request(`/fedora/${quotePlus(id)}/`)).text();
    const reply = page.slice(page.indexOf('<section class="reply"'));
    assert.ok(reply.includes('--to=fedora-devel@lists$(echo .)example$(echo .)org'));
    assert.doesNotMatch(reply, /--cc=/);
    assert.match(reply, /href="mailto:fedora-devel@lists%2Eexample%2Eorg\?In-Reply-To=/);
  });

  test('a reused Message-ID shows every message; raw gives all as mboxrd, /N/raw each one exactly', async () => {
    const page = await (await request(`/edge/${IDS.reused}/`)).text();
    assert.match(page, /2 messages with Message-ID/);
    assert.ok(page.includes('The first text.') && page.includes('The second text.'));
    const raw = Buffer.from(await (await request(`/edge/${IDS.reused}/raw`)).arrayBuffer()).toString();
    assert.equal(raw.match(/^From ann@edge\.example /gm)?.length, 2);
    const first = Buffer.from(await (await request('/edge/2010/01/05/3/raw')).arrayBuffer());
    const second = Buffer.from(await (await request('/edge/2010/01/05/4/raw')).arrayBuffer());
    assert.deepEqual([first, second], [messagesOfEdge[2], messagesOfEdge[3]]);
  });

  test('raw: the stored bytes, text/plain with the charset the message declares', async () => {
    const latin = await request(`/edge/${quotePlus(IDS.plusSlash)}/raw`);
    assert.equal(latin.headers.get('content-type'), 'text/plain; charset=iso-8859-1');
    assert.deepEqual(Buffer.from(await latin.arrayBuffer()), messagesOfEdge[0]);
    const crlf = await request(`/edge/${IDS.crlf}/raw`);
    assert.equal(crlf.headers.get('content-type'), 'text/plain');
    assert.deepEqual(Buffer.from(await crlf.arrayBuffer()), messagesOfEdge[5]);
  });
});

describe('/all/', () => {
  test('/all/<Message-ID> redirects, and the page is the message when one list holds it', async () => {
    const redirect = await request(`/all/${quotePlus(IDS.plusSlash)}`, { method: 'HEAD' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), `${served.origin}/all/patch+v2%2F1@edge.example/`);
    const page = await (await fetch(redirect.headers.get('location')!)).text();
    assert.equal(
      new URL(canonicalOf(page)!, redirect.headers.get('location')!).pathname,
      '/edge/2010/01/05/1',
    );
  });

  test('several lists: a page to choose; raw and t.mbox.gz still answer', async () => {
    const page = await request(`/all/${IDS.cross}/`);
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.match(text, /is in 2 lists/);
    const targets = hrefsOn(text, `/all/${IDS.cross}/`);
    assert.ok(targets.includes(`/edge/${IDS.cross}/`) && targets.includes(`/other/${IDS.cross}/`));
    const raw = Buffer.from(await (await request(`/all/${IDS.cross}/raw`)).arrayBuffer());
    assert.deepEqual(raw, crossPosted());
    const mbox = gunzipSync(Buffer.from(await (await request(`/all/${IDS.cross}/t.mbox.gz`)).arrayBuffer()));
    assert.equal(mbox.toString().match(/^From /gm)?.length, 1, 'the cross-posted message once');
    const thread = await request(`/all/${IDS.cross}/t/`);
    assert.equal(thread.status, 302);
    assert.equal(thread.headers.get('location'), '../');
  });

  test('an id no list holds: 404 with close matches from every list', async () => {
    const response = await request(`/all/${IDS.cross.toUpperCase()}/`);
    assert.equal(response.status, 404);
    const targets = hrefsOn(await response.text(), `/all/${IDS.cross.toUpperCase()}/`);
    assert.ok(targets.includes(`/edge/${IDS.cross}/`) && targets.includes(`/other/${IDS.cross}/`));
  });
});

describe('threads and downloads', () => {
  test('t/ and T/ show the whole thread; the slashless forms redirect', async () => {
    for (const file of ['t/', 'T/']) {
      const page = await request(`/edge/${quotePlus(IDS.colon)}/${file}`);
      assert.equal(page.status, 200);
      const text = await page.text();
      assert.ok(text.includes('Caf\u00e9 au lait.') && text.includes('Reviewed-by: Ann Example'));
      assert.match(text, /id="d2010-01-05-1"/);
    }
    const slashless = await request(`/edge/${quotePlus(IDS.colon)}/T`);
    assert.equal(slashless.status, 301);
    assert.equal(slashless.headers.get('location'), 'T/');
  });

  test('HEAD of a download sends the headers only', async () => {
    const response = await request(`/edge/${quotePlus(IDS.colon)}/t.mbox.gz`, { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/gzip');
    assert.ok(response.headers.get('last-modified'));
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });

  test('a download is streamed: no length known up front, no ETag (never held whole to hash)', async () => {
    const response = await request('/fedora/2010/01/mbox.gz');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-length'), null);
    assert.equal(response.headers.get('etag'), null);
    assert.match(
      response.headers.get('content-disposition')!,
      /attachment; filename="fedora-2010-01.mbox.gz"/,
    );
    assert.ok(gunzipSync(Buffer.from(await response.arrayBuffer())).length > 0);
  });
});
