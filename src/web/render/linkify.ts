// Plain text → escaped HTML with web links, hand-rolled (STACK.md §8: 721 MB/s against 87 for
// linkify-it, and the archive wants its own rules).
//
// Rules:
// - Links start at `http://`, `https://`, `ftp://`, `git://` or `www.` (any case) that does not
//   follow a letter, digit or one of `@ . _ + - /` (so `user@www.example.com` and `xhttp://` are
//   not links), and need a host character after the prefix.
// - A link runs over RFC 3986 URL characters (ASCII only: a CJK sentence glued to a URL stays
//   text), so `"`, `<`, `>`, spaces and backticks end it — `"><script>` can never get inside.
// - Trailing `. , ; : ! ? ' *` are trimmed, and a trailing `)` or `]` only stays when the URL
//   opened one (`https://en.wikipedia.org/wiki/Foo_(bar)`, but `(see https://x.org/a)`).
// - No mailto: and no Message-ID links: addresses are text.
// - With obfuscation on, a URL holding an `@` (a lore link with a Message-ID, userinfo) is not
//   linked but shown obfuscated like the text around it, as blists does: linking it would either
//   leak the address in the href or produce a broken, obfuscated href.
// Every piece of text, linked or not, is escaped.

import { MAX_LINK_URL_CHARS } from '../../limits.ts';
import { escapeHtml } from './escape.ts';
import { obfuscate } from './obfuscate.ts';

export interface LinkifyOptions {
  /** Apply the blists address obfuscation to the text (and refuse to link URLs holding an `@`). */
  obfuscate: boolean;
}

const START = /(?:https?|ftp|git):\/\/|www\./gi;

// RFC 3986 unreserved, gen-delims and sub-delims, plus `%`
const URL_CHAR = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%") {
  URL_CHAR[char.charCodeAt(0)] = 1;
}

// characters that may not come right before a link start
const GLUED = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@._+-/') {
  GLUED[char.charCodeAt(0)] = 1;
}

const TRAILING = new Uint8Array(128);
for (const char of ".,;:!?'*") TRAILING[char.charCodeAt(0)] = 1;

function isHostChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

function count(text: string, char: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(char, from); i >= 0 && i < to; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** End of the URL starting at `start` whose prefix ends at `afterPrefix`, or -1 when it is none. */
function urlEnd(text: string, start: number, afterPrefix: number): number {
  if (!isHostChar(text.charCodeAt(afterPrefix))) return -1;
  let end = afterPrefix;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code >= 0x80 || URL_CHAR[code] !== 1) break;
    end++;
  }
  let openParens = -1;
  let openBrackets = -1;
  while (end > afterPrefix) {
    const code = text.charCodeAt(end - 1);
    if (TRAILING[code] === 1) {
      end--;
    } else if (code === 0x29 /* ) */) {
      if (openParens < 0) openParens = count(text, '(', start, end) - count(text, ')', start, end);
      if (openParens >= 0) break;
      openParens++;
      end--;
    } else if (code === 0x5d /* ] */) {
      if (openBrackets < 0) openBrackets = count(text, '[', start, end) - count(text, ']', start, end);
      if (openBrackets >= 0) break;
      openBrackets++;
      end--;
    } else {
      break;
    }
  }
  return end > afterPrefix ? end : -1;
}

function textHtml(text: string, options: LinkifyOptions): string {
  return escapeHtml(options.obfuscate ? obfuscate(text) : text);
}

/** Escapes plain text and turns its web URLs into `<a rel="nofollow noopener">` links. */
export function linkify(text: string, options: LinkifyOptions): string {
  START.lastIndex = 0;
  let match = START.exec(text);
  if (match === null) return textHtml(text, options);
  let out = '';
  let plainFrom = 0;
  while (match !== null) {
    const start = match.index;
    const afterPrefix = start + match[0].length;
    const before = start > 0 ? text.charCodeAt(start - 1) : 0x20;
    const end = before < 0x80 && GLUED[before] === 1 ? -1 : urlEnd(text, start, afterPrefix);
    if (end >= 0) {
      const url = text.slice(start, end);
      const linkable = url.length <= MAX_LINK_URL_CHARS && !(options.obfuscate && url.includes('@'));
      if (linkable) {
        const href = match[0].length === 4 && match[0].toLowerCase() === 'www.' ? 'http://' + url : url;
        out += textHtml(text.slice(plainFrom, start), options);
        out += `<a href="${escapeHtml(href)}" rel="nofollow noopener">${escapeHtml(url)}</a>`;
        plainFrom = end;
      }
      // skip the whole URL either way: a `www.` inside it is not a link of its own
      START.lastIndex = end;
    }
    match = START.exec(text);
  }
  return out + textHtml(text.slice(plainFrom), options);
}
