// Two messages written to run script in a reader's browser, for the `hostile` list of the browser
// tests. Every payload, if it ever ran, would leave a mark the test can see: it sets
// `window.__pwned` to the name of the place it came from, sets `document.title` to PWNED, or opens
// a dialog. The unit tests (test/web/render/xss.test.ts) check the markup; these check that a real
// browser, under the real headers, runs none of it.

/** What a payload sets `document.title` to. */
export const PWNED_TITLE = 'PWNED';

/** The day both messages arrive on, and their numbers on it. */
export const HOSTILE_DAY = '2010/01/06';

export const PLAIN = {
  /** The Subject as the reader should see it, character for character. */
  subject: `<script>window.__pwned='subject';document.title='PWNED'</script> <img src=x onerror=alert('subject')>`,
  fromName: `<script>window.__pwned='from'</script>`,
  /** The raw Message-ID; the archive keeps its innermost `<…>` token, `"` (src/mail/message-id.ts). */
  rawMessageId: `<"><script>window.__pwned='message-id'</script>@evil.example>`,
  bodyLine: `Body: <script>window.__pwned='body';alert('body')</script>`,
  /** A link the linkifier turns into `<a href>`: its quote must not end the attribute. */
  linkLine: `See https://example.org/x?a=1&b="><script>window.__pwned='linkify'</script>`,
  /** Its attachments, in order (K = 1, 2, 3). */
  htmlAttachment: 'page.html',
  scriptFilename: `<script>window.__pwned='filename'</script>.txt`,
  svgAttachment: 'drawing.svg',
} as const;

export const HTML = {
  subject: `Re: "><svg onload=window.__pwned='encoded-subject'>`,
  fromName: `"><img src=x onerror=window.__pwned='encoded-from'>`,
  messageId: `html.'"onmouseover=window.__pwned=1@evil.example`,
  /** Text of the HTML body that must still show after sanitising. */
  visibleText: 'Hostile HTML mail, read safely.',
  jsLinkText: 'a javascript: link',
  fineLinkText: 'an ordinary link',
} as const;

/** RFC 2047 base64 encoded-word: the parser decodes it back into markup-looking text. */
function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

function plainMessage(): string {
  return [
    `From: "${PLAIN.fromName}" <mallory@evil.example>`,
    `To: "<script>window.__pwned='to'</script>" <hostile@example.org>`,
    `Subject: ${PLAIN.subject}`,
    'Date: Wed, 06 Jan 2010 12:00:00 +0000',
    `Message-ID: ${PLAIN.rawMessageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    PLAIN.bodyLine,
    `</pre></div><img src=x onerror="window.__pwned='body-img'">`,
    `javascript:window.__pwned='bare-javascript-url'`,
    PLAIN.linkLine,
    '',
    '> <svg onload="window.__pwned=\'quote\'"></svg>',
    '-- ',
    `<iframe srcdoc="<script>parent.__pwned='signature'</script>"></iframe>`,
    '--b',
    `Content-Type: text/html; charset=utf-8; name="${PLAIN.htmlAttachment}"`,
    `Content-Disposition: attachment; filename="${PLAIN.htmlAttachment}"`,
    '',
    `<html><body onload="window.__pwned='html-attachment-onload'"><script>window.__pwned='html-attachment';document.title='PWNED';alert('html-attachment')</script></body></html>`,
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Disposition: attachment; filename="${PLAIN.scriptFilename}"`,
    '',
    'An attachment whose name is a script.',
    '--b',
    `Content-Type: image/svg+xml; name="${PLAIN.svgAttachment}"`,
    `Content-Disposition: attachment; filename="${PLAIN.svgAttachment}"`,
    '',
    `<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned='svg-attachment';alert('svg')"><script>window.__pwned='svg-attachment-script'</script></svg>`,
    '--b--',
    '',
  ].join('\n');
}

function htmlMessage(): string {
  const body = [
    '<html><head><title>PWNED</title>',
    `<meta http-equiv="refresh" content="0;url=javascript:window.__pwned='meta-refresh'">`,
    '<base href="javascript:alert(\'base\')//">',
    '<style>body { display: none }</style></head>',
    `<body onload="window.__pwned='body-onload'">`,
    `<p>${HTML.visibleText}</p>`,
    `<script>window.__pwned='html-script';document.title='PWNED';alert('html-script')</script>`,
    `<p><img src="x" onerror="window.__pwned='img-onerror';alert('img')" alt="broken image"></p>`,
    `<svg onload="window.__pwned='svg-onload'"><circle r="5"/></svg>`,
    `<p><a href="javascript:window.__pwned='javascript-link';alert('link')">${HTML.jsLinkText}</a></p>`,
    `<p><a href=" JaVaScRiPt:window.__pwned='mixed-case-link'">another javascript: link</a></p>`,
    `<p><a href="https://example.org/fine" onclick="window.__pwned='onclick'">${HTML.fineLinkText}</a></p>`,
    `<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
    `<details open ontoggle="window.__pwned='ontoggle'"><summary>details</summary>x</details>`,
    `<form action="javascript:window.__pwned='form'"><button>Send</button></form>`,
    `<input autofocus onfocus="window.__pwned='autofocus'">`,
    `<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'"></style></mglyph></table></mtext></math>`,
    '</body></html>',
  ].join('\n');
  return [
    `From: ${encodedWord(HTML.fromName)} <eve@evil.example>`,
    'To: hostile@example.org',
    `Subject: ${encodedWord(HTML.subject)}`,
    'Date: Wed, 06 Jan 2010 13:00:00 +0000',
    `Message-ID: <${HTML.messageId}>`,
    `In-Reply-To: ${PLAIN.rawMessageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    body,
    '',
  ].join('\n');
}

/** The hostile list's mail, in arrival order: N = 1 (plain text and attachments), N = 2 (HTML only). */
export function hostileMessages(): string[] {
  return [plainMessage(), htmlMessage()];
}
