// Address obfuscation, the blists rule (DESIGN.md §3): at an `@` with an atom character before it
// and at least four atom-or-dot characters after it, show `@...` and drop the next three
// characters. `alex.williamson@redhat.com` → `alex.williamson@...hat.com`.
//
// blists' own html.c tests "byte > space" on either side; DESIGN.md words the rule with RFC 5322
// atext, which is what this follows. Non-ASCII characters count as atom characters (RFC 6532
// lets UTF-8 into atext, and erring towards hiding is the safe side); Unicode spaces do not.
// Characters are counted and dropped by code point, so a surrogate pair is never split.

const ATEXT = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~") {
  ATEXT[char.charCodeAt(0)] = 1;
}

/** Non-ASCII code units that are white space (Unicode White_Space plus the BOM). */
function isWideSpace(code: number): boolean {
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isAtom(code: number): boolean {
  return code < 0x80 ? ATEXT[code] === 1 : !isWideSpace(code);
}

function isAtomOrDot(code: number): boolean {
  return code === 0x2e || isAtom(code);
}

/** Index just after the code point starting at `i`. */
function nextCodePoint(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return i + 2;
  }
  return i + 1;
}

/**
 * When at least four atom-or-dot code points start at `from`, the index after the first three
 * (the part to drop); otherwise -1.
 */
function droppedEnd(text: string, from: number): number {
  let i = from;
  let dropEnd = -1;
  for (let count = 0; count < 4; count++) {
    if (i >= text.length || !isAtomOrDot(text.charCodeAt(i))) return -1;
    i = nextCodePoint(text, i);
    if (count === 2) dropEnd = i;
  }
  return dropEnd;
}

/** Applies the blists address-obfuscation rule to plain text (before any HTML escaping). */
export function obfuscate(text: string): string {
  let at = text.indexOf('@');
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    if (at > 0 && isAtom(text.charCodeAt(at - 1))) {
      const end = droppedEnd(text, at + 1);
      if (end >= 0) {
        out += text.slice(from, at) + '@...';
        from = end;
        // the dropped characters are atom-or-dot, so no `@` was skipped
        at = text.indexOf('@', end);
        continue;
      }
    }
    at = text.indexOf('@', at + 1);
  }
  return out + text.slice(from);
}
