// Mailman's Approved: header (the moderator password) is never served; everything else is byte-exact.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutPrivateHeaders } from '../../src/mail/private-headers.ts';

test('Approved: and its folded lines leave the header block; the body is untouched', () => {
  const message = Buffer.from(
    'From: a@example.org\nApproved: hunter2\n  continued\nSubject: s\napprove:x\n\nApproved: this line is body\n',
  );
  assert.equal(
    withoutPrivateHeaders(message).toString(),
    'From: a@example.org\nSubject: s\n\nApproved: this line is body\n',
  );
});

test('CRLF messages keep their line ends, and a message without private headers is the same bytes', () => {
  const crlf = Buffer.from('Approved: pw\r\nSubject: s\r\n\r\nbody\r\n');
  assert.equal(withoutPrivateHeaders(crlf).toString(), 'Subject: s\r\n\r\nbody\r\n');
  const plain = Buffer.from('From: a@example.org\nX-Approved-By: bob\nSubject: s\n\nbody\n');
  assert.deepEqual(withoutPrivateHeaders(plain), plain);
});
