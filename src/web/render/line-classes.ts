// Which CSS class each line of a plain-text body gets: quote depth, patch lines, signature.
//
// Patch lines are painted only inside a detected patch section, so that a `- item` list in prose
// or a `--- ` rule stays plain. A section starts at `diff --git`/`diff -u…`, at `--- ` + `+++ ` +
// `@@` on consecutive lines (non-git patches, as in b4's trailers-followup-non-git-patch.mbox),
// or at svn's `Index:` + `====`. Inside a hunk the `@@ -a,b +c,d @@` counts say how many old and
// new lines follow, so the hunk ends exactly where git says it does: the `-- ` that
// format-patch writes before its version signature is a signature, not a removed line.
// Hunk headers without counts (combined diffs' `@@@`, hand-written `@@`) fall back to "lines
// that start with space, `+`, `-` or `\`".
//
// Quoted lines are classed by depth only (`>` q1, `> >`/`>>` q2, deeper q3); a patch quoted in
// a review reply is shown as a quote.

export type LineClass = '' | 'q1' | 'q2' | 'q3' | 'diff-file' | 'diff-hunk' | 'diff-add' | 'diff-del' | 'sig';

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/** Lines of a git/svn file header that may follow `diff ` before the first hunk. */
const FILE_HEADER =
  /^(?:--- |\+\+\+ |index |new file mode |deleted file mode |old mode |new mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to |Binary files |GIT binary patch|====)/;

const DIFF_COMMAND = /^diff (?:--git |--cc |--combined |-[A-Za-z]+ )/;

function quoteClass(line: string): LineClass {
  let depth = 0;
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 0x3e /* > */) {
    depth++;
    i++;
    while (line.charCodeAt(i) === 0x20) i++;
  }
  return depth === 0 ? '' : depth === 1 ? 'q1' : depth === 2 ? 'q2' : 'q3';
}

/** Does a patch start at line i (outside any patch)? */
function patchStarts(lines: string[], i: number): boolean {
  const line = lines[i];
  const first = line.charCodeAt(0);
  // most lines start with none of `d`, `-`, `I`: skip the tests below
  if (first !== 0x64 && first !== 0x2d && first !== 0x49) return false;
  if (DIFF_COMMAND.test(line)) return true;
  if (line.startsWith('--- ')) {
    return (lines[i + 1] ?? '').startsWith('+++ ') && (lines[i + 2] ?? '').startsWith('@@');
  }
  if (line.startsWith('Index: ')) return (lines[i + 1] ?? '').startsWith('====');
  return false;
}

/** One class per line (same length as `lines`). */
export function classifyLines(lines: string[]): LineClass[] {
  const classes: LineClass[] = new Array(lines.length);
  // text: prose; header: a file header block; hunk: inside a hunk; between: after a hunk
  let state: 'text' | 'header' | 'hunk' | 'between' = 'text';
  let oldLeft = 0;
  let newLeft = 0;
  let counted = true; // false: the hunk header gave no counts
  let signature = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (signature) {
      classes[i] = 'sig';
      continue;
    }
    if (state === 'hunk') {
      const first = line.charCodeAt(0);
      if (counted) {
        if (first === 0x5c /* \ No newline at end of file */) {
          classes[i] = '';
          continue;
        }
        if (first === 0x2b /* + */ && newLeft > 0) {
          classes[i] = 'diff-add';
          newLeft--;
        } else if (first === 0x2d /* - */ && oldLeft > 0) {
          classes[i] = 'diff-del';
          oldLeft--;
        } else if ((first === 0x20 || line === '') && oldLeft > 0 && newLeft > 0) {
          classes[i] = ''; // context; an empty line is whitespace-damaged context
          oldLeft--;
          newLeft--;
        } else {
          state = 'between'; // the counts were wrong: this line is not part of the hunk
        }
        if (state === 'hunk') {
          if (oldLeft === 0 && newLeft === 0) state = 'between';
          continue;
        }
      } else if (line !== '-- ' && (first === 0x20 || first === 0x2b || first === 0x2d || first === 0x5c)) {
        classes[i] = first === 0x2b ? 'diff-add' : first === 0x2d ? 'diff-del' : '';
        continue;
      } else {
        state = 'between';
      }
    }
    if (state === 'header' || state === 'between') {
      if (line.startsWith('@@')) {
        const counts = HUNK.exec(line);
        counted = counts !== null;
        if (counts !== null) {
          oldLeft = counts[1] === undefined ? 1 : Number(counts[1]);
          newLeft = counts[2] === undefined ? 1 : Number(counts[2]);
        }
        // `@@ -0,0 +0,0 @@` announces nothing: stay between hunks
        state = counted && oldLeft === 0 && newLeft === 0 ? 'between' : 'hunk';
        classes[i] = 'diff-hunk';
        continue;
      }
      if ((state === 'header' && FILE_HEADER.test(line)) || patchStarts(lines, i)) {
        state = 'header';
        classes[i] = 'diff-file';
        continue;
      }
      state = 'text';
    }
    if (line === '-- ') {
      signature = true;
      classes[i] = 'sig';
    } else if (patchStarts(lines, i)) {
      state = 'header';
      classes[i] = 'diff-file';
    } else {
      classes[i] = quoteClass(line);
    }
  }
  return classes;
}
