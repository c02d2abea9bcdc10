// A plain-text body → one `<pre class="mail-text">` (white-space: pre-wrap in style.css).
//
// Steps: line ends to `\n`; format=flowed undone when the caller says the part was flowed;
// each line classed (quote depth, patch, signature: line-classes.ts); runs of lines with the
// same class become one inline `<span class="…">` (a span per run, not per line, keeps the
// output small and lets the linkifier work on long runs); every run is obfuscated when asked,
// linkified and escaped by linkify.ts. The newline between two runs sits outside the spans, so
// the spans must stay inline (or inline-block) in CSS: a block span would add blank lines.

import { unflow } from './flowed.ts';
import { classifyLines, type LineClass } from './line-classes.ts';
import { linkify } from './linkify.ts';

export interface PlainOptions {
  /** Apply the blists address obfuscation. */
  obfuscate: boolean;
  /** The text is still format=flowed (RFC 3676) and must be reflowed. */
  flowed?: boolean;
  /** The flowed part had DelSp=yes. */
  delSp?: boolean;
}

function run(cls: LineClass, text: string, obfuscate: boolean): string {
  const body = linkify(text, { obfuscate });
  return cls === '' ? body : `<span class="${cls}">${body}</span>`;
}

/** Renders a plain-text body as escaped, linkified, classed HTML inside `<pre class="mail-text">`. */
export function renderPlain(text: string, options: PlainOptions): string {
  let source = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  if (options.flowed) source = unflow(source, options.delSp === true);
  let end = source.length;
  while (end > 0 && source.charCodeAt(end - 1) === 0x0a) end--;
  const lines = source.slice(0, end).split('\n');
  const classes = classifyLines(lines);
  const parts: string[] = [];
  let from = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && classes[i] === classes[from]) continue;
    parts.push(run(classes[from], lines.slice(from, i).join('\n'), options.obfuscate));
    from = i;
  }
  // the HTML parser drops one newline right after <pre>: give it one, so a leading blank line stays
  return `<pre class="mail-text">\n${parts.join('\n')}</pre>`;
}
