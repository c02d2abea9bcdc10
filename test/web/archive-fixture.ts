// A temporary archive for the web tests, built in-process the way `import` builds one: the bundled
// fedora-devel sample (292 real messages, threads, ghosts, attachments) in two lists — one with
// address obfuscation, one without — and a small hand-made list for the edges real mail lacks here
// (a day of more than 100 messages, a ghost between two messages, an attachment with a tricky name).

import { join } from 'node:path';
import { importMessages } from '../../src/archive/ingest.ts';
import { newListSettings } from '../../src/archive/lists.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { openSource } from '../../src/mail/sources.ts';
import type { RawMessage } from '../../src/mail/types.ts';
import { openStore } from '../../src/store/open.ts';
import type { ListSettings, Store } from '../../src/store/store.ts';
import { createApp } from '../../src/web/app.ts';
import type { SiteConfig } from '../../src/web/site-config.ts';
import { postgresBackend, sqliteBackend, type TestBackend } from '../backends.ts';
import { repoRoot, tempDir } from '../helpers.ts';

export const SAMPLE = join(repoRoot, 'examples/fedora-devel-2010-01.mbox.gz');

export const SITE: SiteConfig = {
  title: 'Test archive',
  tagline: 'Mail as it was sent',
  banner: 'Read-only copy',
  sections: ['Fedora', 'Edge cases'],
  timeZone: 'UTC',
};

export function listSettings(name: string, changes: Partial<ListSettings> = {}): ListSettings {
  return newListSettings(name, {
    description: `The ${name} list`,
    address: `${name}@example.org`,
    ...changes,
  });
}

export async function* messages(texts: string[]): AsyncGenerator<RawMessage> {
  let i = 0;
  for (const text of texts)
    yield { bytes: Buffer.from(text), envelopeDate: null, origin: `edge#${++i}`, sourceOffset: 0 };
}

export function mail(opts: {
  id: string;
  subject: string;
  date: string;
  from?: string;
  inReplyTo?: string;
  references?: string[];
}) {
  const lines = [
    `From: ${opts.from ?? 'Ann Example <ann.example@example.org>'}`,
    'To: edge@example.org',
    `Subject: ${opts.subject}`,
    `Date: ${opts.date}`,
    `Message-ID: <${opts.id}>`,
  ];
  if (opts.inReplyTo) lines.push(`In-Reply-To: <${opts.inReplyTo}>`);
  if (opts.references) lines.push(`References: ${opts.references.map((r) => `<${r}>`).join(' ')}`);
  return `${lines.join('\n')}\n\nBody of ${opts.id}, written by ann.example@example.org.\n`;
}

/** A message with a text attachment, a binary one, and an HTML one (which must never be served as HTML). */
export const ATTACHMENT_BYTES = Buffer.from([0, 1, 2, 250, 251, 252, 13, 10, 255]);
export function mailWithAttachments(): string {
  return [
    'From: Bob <bob@example.org>',
    'To: edge@example.org',
    'Subject: files',
    'Date: Tue, 05 Jan 2010 12:00:00 +0000',
    'Message-ID: <files@edge>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See the files.',
    '--b',
    'Content-Type: text/x-patch; charset=iso-8859-1; name="fix.patch"',
    'Content-Disposition: attachment; filename="fix.patch"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '--- a/x=0A+++ b/x=0A-caf=E9',
    '--b',
    'Content-Type: application/octet-stream; name="data \\"x\\".bin"',
    'Content-Disposition: attachment; filename="data \\"x\\".bin"',
    'Content-Transfer-Encoding: base64',
    '',
    ATTACHMENT_BYTES.toString('base64'),
    '--b',
    'Content-Type: text/html; name="page.html"',
    'Content-Disposition: attachment; filename="page.html"',
    '',
    '<script>alert(1)</script>',
    '--b--',
    '',
  ].join('\n');
}

