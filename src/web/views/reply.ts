// "Reply instructions" under a message, as public-inbox draws them (View.pm, Reply.pm): the raw
// message to import, the git-send-email(1) command line, and a mailto: link carrying In-Reply-To,
// so a reply from any client threads under the message.
//
// To is the list's posting address (its public purpose). The sender goes on Cc only when the list
// shows addresses: with obfuscation on, printing it in a command line or a link would undo it. On
// such a list the posting address is kept from plain sight the way public-inbox does it
// (`list@example$(echo .)org`, which a shell turns back into the address) and in the mailto: link
// with its dots percent-encoded, which mail clients decode (RFC 6068 §2) and address scrapers miss.

import { type HtmlString, html } from './html.ts';

export interface ReplyData {
  /** The list's posting address; '' when the list has none configured. */
  listAddress: string;
  messageId: string;
  subject: string;
  /** From: address of the message ('' when it has none). */
  sender: string;
  obfuscate: boolean;
  /** Address obfuscation of the list, for the subject (identity when off). */
  hide: (text: string) => string;
  /** Relative link to the raw message. */
  rawHref: string;
}

const SEND_EMAIL_DOC = 'https://git-scm.com/docs/git-send-email';

/** A shell word: bare when it holds nothing a shell treats specially, else single-quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** RFC 6068: the address with `@` kept literal (dots encoded when `hideDots`), header values percent-encoded. */
export function replyMailto(
  to: string,
  messageId: string,
  cc: string,
  subject: string,
  hideDots = false,
): string {
  const encoded = encodeURIComponent(to).replaceAll('%40', '@');
  const address = hideDots ? encoded.replaceAll('.', '%2E') : encoded;
  const ccPart = cc ? `&Cc=${encodeURIComponent(cc)}` : '';
  // Subject last, as public-inbox orders it: the least important part if a copy cuts the link.
  return `mailto:${address}?In-Reply-To=${encodeURIComponent(`<${messageId}>`)}${ccPart}&Subject=${encodeURIComponent(subject)}`;
}

export function replySubject(subject: string): string {
  return /^\s*re:/i.test(subject) ? subject : `Re: ${subject}`;
}

export function replyInstructions(data: ReplyData): HtmlString {
  const cc = data.obfuscate || data.sender === data.listAddress ? '' : data.sender;
  const args = [`--in-reply-to=${shellWord(data.messageId)}`];
  if (data.listAddress) {
    const to = data.obfuscate
      ? data.listAddress.split('.').map(shellWord).join('$(echo .)')
      : shellWord(data.listAddress);
    args.push(`--to=${to}`);
  }
  if (cc) args.push(`--cc=${shellWord(cc)}`);
  args.push('/path/to/YOUR_REPLY');
  const command = `git send-email \\\n    ${args.join(' \\\n    ')}`;
  const subject = data.hide(replySubject(data.subject));
  const mailto = data.listAddress
    ? replyMailto(data.listAddress, data.messageId, cc, subject, data.obfuscate)
    : null;
  return html`<section class="reply" id="R"><h2>Reply instructions</h2>
<pre>You may reply publicly to this message via plain-text email
using any one of the following methods:

* Save the following raw message, import it into your mail client,
  and reply-to-all from there: <a href="${data.rawHref}">raw</a>

* Reply using the --to, --cc, and --in-reply-to
  switches of git-send-email(1):

  ${command}

  <a href="${SEND_EMAIL_DOC}">${SEND_EMAIL_DOC}</a>
${
  mailto
    ? html`
* If your mail client supports setting the In-Reply-To header
  via mailto: links, try the <a href="${mailto}" rel="nofollow">mailto: link</a>
`
    : ''
}</pre></section>`;
}
