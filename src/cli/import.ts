// `listarchive import --list NAME PATH...`: mbox, Maildir, .eml or stdin into a list.

import { importMessages } from '../archive/ingest.ts';
import { inlinePreparer, ParsePool } from '../archive/parse-pool.ts';
import { openSource, sourceSize } from '../mail/sources.ts';
import { type GlobalOptions, openStore, parseCommand, requireList, UsageError } from './context.ts';
import { ProgressLine } from './progress.ts';

const FORMATS = ['auto', 'mbox', 'maildir', 'eml'] as const;
type Format = (typeof FORMATS)[number];

export async function run(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    {
      list: { type: 'string' },
      format: { type: 'string' },
      progress: { type: 'boolean' },
      quiet: { type: 'boolean' },
      workers: { type: 'string' },
    },
    true,
  );
  if (positionals.length === 0)
    throw new UsageError('import needs at least one PATH (a file, a directory, or -)');
  const format = (values.format ?? 'auto') as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`unknown format "${values.format}" (${FORMATS.join(', ')})`);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 16)) {
    throw new UsageError('--workers takes a number from 0 to 16');
  }
  // Check every path before writing anything, so a typo in the third path does not leave half an import.
  let totalBytes = 0;
  for (const path of positionals) totalBytes += path === '-' ? 0 : await sourceSize(path);

  const store = await openStore(global);
  const list = await requireList(store, values.list);
  const showProgress = !values.quiet && (values.progress || process.stderr.isTTY);
  const line = showProgress ? new ProgressLine(totalBytes) : null;
  const preparer = workers === 0 ? inlinePreparer : new ParsePool(workers);
  let doneBytes = 0;
  const total = { seen: 0, imported: 0, present: 0, flagged: 0, seconds: 0 };
  try {
    for (const path of positionals) {
      const summary = await importMessages(store, list, openSource(path, { format }), preparer, (p) =>
        line?.update({ ...p, sourceOffset: doneBytes + p.sourceOffset, seen: total.seen + p.seen }),
      );
      doneBytes += path === '-' ? 0 : await sourceSize(path);
      total.seen += summary.seen;
      total.imported += summary.imported;
      total.present += summary.present;
      total.flagged += summary.flagged;
      total.seconds += summary.seconds;
    }
  } finally {
    line?.finish();
    await preparer.close();
    await store.close();
  }
  if (showProgress) {
    process.stderr.write(
      `${list.name}: ${total.imported} imported, ${total.present} already present, ${total.flagged} flagged, ` +
        `${total.seconds.toFixed(1)} s\n`,
    );
  }
  return 0;
}
