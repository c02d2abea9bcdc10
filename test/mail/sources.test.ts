// openSource: format detection, compression, stdin, errors a user can act on, sizes for progress.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { sourceErrorFrom } from '../../src/mail/source-error.ts';
import {
  openSource,
  readStdin,
  SourceError,
  type SourceOptions,
  sourceSize,
} from '../../src/mail/sources.ts';
import type { RawMessage } from '../../src/mail/types.ts';
import { corpus, needsCorpus, repoRoot, tempDir } from '../helpers.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/mail-sources/${name}`, import.meta.url));
const expected = (name: string, n: number) =>
  readFileSync(fixture(`${name}.expected.${n}.eml`)).toString('latin1');

async function collect(source: AsyncIterable<RawMessage>): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const m of source) out.push(m);
  return out;
}
const read = (path: string, options?: SourceOptions) => collect(openSource(path, options));
const text = (m: RawMessage) => Buffer.from(m.bytes).toString('latin1');

async function rejectsWith(promise: Promise<unknown>, message: string) {
  await assert.rejects(promise, (error: Error) => {
    assert.ok(error instanceof SourceError, `${error.name}: ${error.message}`);
    assert.equal(error.message, message);
    return true;
  });
}

describe('detection', () => {
  test('an mbox file', async () => {
    const messages = await read(fixture('mboxrd.mbox'));
    assert.deepEqual(messages.map(text), [expected('mboxrd', 1), expected('mboxrd', 2)]);
    assert.deepEqual(
      messages.map((m) => m.origin),
      [`${fixture('mboxrd.mbox')}#1`, `${fixture('mboxrd.mbox')}#2`],
    );
    assert.equal(messages.at(-1)!.sourceOffset, statSync(fixture('mboxrd.mbox')).size);
  });

  test('a gzipped mbox, found by its magic bytes (not its name), streamed through zlib', async (t) => {
    const noSuffix = join(tempDir(t), 'archive');
    copyFileSync(fixture('mboxrd.mbox.gz'), noSuffix);
    for (const path of [fixture('mboxrd.mbox.gz'), noSuffix]) {
      const messages = await read(path);
      assert.deepEqual(messages.map(text), [expected('mboxrd', 1), expected('mboxrd', 2)]);
      assert.equal(messages.at(-1)!.sourceOffset, statSync(path).size, 'offset counts compressed bytes');
    }
  });

  test('a zstd-compressed mbox', async (t) => {
    const path = join(tempDir(t), 'crlf.mbox.zst');
    writeFileSync(path, zstdCompressSync(readFileSync(fixture('crlf.mbox'))));
    assert.deepEqual((await read(path)).map(text), [expected('crlf', 1), expected('crlf', 2)]);
  });

  test('a single message (header block), whole and unchanged', async () => {
    const messages = await read(fixture('single.eml'));
    assert.equal(messages.length, 1);
    assert.equal(text(messages[0]), readFileSync(fixture('single.eml'), 'latin1'));
    assert.equal(messages[0].origin, fixture('single.eml'));
    assert.equal(messages[0].envelopeDate, null);
  });

  test('a directory is a mail tree', async () => {
    assert.equal((await read(fixture('maildir'))).length, 8);
    assert.equal((await read(fixture('maildir'), { format: 'maildir' })).length, 8);
    assert.equal((await read(fixture('maildir'), { format: 'eml' })).length, 8);
  });

  test('a BOM before the first From line', async () => {
    assert.deepEqual((await read(fixture('bom.mbox'))).map(text), [expected('bom', 1), expected('bom', 2)]);
  });

  test('every reader yields the same plain shape', async () => {
    const shapes = new Set<string>();
    for (const path of [fixture('mboxrd.mbox'), fixture('single.eml'), fixture('maildir')]) {
      for (const m of await read(path)) shapes.add(Object.keys(m).sort().join(','));
    }
    for (const m of await collect(readStdin(Readable.from([Buffer.from('Subject: x\n\ny\n')])))) {
      shapes.add(Object.keys(m).sort().join(','));
    }
    assert.deepEqual([...shapes], ['bytes,envelopeDate,origin,sourceOffset']);
  });

  test('a consumer that stops early releases the source', async () => {
    for await (const m of openSource(fixture('mboxrd.mbox.gz'))) {
      assert.ok(m.bytes.length > 0);
      break;
    }
  });
});

