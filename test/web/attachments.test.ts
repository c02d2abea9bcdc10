// `/<list>/YYYY/MM/DD/N/K`: K counts the parts with a file name, 1-based; the bytes are the decoded
// part exactly (checked against postal-mime's own decoding); text is served as text/plain with a
// charset, never as HTML; everything else downloads.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import PostalMime from 'postal-mime';
import { contentDisposition, textCharset } from '../../src/web/routes/message.ts';
import { ATTACHMENT_BYTES, buildArchive, get } from './archive-fixture.ts';

const fx = await buildArchive({ after });

function urlOf(list: string, entry: { day: string; n: number }, k: number): string {
  return `/${list}/${entry.day.replaceAll('-', '/')}/${entry.n}/${k}`;
}

test('every attachment of the sample: K numbering and bytes identical to the decoded part', async () => {
  const list = (await fx.writer.getList('fedora-devel'))!;
  let checked = 0;
  for await (const entry of fx.writer.read.entries(list.id)) {
    if (entry.attachments.length === 0) continue;
    const parsed = await PostalMime.parse(await fx.writer.read.raw(entry.storedId));
    const named = parsed.attachments.filter((a) => a.filename);
    assert.equal(entry.attachments.length, named.length, entry.messageId);
    for (const [i, info] of entry.attachments.entries()) {
      assert.equal(info.index, i + 1);
      const response = await fx.app.request(urlOf('fedora-devel', entry, info.index));
      assert.equal(response.status, 200);
      const body = new Uint8Array(await response.arrayBuffer());
      const expected = named[i].content;
      assert.deepEqual(
        body,
        typeof expected === 'string' ? new TextEncoder().encode(expected) : new Uint8Array(expected),
      );
      assert.equal(body.byteLength, info.size);
      checked++;
    }
    assert.equal((await get(fx.app, urlOf('fedora-devel', entry, entry.attachments.length + 1))).status, 404);
  }
  assert.ok(checked >= 10, `only ${checked} attachments in the sample`);
});

test('text attachments are text/plain with their charset; binary and HTML never render', async () => {
  const edge = (await fx.writer.getList('edge'))!;
  const files = (await fx.writer.read.entriesInList(edge.id, 'files@edge'))[0];
  const patch = await fx.app.request(urlOf('edge', files, 1));
  assert.equal(patch.headers.get('content-type'), 'text/plain; charset=iso-8859-1');
  assert.match(patch.headers.get('content-disposition')!, /^inline; filename="fix.patch"/);
  // Served in its own charset, not re-encoded (whether the line break before the boundary belongs to
  // the part is the parser's call; the first test compares with it byte for byte).
  assert.ok(
    Buffer.from(await patch.arrayBuffer())
      .toString('latin1')
      .startsWith('--- a/x\n+++ b/x\n-caf\xe9'),
  );

  const binary = await fx.app.request(urlOf('edge', files, 2));
  assert.equal(binary.headers.get('content-type'), 'application/octet-stream');
  assert.equal(
    binary.headers.get('content-disposition'),
    `attachment; filename="data _x_.bin"; filename*=UTF-8''data%20%22x%22.bin`,
  );
  assert.deepEqual(Buffer.from(await binary.arrayBuffer()), ATTACHMENT_BYTES);
  assert.match(binary.headers.get('content-security-policy')!, /; sandbox$/);

  const page = await fx.app.request(urlOf('edge', files, 3));
  assert.match(page.headers.get('content-type')!, /^text\/plain; charset=/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await page.text(), /^<script>alert\(1\)<\/script>/);
});

test('file names and charsets in headers are made safe', () => {
  assert.equal(
    contentDisposition('attachment', '../../etc/pässwd;x'),
    `attachment; filename=".._.._etc_p_sswd_x"; filename*=UTF-8''.._.._etc_p%C3%A4sswd%3Bx`,
  );
  assert.equal(textCharset('utf-8', new Uint8Array()), 'utf-8');
  assert.equal(textCharset('bad charset"\r\n', Buffer.from('caf\xe9', 'latin1')), 'windows-1252');
  assert.equal(textCharset(null, Buffer.from('café')), 'utf-8');
});
