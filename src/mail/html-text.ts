// HTML → readable plain text for HTML-only mail (the text is indexed and shown when a message has
// no text/plain part). A single forward scan, no DOM and no backtracking regular expressions:
// mailparser-fixtures/htmllargecallstack.eml blew the call stack of a recursive converter.
// Tags are dropped, block elements become line breaks, script/style/head contents vanish,
// entities are decoded. The output is text, never HTML: views escape it like any other text.

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'pre',
  'section',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'table', 'pre']);
/** Elements whose content is not text for a reader. */
const HIDDEN = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'svg', 'xml', 'object']);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  zwnj: '',
  zwj: '',
  shy: '',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  lsaquo: '‹',
  rsaquo: '›',
  bull: '•',
  middot: '·',
  deg: '°',
  plusmn: '±',
  times: '×',
  divide: '÷',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  dagger: '†',
  Dagger: '‡',
  iexcl: '¡',
  iquest: '¿',
  micro: 'µ',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  sup2: '²',
  sup3: '³',
  larr: '←',
  rarr: '→',
  uarr: '↑',
  darr: '↓',
  harr: '↔',
  le: '≤',
  ge: '≥',
  ne: '≠',
  infin: '∞',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  Eacute: 'É',
  aacute: 'á',
  agrave: 'à',
  acirc: 'â',
  atilde: 'ã',
  aring: 'å',
  ccedil: 'ç',
  iacute: 'í',
  oacute: 'ó',
  ograve: 'ò',
  ocirc: 'ô',
  otilde: 'õ',
  oslash: 'ø',
  uacute: 'ú',
  ntilde: 'ñ',
  Ntilde: 'Ñ',
  aelig: 'æ',
};
/** Entities that browsers also decode without the closing `;`. */
const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp']);
const windows1252 = new TextDecoder('windows-1252');

function decodeNumeric(code: number): string {
  if (code >= 0x80 && code <= 0x9f) return windows1252.decode(Uint8Array.of(code)); // HTML's C1 remap
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}))(;?)/g;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string, semi?: string) => {
    if (dec) return decodeNumeric(Number(dec));
    if (hex) return decodeNumeric(Number.parseInt(hex, 16));
    if (name && Object.hasOwn(NAMED, name) && (semi || LEGACY.has(name))) return NAMED[name];
    return whole;
  });
}

/** Collects output with at most two line breaks in a row and no spaces around them. */
class TextSink {
  private readonly parts: string[] = [];
  private pending = 0;

  /** Asks for a line break (1) or a blank line (2) before the next text. */
  lineBreak(count: number): void {
    this.pending = Math.max(this.pending, count);
  }

  /** A `<br>`: breaks add up, so `<br><br>` is a blank line. */
  hardBreak(): void {
    this.pending = Math.min(this.pending + 1, 2);
  }

  /** A separator between table cells: a space, unless at the start of a line or after one. */
  space(): void {
    const last = this.parts[this.parts.length - 1];
    if (this.pending === 0 && last && !/\s$/.test(last)) this.parts.push(' ');
  }

  text(piece: string, keepSpaces: boolean): void {
    let text = piece;
    if (!keepSpaces && (this.pending > 0 || this.parts.length === 0)) text = text.replace(/^ +/, '');
    if (!text) return;
    if (this.pending > 0 && this.parts.length > 0) {
      const last = this.parts.length - 1;
      this.parts[last] = this.parts[last].replace(/[ \t]+$/, '');
      this.parts.push('\n'.repeat(this.pending));
    }
    this.pending = 0;
    this.parts.push(text);
  }

  result(): string {
    return this.parts.join('').replace(/[ \t]+$/, '');
  }
}

/** Converts HTML to plain text. Linear in the input; never throws on malformed markup. */
export function htmlToText(html: string): string {
  const sink = new TextSink();
  const noClosing = new Set<string>(); // hidden elements already known to be unclosed
  let pre = 0;
  let i = 0;
  const emit = (raw: string): void => {
    const text = pre > 0 ? raw.replace(/\r\n?/g, '\n') : raw.replace(/[ \t\r\n\f]+/g, ' ');
    sink.text(decodeEntities(text), pre > 0);
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      emit(html.slice(i));
      break;
    }
    if (lt > i) emit(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) {
      emit(html.slice(lt)); // a stray `<` near the end is text
      break;
    }
    const tag = /^(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(lt + 1, Math.min(gt, lt + 64)));
    if (!tag) {
      const next = html[lt + 1];
      if (next === '!' || next === '?' || next === '/') {
        i = gt + 1; // doctype, `<![if !supportLists]>`, `<?xml …?>`, `</ >`
      } else {
        emit('<'); // `a < b` is text
        i = lt + 1;
      }
      continue;
    }
    const closing = tag[1] === '/';
    const name = tag[2].toLowerCase();
    i = gt + 1;
    if (!closing && HIDDEN.has(name) && !noClosing.has(name)) {
      const end = new RegExp(`</${name}\\s*>`, 'ig');
      end.lastIndex = i;
      const found = end.exec(html);
      if (found) i = found.index + found[0].length;
      else noClosing.add(name); // drop only the tag; searching again would be quadratic
      continue;
    }
    if (name === 'br') sink.hardBreak();
    else if (name === 'li') {
      sink.lineBreak(1);
      if (!closing) sink.text('* ', true);
    } else if (name === 'td' || name === 'th') {
      if (!closing) sink.space();
    } else if (name === 'p' || PARAGRAPH.has(name)) sink.lineBreak(2);
    else if (BLOCK.has(name)) sink.lineBreak(1);
    if (name === 'pre') pre = Math.max(0, pre + (closing ? -1 : 1));
  }
  return sink.result().replace(/^\n+/, '').trimEnd();
}