describe('forced formats', () => {
  test('mbox on a single message fails; eml on an mbox takes the file as one message', async () => {
    await rejectsWith(
      read(fixture('single.eml'), { format: 'mbox' }),
      `${fixture('single.eml')}: not an mbox (it does not start with "From ")`,
    );
    const whole = await read(fixture('bom.mbox'), { format: 'eml' });
    assert.equal(whole.length, 1);
    assert.equal(whole[0].bytes.length, statSync(fixture('bom.mbox')).size);
  });

  test('mbox on a directory, maildir on a file', async () => {
    await rejectsWith(
      read(fixture('maildir'), { format: 'mbox' }),
      `${fixture('maildir')}: is a directory, not an mbox file`,
    );
    await rejectsWith(
      read(fixture('single.eml'), { format: 'maildir' }),
      `${fixture('single.eml')}: not a directory (a Maildir is a folder with cur/ and new/)`,
    );
  });
});

describe('errors a user can act on', () => {
  test('missing file', async () => {
    await rejectsWith(read('/nonexistent/archive.mbox'), 'no such file: /nonexistent/archive.mbox');
    await rejectsWith(sourceSize('/nonexistent/archive.mbox'), 'no such file: /nonexistent/archive.mbox');
  });

  test('empty file and a file that is no mail: not a mailbox', async () => {
    for (const name of ['empty.mbox', 'not-mail.txt']) {
      await rejectsWith(
        read(fixture(name)),
        `${fixture(name)}: not a mailbox (no "From " line and no header block)`,
      );
    }
    await rejectsWith(
      read(fixture('empty.mbox'), { format: 'mbox' }),
      `${fixture('empty.mbox')}: not a mailbox (no "From " line and no header block)`,
    );
  });

  test('file-system errors become one-line SourceErrors naming the path', () => {
    const error = (code: string) => Object.assign(new Error(code), { code });
    const cases: [string, string, string][] = [
      ['ENOENT', 'file', 'no such file: /m'],
      ['EACCES', 'directory', '/m: cannot read directory (permission denied)'],
      ['EACCES', 'file', '/m: cannot read file (permission denied)'],
      ['ENOTDIR', 'directory', '/m: not a directory'],
    ];
    for (const [code, what, message] of cases) {
      const mapped = sourceErrorFrom(error(code), '/m', what);
      assert.ok(mapped instanceof SourceError);
      assert.equal(mapped.message, message);
    }
    const other = error('EMFILE');
    assert.equal(sourceErrorFrom(other, '/m'), other, 'not ours to rephrase');
  });

  test('corrupt and truncated gzip', async (t) => {
    const dir = tempDir(t);
    const gz = readFileSync(fixture('mboxrd.mbox.gz'));
    const corrupt = Buffer.from(gz);
    corrupt.fill(0x55, 12, 40);
    writeFileSync(join(dir, 'corrupt.gz'), corrupt);
    writeFileSync(join(dir, 'truncated.gz'), gz.subarray(0, gz.length - 30));
    for (const name of ['corrupt.gz', 'truncated.gz']) {
      await assert.rejects(read(join(dir, name)), (e: Error) => {
        assert.ok(e instanceof SourceError, e.message);
        assert.match(e.message, new RegExp(`^${join(dir, name)}: corrupt gzip data \\(.+\\)$`));
        return true;
      });
    }
  });
});

