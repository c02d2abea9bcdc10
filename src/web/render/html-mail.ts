// HTML mail → sanitised HTML inside `<div class="mail-html">`, with sanitize-html and an explicit
// allowlist (STACK.md §8: 0 of 25 XSS vectors survive; the CSP is the second wall).
//
// The policy, and why:
// - formatting, lists, tables and <font> only: no script, style, form, media, frames, SVG, MathML;
//   the text of script/style/title/svg/math/… is dropped with the tag (it is not mail text);
// - no `style`, `class` or `id` attributes: inline styles are blocked by the CSP anyway and can
//   cover the page; classes would borrow the archive's own (banner, quote, nav) styles; ids and
//   names could clobber the `#thread-next` / `#up-day` anchors keys.js follows;
// - no width/nowrap/background on tables and cells, so a mail cannot push the page wider than
//   its box (style.css also caps and scrolls .mail-html) nor load a background image;
// - links: absolute http, https and mailto only, rel="nofollow noopener"; with obfuscation on, a
//   link holding an `@` loses its href (a mailto: href would publish the address it hides);
// - images: data:image/(png|gif|jpeg|webp) only, or `cid:` when the caller can map the Content-ID
//   to an archive URL; any other image (remote trackers included) becomes its `[image: alt]`
//   text, so nothing is ever loaded from elsewhere;
// - obfuscation applies to text nodes (textFilter) and to title/alt values.

import sanitizeHtml from 'sanitize-html';
import { MAX_HTML_MAIL_NESTING } from '../../limits.ts';
import { obfuscate } from './obfuscate.ts';

export interface HtmlMailOptions {
  /** Apply the blists address obfuscation to text and attribute values. */
  obfuscate: boolean;
  /**
   * Maps a `cid:` image's Content-ID (without `cid:`) to a relative archive URL, or null to drop
   * it. Without it every cid: image becomes its alt text.
   */
  cidUrl?: (contentId: string) => string | null;
}

// biome-ignore format: a word list reads better packed
const ALLOWED_TAGS = [
  'a', 'abbr', 'acronym', 'address', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center',
  'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'font', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's',
  'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];

const CELL = ['align', 'valign', 'bgcolor', 'colspan', 'rowspan'];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': ['dir', 'lang', 'title'],
  a: ['href', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  font: ['color', 'face', 'size'],
  table: ['align', 'bgcolor', 'border', 'cellpadding', 'cellspacing', 'summary'],
  tr: ['align', 'valign', 'bgcolor'],
  td: CELL,
  th: CELL,
  col: ['align', 'valign', 'span'],
  colgroup: ['align', 'valign', 'span'],
  tbody: ['align', 'valign'],
  thead: ['align', 'valign'],
  tfoot: ['align', 'valign'],
  ol: ['start', 'type', 'reversed'],
  ul: ['type'],
  li: ['value', 'type'],
  p: ['align'],
  div: ['align'],
  h1: ['align'],
  h2: ['align'],
  h3: ['align'],
  h4: ['align'],
  h5: ['align'],
  h6: ['align'],
};

/** Tags dropped together with their text. */
// biome-ignore format: a word list reads better packed
const NON_TEXT_TAGS = [
  'script', 'style', 'textarea', 'option', 'select', 'noscript', 'title', 'head', 'template', 'xmp',
  'noembed', 'noframes', 'svg', 'math', 'object', 'applet',
];

const LINK = /^(?:https?:\/\/|mailto:)/i;
const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|jpg|webp)[;,]/i;

function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type Attributes = Record<string, string>;

function buildOptions(options: HtmlMailOptions): sanitizeHtml.IOptions {
  const hide = options.obfuscate;
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['data', 'cid'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: NON_TEXT_TAGS,
    nestingLimit: MAX_HTML_MAIL_NESTING,
    parseStyleAttributes: false,
    transformTags: {
      a: (tagName: string, attribs: Attributes) => {
        const href = (attribs.href ?? '').trim();
        const keep = LINK.test(href) && !(hide && href.includes('@'));
        const out: Attributes = keep ? { href, rel: 'nofollow noopener' } : {};
        if (attribs.title !== undefined) out.title = attribs.title;
        return { tagName, attribs: out };
      },
      img: (tagName: string, attribs: Attributes) => {
        const src = (attribs.src ?? '').trim();
        let url: string | null = null;
        if (DATA_IMAGE.test(src)) url = src;
        else if (/^cid:/i.test(src) && options.cidUrl) url = options.cidUrl(src.slice(4));
        if (url !== null) return { tagName, attribs: { ...attribs, src: url } };
        // a span keeps the alt text where the image was; the image itself is never fetched
        const alt = (attribs.alt ?? '').trim();
        return { tagName: 'span', attribs: {}, text: alt === '' ? '' : `[image: ${alt}]` };
      },
      '*': (tagName: string, attribs: Attributes) => {
        if (!hide) return { tagName, attribs };
        const out: Attributes = {};
        for (const [name, value] of Object.entries(attribs)) {
          out[name] = name === 'title' || name === 'alt' ? obfuscate(value) : value;
        }
        return { tagName, attribs: out };
      },
    },
    // text arrives escaped (&amp; &lt; &gt;): obfuscate the text itself, then escape it again
    textFilter: hide
      ? (text) => (text.includes('@') ? escapeText(obfuscate(unescapeText(text))) : text)
      : undefined,
  };
}

const cached = new Map<boolean, sanitizeHtml.IOptions>();

/** Sanitises an HTML mail body; the result is safe to embed as is. */
export function renderHtmlMail(html: string, options: HtmlMailOptions): string {
  let config = options.cidUrl ? undefined : cached.get(options.obfuscate);
  if (config === undefined) {
    config = buildOptions(options);
    if (!options.cidUrl) cached.set(options.obfuscate, config);
  }
  return `<div class="mail-html">${sanitizeHtml(html, config)}</div>`;
}
