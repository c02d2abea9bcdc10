// The smallest tree a patch series applies to, rebuilt from the series itself, so `git am` can be
// run on what b4 produced without the project's real repository (openbmc's kernel tree is not
// here, and b4's own tests apply their samples to a repository bundle we do not have).
//
// The series is replayed on a model of each file whose lines are objects: a line of the base tree
// is first unknown, and learns its text from the first hunk that shows it as context or removes
// it; lines a patch adds are new objects. Hunk positions are exact (git's line numbers), so a line
// learnt in patch 5 is placed where the base had it even when patches 1-4 moved it. Base lines no
// hunk shows stay unknown and are written as unique filler lines: git apply checks context, not the
// blob ids on `index` lines, so the series applies to that tree exactly as it would to the real one.
// A series whose hunks disagree about a line, or that holds binary patches, is refused.

interface Line {
  text: string | null;
}

interface Hunk {
  oldStart: number;
  oldLines: number;
  lines: string[];
}

interface FileDiff {
  oldPath: string | null;
  newPath: string | null;
  hunks: Hunk[];
}

/** The file diffs of every patch in an mbox, in order (the mbox as b4 writes it: plain text parts). */
export function parseDiffs(mbox: string): FileDiff[] {
  const diffs: FileDiff[] = [];
  const lines = mbox.split('\n');
  let current: FileDiff | null = null;
  let hunk: Hunk | null = null;
  let remainingOld = 0;
  let remainingNew = 0;
  for (const line of lines) {
    if (hunk && (remainingOld > 0 || remainingNew > 0)) {
      const kind = line[0] ?? ' '; // an empty line is an empty context line (mailers strip the space)
      if (kind === '\\') throw new Error('"\\ No newline at end of file" is not supported');
      hunk.lines.push(kind === ' ' || kind === '-' || kind === '+' ? line : ` ${line}`);
      if (kind !== '+') remainingOld--;
      if (kind !== '-') remainingNew--;
      continue;
    }
    hunk = null;
    const header = /^diff --git a\/(\S+) b\/(\S+)$/.exec(line);
    if (header) {
      current = { oldPath: header[1], newPath: header[2], hunks: [] };
      diffs.push(current);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('GIT binary patch') || line.startsWith('Binary files ')) {
      throw new Error(`binary patch of ${current.oldPath} is not supported`);
    }
    if (line === '--- /dev/null') current.oldPath = null;
    else if (line === '+++ /dev/null') current.newPath = null;
    else if (line.startsWith('rename from ')) current.oldPath = line.slice(12);
    else if (line.startsWith('rename to ')) current.newPath = line.slice(10);
    const range = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (range) {
      hunk = { oldStart: Number(range[1]), oldLines: Number(range[2] ?? 1), lines: [] };
      remainingOld = hunk.oldLines;
      remainingNew = Number(range[4] ?? 1);
      current.hunks.push(hunk);
    }
  }
  return diffs;
}

/** The base tree (path → content) the diffs apply to, in order. */
export function baseTree(diffs: FileDiff[]): Map<string, string> {
  const base = new Map<string, Line[]>();
  const current = new Map<string, Line[]>();
  /** The base file behind a model file; none for a file the series creates. */
  const baseOf = new WeakMap<Line[], Line[]>();
  for (const diff of diffs) {
    let file: Line[];
    if (diff.oldPath === null) {
      file = [];
    } else {
      let existing = current.get(diff.oldPath);
      if (!existing) {
        // First time the series touches this path: it is a file of the base tree.
        if (base.has(diff.oldPath)) throw new Error(`${diff.oldPath} deleted, then changed again`);
        const lines: Line[] = [];
        base.set(diff.oldPath, lines);
        // The model and the base share line objects; the base array grows with the model's tail.
        existing = [];
        baseOf.set(existing, lines);
      }
      file = existing;
      current.delete(diff.oldPath);
    }
    let offset = 0;
    for (const hunk of diff.hunks) {
      // `-N,0` means "after line N": the change starts at index N.
      const at = (hunk.oldLines === 0 ? hunk.oldStart : hunk.oldStart - 1) + offset;
      const wanted = hunk.lines.filter((l) => l[0] !== '+').map((l) => l.slice(1));
      const baseLines = baseOf.get(file);
      while (file.length < at + wanted.length) {
        if (!baseLines) throw new Error(`a hunk reaches past the end of new file ${diff.newPath}`);
        const filler: Line = { text: null };
        baseLines.push(filler);
        file.push(filler);
      }
      wanted.forEach((text, k) => {
        const line = file[at + k];
        if (line.text === null) line.text = text;
        else if (line.text !== text) throw new Error(`${diff.oldPath}: two patches disagree about a line`);
      });
      const post: Line[] = [];
      let k = at;
      for (const l of hunk.lines) {
        if (l[0] === '+') post.push({ text: l.slice(1) });
        else if (l[0] === ' ') post.push(file[k++]);
        else k++;
      }
      file.splice(at, wanted.length, ...post);
      offset += post.length - wanted.length;
    }
    if (diff.newPath !== null) current.set(diff.newPath, file);
  }
  const tree = new Map<string, string>();
  for (const [path, lines] of base) {
    const text = lines.map((line, i) => line.text ?? `(line ${i + 1} of ${path}: not shown by any hunk)`);
    tree.set(path, text.length > 0 ? `${text.join('\n')}\n` : '');
  }
  return tree;
}
