// format=flowed text (RFC 3676) → the lines the writer meant.
//
// A line ending in a space is soft-broken: it joins the next line of the same quote depth
// (§4.2); with DelSp=yes the space was added by the sender and is removed on joining (§4.3).
// A leading space is stuffing and goes (§4.4); the quote depth is the count of leading `>`
// (§4.5), and lines of different depths never join. `-- ` stands alone on its line (§4.3).
//
// postal-mime's decodeFlowedText (used by src/mail/body.ts) ignores quote depth and turns
// `> a \n> b` into `> a > b`; this one keeps quoted paragraphs quoted.

function quoteDepth(line: string): number {
  let depth = 0;
  while (depth < line.length && line.charCodeAt(depth) === 0x3e /* > */) depth++;
  return depth;
}

function emit(out: string[], depth: number, text: string): void {
  if (depth > 0) out.push('>'.repeat(depth) + (text === '' ? '' : ' ' + text));
  // an unquoted line the sender started with `>` was stuffed to stay unquoted: keep it so
  else out.push(text.charCodeAt(0) === 0x3e ? ' ' + text : text);
}

/** Undoes format=flowed: joins soft-broken lines, removes space-stuffing. Takes `\n` line ends. */
export function unflow(text: string, delSp: boolean): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let paragraphDepth = 0;
  let open = false; // the paragraph's last line was soft-broken
  for (const line of text.split('\n')) {
    const depth = quoteDepth(line);
    let content = line.slice(depth);
    if (content.charCodeAt(0) === 0x20) content = content.slice(1);
    if (open && (depth !== paragraphDepth || content === '-- ')) {
      // improperly flowed: a soft break before a depth change counts as hard (§4.5), and the
      // signature separator always stands alone
      emit(out, paragraphDepth, paragraph.join(''));
      paragraph = [];
      open = false;
    }
    if (open && delSp) {
      const last = paragraph.length - 1;
      paragraph[last] = paragraph[last].slice(0, -1);
    }
    paragraph.push(content);
    paragraphDepth = depth;
    open = content.endsWith(' ') && content !== '-- ';
    if (!open) {
      emit(out, depth, paragraph.join(''));
      paragraph = [];
    }
  }
  if (paragraph.length > 0) emit(out, paragraphDepth, paragraph.join(''));
  return out.join('\n');
}