/** The edge list: 105 messages on 2010-01-04, a reply below a ghost, a message with attachments. */
export function edgeMessages(): string[] {
  const texts: string[] = [];
  for (let i = 1; i <= 105; i++) {
    const minute = String(i % 60).padStart(2, '0');
    texts.push(
      mail({
        id: `busy${i}@edge`,
        subject: `busy ${i}`,
        date: `Mon, 04 Jan 2010 ${10 + Math.floor(i / 60)}:${minute}:00 +0000`,
      }),
    );
  }
  texts.push(mail({ id: 'root@edge', subject: 'ghost thread', date: 'Tue, 05 Jan 2010 09:00:00 +0000' }));
  texts.push(
    mail({
      id: 'child@edge',
      subject: 'Re: ghost thread',
      date: 'Tue, 05 Jan 2010 10:00:00 +0000',
      inReplyTo: 'missing@edge',
      references: ['root@edge', 'missing@edge'],
    }),
  );
  texts.push(mailWithAttachments());
  return texts;
}

export interface Fixture {
  dir: string;
  path: string;
  /** The writing store (tests add mail through it); the app reads through its own read-only one. */
  writer: Store;
  app: Awaited<ReturnType<typeof createApp>>;
  reader: Store;
}

/**
 * The backend the web suites build their archive in: SQLite, or PostgreSQL when
 * LISTARCHIVE_TEST_BACKEND=postgres (`make test` runs these suites once on each).
 */
export const fixtureBackend: TestBackend =
  process.env.LISTARCHIVE_TEST_BACKEND === 'postgres' ? postgresBackend : sqliteBackend;
if (fixtureBackend.skip) throw new Error(`LISTARCHIVE_TEST_BACKEND=postgres: ${fixtureBackend.skip}`);

export async function buildArchive(
  t: Parameters<typeof tempDir>[0],
  options: { basePath?: string; backend?: TestBackend } = {},
): Promise<Fixture> {
  const dir = tempDir(t, 'listarchive-web-');
  const backend = options.backend ?? fixtureBackend;
  /** Where the archive is: a file path, or a postgres:// URL (what --db takes). */
  const path = await backend.location(t as Parameters<TestBackend['location']>[0]);
  const writer = await openStore(path);
  const fedora = await writer.addList(
    listSettings('fedora-devel', { section: 'Fedora', title: 'Fedora development' }),
  );
  const plain = await writer.addList(listSettings('fedora-plain', { section: 'Fedora', obfuscate: false }));
  const edge = await writer.addList(listSettings('edge', { section: 'Edge cases' }));
  await importMessages(writer, fedora, openSource(SAMPLE), inlinePreparer);
  await importMessages(writer, plain, openSource(SAMPLE), inlinePreparer);
  await importMessages(writer, edge, messages(edgeMessages()), inlinePreparer);
  const reader = await openStore(path, { readonly: true });
  const app = await createApp({ store: reader, site: SITE, basePath: options.basePath, logError: () => {} });
  t.after(async () => {
    await reader.close();
    await writer.close();
  });
  return { dir, path, writer, app, reader };
}

/**
 * `read()` again until `done` says its answer shows a commit made before (5 s at most): SQLite's
 * readers see a commit on their next request; a PostgreSQL reader learns of it by a notification
 * that comes a moment after the commit.
 */
export async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let waited = 0; !done(value) && waited < 5000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}

/** GET (or another method) through the app, no sockets. */
export async function get(
  app: Fixture['app'],
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
) {
  const response = await app.request(path, { method, headers });
  return { response, status: response.status, text: await response.text() };
}

/** Every href the page draws, in order. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
}

/** The href of the nav link with this rel, or null when the row shows it as plain text. */
export function navHref(html: string, rel: string): string | null {
  const nav = html.match(/<nav class="nav">(.*?)<\/nav>/s)?.[1] ?? '';
  return nav.match(new RegExp(`<a href="([^"]*)" rel="${rel}">`))?.[1] ?? null;
}
