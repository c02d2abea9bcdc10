// What a message page shows for a message: its body, subject and addresses as safe HTML.
//
// The results embed in both template helpers the web side may use: they are the views'
// `HtmlString` (src/web/views/html.ts) and also carry hono's `isEscaped` mark, which is all
// `hono/html`'s `html` looks for.

import { htmlToText } from '../../mail/html-text.ts';
import type { Address, ParsedMessage } from '../../mail/types.ts';
import { HtmlString } from '../views/html.ts';
import { escapeHtml } from './escape.ts';
import { renderHtmlMail } from './html-mail.ts';
import { obfuscate } from './obfuscate.ts';
import { renderPlain } from './plain.ts';

/** Trusted markup for either template helper (views' html`` and hono/html's html``). */
export type RenderedHtml = HtmlString & { readonly isEscaped: true };

function rendered(markup: string): RenderedHtml {
  return Object.assign(new HtmlString(markup), { isEscaped: true as const });
}

export interface BodyOptions {
  /** Apply the blists address obfuscation (the list's setting). */
  obfuscate: boolean;
  /** The text is still format=flowed. Leave unset for parseMessage output: it is already reflowed. */
  flowed?: boolean;
  /** The flowed part had DelSp=yes. */
  delSp?: boolean;
  /** For HTML-only mail: show the sanitised HTML (default) or the text the parser derived from it. */
  htmlMail?: 'html' | 'text';
  /** Whether the text was derived from HTML; when unset it is worked out from the message. */
  htmlOnly?: boolean;
  /** Maps a cid: image to an archive URL (see html-mail.ts); cid: images are dropped without it. */
  cidUrl?: (contentId: string) => string | null;
}

export interface TextOptions {
  obfuscate: boolean;
}

/**
 * ParsedMessage does not say where `text` came from; src/mail/body.ts fills it with
 * htmlToText(html) when the message has no text/plain, so equal text means HTML-only.
 */
function isHtmlOnly(parsed: ParsedMessage): boolean {
  if (parsed.html === null) return false;
  if (parsed.text.trim() === '') return true;
  return htmlToText(parsed.html).trimEnd() === parsed.text;
}

/**
 * The message body: the plain text when the message has some, the sanitised HTML when it is
 * HTML-only, and for an `unparseable` message a notice and its raw text.
 */
export function renderBody(parsed: ParsedMessage, options: BodyOptions): RenderedHtml {
  const hide = options.obfuscate;
  if (parsed.flags.includes('unparseable')) {
    // parse.ts puts the raw body (after the header block) in `text` for these
    const raw = escapeHtml(hide ? obfuscate(parsed.text) : parsed.text);
    return rendered(
      '<p class="mail-notice">This message could not be decoded; its raw text is shown as is.</p>' +
        `<pre class="mail-raw">\n${raw}</pre>`,
    );
  }
  const htmlOnly = options.htmlOnly ?? isHtmlOnly(parsed);
  if (parsed.html !== null && htmlOnly && options.htmlMail !== 'text') {
    return rendered(renderHtmlMail(parsed.html, { obfuscate: hide, cidUrl: options.cidUrl }));
  }
  if (parsed.text.trim() === '') {
    return rendered('<p class="mail-notice">This message has no text.</p>');
  }
  return rendered(
    renderPlain(parsed.text, { obfuscate: hide, flowed: options.flowed, delSp: options.delSp }),
  );
}

/** A subject (or any header text) escaped, obfuscated when asked. */
export function renderSubject(subject: string, options: TextOptions): RenderedHtml {
  return rendered(escapeHtml(options.obfuscate ? obfuscate(subject) : subject));
}

/** `Name <address>` (or whichever part exists) escaped, obfuscated when asked; '' for null. */
export function formatAddress(address: Address | null): string {
  if (address === null) return '';
  const name = address.name.trim();
  const mailbox = address.address.trim();
  if (name === '' || name === mailbox) return mailbox;
  return mailbox === '' ? name : `${name} <${mailbox}>`;
}

/** One address for a header line, escaped and obfuscated when asked. */
export function renderAddress(address: Address | null, options: TextOptions): RenderedHtml {
  return renderSubject(formatAddress(address), options);
}

/** A To/Cc list, comma-separated. */
export function renderAddressList(addresses: readonly Address[], options: TextOptions): RenderedHtml {
  return renderSubject(addresses.map(formatAddress).join(', '), options);
}
