// The one template helper every view uses: a tagged template that escapes every interpolated value
// unless it is already HtmlString. STACK.md §5: a plain tagged template with a fast escaper renders
// faster than hono/html and JSX, and gives views one honest type to return.

/** HTML that is safe to emit as is: built by `html` or deliberately trusted with `trustedHtml`. */
export class HtmlString {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** Anything a template may interpolate. Arrays are concatenated; null, undefined and false vanish. */
export type HtmlValue = HtmlString | string | number | boolean | null | undefined | readonly HtmlValue[];

// Besides the five specials, C0 controls (but tab, LF, FF, CR) and DEL become U+FFFD: they are HTML
// parse errors, and subjects carry them (src/web/render/escape.ts does the same for bodies).
const SPECIAL = /[&<>"'\x00-\x08\x0b\x0e-\x1f\x7f]/;
const SPECIAL_ALL = /[&<>"'\x00-\x08\x0b\x0e-\x1f\x7f]/g;
const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  // Most strings need no escaping: the test is cheaper than the replace.
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ENTITY[c] ?? '\uFFFD') : text;
}

function append(out: string, value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return out;
  if (value instanceof HtmlString) return out + value.value;
  if (typeof value === 'string') return out + escapeHtml(value);
  if (typeof value === 'number') return out + String(value);
  let joined = out;
  for (const item of value) joined = append(joined, item);
  return joined;
}

/** `html\`<p>${text}</p>\``: the literal parts are trusted, every value is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): HtmlString {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    out = append(out, values[i]);
    out += strings[i + 1];
  }
  return new HtmlString(out);
}

/** Marks markup produced elsewhere (a sanitiser, the body renderer) as safe. Never for user input. */
export function trustedHtml(markup: string): HtmlString {
  return new HtmlString(markup);
}

/** Joins fragments with a trusted separator. */
export function joinHtml(parts: readonly HtmlValue[], separator = ''): HtmlString {
  let out = '';
  parts.forEach((part, i) => {
    if (i > 0) out += separator;
    out = append(out, part);
  });
  return new HtmlString(out);
}

/** `1 message`, `2 messages`: counted nouns in page text. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