describe('stdin', () => {
  const stream = (bytes: Buffer, size: number) =>
    Readable.from(
      Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
        bytes.subarray(i * size, (i + 1) * size),
      ),
    );

  test('one message, even one byte at a time', async () => {
    const bytes = readFileSync(fixture('single.eml'));
    for (const size of [1, 3, 1 << 20]) {
      const messages = await collect(readStdin(stream(bytes, size)));
      assert.equal(messages.length, 1);
      assert.ok(Buffer.from(messages[0].bytes).equals(bytes));
      assert.equal(messages[0].origin, 'stdin');
      assert.equal(messages[0].sourceOffset, bytes.length);
    }
  });

  test('an mbox when it starts with From, gzipped or not', async () => {
    const mbox = readFileSync(fixture('mboxrd.mbox'));
    for (const bytes of [mbox, gzipSync(mbox)]) {
      for (const size of [1, 7, 1 << 20]) {
        const messages = await collect(readStdin(stream(bytes, size)));
        assert.deepEqual(messages.map(text), [expected('mboxrd', 1), expected('mboxrd', 2)]);
        assert.deepEqual(
          messages.map((m) => m.origin),
          ['stdin#1', 'stdin#2'],
        );
      }
    }
  });

  test('anything else is one message; nothing at all is an error', async () => {
    assert.equal((await collect(readStdin(Readable.from([Buffer.from('no headers here\n')])))).length, 1);
    await rejectsWith(collect(readStdin(Readable.from([]))), 'stdin: no message (the input is empty)');
  });

  test('openSource("-") reads the process stdin', async () => {
    const script = `
      const { openSource } = await import(${JSON.stringify(join(repoRoot, 'src/mail/sources.ts'))});
      for await (const m of openSource('-')) process.stdout.write(m.origin + ' ' + m.bytes.length + '\\n');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stdin.end(readFileSync(fixture('crlf.mbox')));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.equal(out, `stdin#1 ${expected('crlf', 1).length}\nstdin#2 ${expected('crlf', 2).length}\n`);
  });
});

describe('sourceSize', () => {
  test('a file is its size on disk (compressed), a tree the sum of the files it reads, stdin 0', async () => {
    assert.equal(await sourceSize(fixture('mboxrd.mbox.gz')), statSync(fixture('mboxrd.mbox.gz')).size);
    const tree = await sourceSize(fixture('maildir'));
    const messages = await read(fixture('maildir'));
    assert.ok(tree > 0 && messages.at(-1)!.sourceOffset <= tree);
    assert.equal(await sourceSize('-'), 0);
  });
});

describe('corpus: folders as sources', needsCorpus, () => {
  // Counts from the corpus READMEs (Python mailbox.mbox for the mbox files, one message per .eml).
  const folders: [string, number][] = [
    ['b4-samples', 70], // 19 mbox files
    ['ponymail-foal-apache', 17], // 4 mbox files (1 + 1 + 4 + 6) + 5 .eml
    ['hyperkitty-testdata', 19], // 7 single messages + 7 pipermail mbox files holding 12
    ['ruby-mail-fixtures', 103],
    ['mailparser-fixtures', 10],
    ['mimekit-mbox/messages', 32],
    ['notmuch-test-corpora', 320],
  ];
  for (const [folder, count] of folders) {
    test(`${folder}: ${count} messages`, async () => {
      assert.equal((await read(corpus(folder))).length, count);
    });
  }

  test('openbmc.mboxrd.gz through openSource: 11,000 messages, offsets up to the compressed size', async () => {
    const path = corpus('openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz');
    let count = 0;
    let last = 0;
    for await (const m of openSource(path)) {
      count++;
      assert.ok(m.sourceOffset >= last);
      last = m.sourceOffset;
    }
    assert.equal(count, 11_000);
    assert.equal(last, await sourceSize(path));
  });
});

describe('pipes', () => {
  test('a named pipe (what `<(zcat list.mbox.gz)` passes) is read like a file', {
    skip: process.platform === 'win32',
  }, async (t) => {
    const dir = tempDir(t);
    const fifo = join(dir, 'pipe');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return t.skip('mkfifo not available');
    const writer = spawn('sh', ['-c', `cat "$1" > "$2"`, 'sh', fixture('mboxrd.mbox.gz'), fifo]);
    const written = new Promise((resolve) => writer.on('close', resolve));
    const messages = await read(fifo);
    assert.equal(await written, 0);
    assert.deepEqual(messages.map(text), [expected('mboxrd', 1), expected('mboxrd', 2)]);
  });
});
