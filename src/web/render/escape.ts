// Text → HTML text, the one escaper of the render folder.
//
// Besides the five HTML specials it replaces C0 control characters (other than tab, line feed,
// form feed and carriage return) and DEL with U+FFFD: they are parse errors in HTML, NUL turns
// into U+FFFD in the browser anyway, and an ESC from a pasted coloured log would otherwise
// vanish and glue `[31m` to the text (blists shows them as `.` for the same reason).

const SPECIAL = /[&<>"'\x00-\x08\x0b\x0e-\x1f\x7f]/g;

const REPLACEMENT: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function replace(char: string): string {
  return REPLACEMENT[char] ?? '\uFFFD';
}

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  SPECIAL.lastIndex = 0;
  // most text runs of a mail have nothing to escape: skip the copy
  if (!SPECIAL.test(text)) return text;
  SPECIAL.lastIndex = 0;
  return text.replace(SPECIAL, replace);
}
