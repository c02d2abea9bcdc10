// Folder trees of mail: Maildirs (`cur/`, `new/`), nested Maildirs (notmuch's corpus has
// `default/foo/baz/{cur,new}`), plain folders of message files, and folders of `.eml` files.
//
// Order (deterministic, so an import is repeatable): a folder's own messages first, then its
// subfolders in name order, depth first. A folder's messages are the files in its `cur/` and
// `new/` (when it is a Maildir) together with the plain files directly in it, all sorted by name:
// Maildir names start with the delivery time (`1382298587.001724:2,`), compared as a number so
// that a ten-digit time sorts after a nine-digit one.
//
// What is read, and how:
//   - a file in `cur/` or `new/`, or named `*.eml`: one message (Maildir and .eml hold one message
//     per file — notmuch's insert/mbox-attachment.eml starts with a `From ` line and carries a
//     git-format-patch `From <sha> Mon Sep 17 …` line inside: still one message). A leading
//     `From ` envelope line is dropped and its date kept.
//   - any other file is judged by its first bytes (gzip/zstd undone): a `From ` line makes it an
//     mbox, split like one; an RFC 5322 header block makes it one message; anything else (README,
//     COPYING, Dovecot index files, HTML) is skipped.
//   - skipped without reading: names starting with `.` (`.git`, `.notmuch`, `.DS_Store`, and Maildir++
//     `.Trash`-style subfolders: a personal mailbox's Trash or Junk is no list archive — name such a
//     folder to import it), a Maildir's `tmp/` (deliveries in progress), empty files, and anything
//     that is neither a file nor a folder. Symbolic links are followed, each folder visited once.

import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openFileInput } from './byte-input.ts';
import { NotMboxError, splitMbox } from './mbox.ts';
import { looksLikeMbox, looksLikeMessage, stripEnvelope } from './sniff.ts';
import { SourceError, sourceErrorFrom } from './source-error.ts';
import type { RawMessage } from './types.ts';

/** One file the walk visits, in archive order. */
export interface MailFile {
  path: string;
  size: number;
  /** In a Maildir's `cur/` or `new/`, or named `.eml`: one message, no sniffing. */
  single: boolean;
}

/** Every file a tree import reads, in order (skipped names and folders excluded). */
export async function* walkMailTree(root: string): AsyncGenerator<MailFile> {
  const seen = new Set<string>();
  // An explicit stack keeps deep trees off the call stack (STYLE.md: no recursion over trees).
  const stack: string[] = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const info = (await statOrThrow(dir, 'directory'))!;
    const id = `${info.dev}:${info.ino}`;
    if (seen.has(id)) continue; // a symbolic link back up the tree
    seen.add(id);
    const entries = await listDir(dir);
    const isMaildir = entries.dirs.has('cur') || entries.dirs.has('new');
    const files: { name: string; path: string; single: boolean }[] = entries.files.map((name) => ({
      name,
      path: join(dir, name),
      single: /\.eml$/i.test(name),
    }));
    if (isMaildir) {
      for (const sub of ['cur', 'new']) {
        if (!entries.dirs.has(sub)) continue;
        const inner = await listDir(join(dir, sub));
        for (const name of inner.files) files.push({ name, path: join(dir, sub, name), single: true });
      }
    }
    files.sort((a, b) => compareMaildirNames(a.name, b.name) || compareNames(a.path, b.path));
    for (const file of files) {
      const fileInfo = await statOrThrow(file.path, 'file', true);
      // Gone since the listing (a mail client moved it from new/ to cur/), not a file, or empty.
      if (fileInfo === null || !fileInfo.isFile() || fileInfo.size === 0) continue;
      yield { path: file.path, size: fileInfo.size, single: file.single };
    }
    const subdirs = [...entries.dirs]
      .filter((name) => !(isMaildir && (name === 'cur' || name === 'new' || name === 'tmp')))
      .sort(compareNames);
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(join(dir, subdirs[i]));
  }
}

/** The messages of a folder tree. `sourceOffset` counts the bytes of the files visited so far. */
export async function* readMailTree(root: string): AsyncGenerator<RawMessage> {
  let done = 0;
  for await (const file of walkMailTree(root)) {
    const before = done;
    done += file.size;
    if (file.single) {
      const bytes = await readFile(file.path).catch((error) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null; // moved away meanwhile
        throw sourceErrorFrom(error, file.path);
      });
      if (bytes === null) continue;
      const message = stripEnvelope(bytes);
      if (message.bytes.length > 0) {
        yield { ...message, origin: file.path, sourceOffset: before + bytes.length };
      }
    } else {
      const input = await openFileInput(file.path);
      const bytesRead = () => before + input.bytesRead();
      if (looksLikeMbox(input.head)) {
        try {
          yield* splitMbox(input.chunks, file.path, bytesRead);
        } catch (error) {
          if (error instanceof NotMboxError)
            throw new SourceError(`${file.path}: broken mbox (${error.message})`);
          throw error;
        }
      } else if (looksLikeMessage(input.head)) {
        const parts: Buffer[] = [];
        for await (const chunk of input.chunks) parts.push(chunk);
        yield {
          bytes: Buffer.concat(parts),
          envelopeDate: null,
          origin: file.path,
          sourceOffset: bytesRead(),
        };
      } else {
        input.close(); // not mail: README, COPYING, an index file
      }
    }
  }
}

/** Bytes of all the files a tree import reads (for progress). */
export async function mailTreeSize(root: string): Promise<number> {
  let total = 0;
  for await (const file of walkMailTree(root)) total += file.size;
  return total;
}

/** Maildir names by their leading number (the delivery time), then by the whole name. */
export function compareMaildirNames(a: string, b: string): number {
  const na = /^\d+/.exec(a)?.[0];
  const nb = /^\d+/.exec(b)?.[0];
  if (na !== undefined && nb !== undefined) {
    const ta = na.replace(/^0+(?=\d)/, '');
    const tb = nb.replace(/^0+(?=\d)/, '');
    if (ta.length !== tb.length) return ta.length - tb.length;
    if (ta !== tb) return ta < tb ? -1 : 1;
  }
  return compareNames(a, b);
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function listDir(dir: string): Promise<{ files: string[]; dirs: Set<string> }> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw sourceErrorFrom(error, dir, 'directory');
  }
  const files: string[] = [];
  const dirs = new Set<string>();
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(join(dir, entry.name)).catch(() => null); // a dangling link: skipped
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) dirs.add(entry.name);
    else if (isFile) files.push(entry.name);
  }
  return { files, dirs };
}

async function statOrThrow(path: string, what: string, missingOk = false): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if (missingOk && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw sourceErrorFrom(error, path, what);
  }
}
