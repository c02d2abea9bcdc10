// Command dispatch. Each command lives in its own file; errors a user can act on print one line.

import { parseArgs } from 'node:util';
import { SourceError } from '../mail/sources.ts';
import { DEFAULT_DB, type GlobalOptions, UsageError } from './context.ts';

const commands: Record<
  string,
  () => Promise<{ run: (args: string[], g: GlobalOptions) => Promise<number> }>
> = {
  lists: () => import('./lists.ts'),
  import: () => import('./import.ts'),
  deliver: () => import('./deliver.ts'),
  show: () => import('./show.ts'),
  export: () => import('./export.ts'),
  stats: () => import('./stats.ts'),
  reindex: () => import('./reindex.ts'),
  copy: () => import('./copy.ts'),
  serve: () => import('./serve.ts'),
};

const USAGE = `usage: listarchive [--db PATH] COMMAND ...

commands:
  lists [add NAME | edit NAME] [--title T] [--description D] [--section S] [--address A] [--tz ZONE]
        [--no-obfuscate | --obfuscate] [--subject-tag TAG]
  import --list NAME [--format auto|mbox|maildir|eml] [--progress] PATH...   (PATH "-" reads stdin)
  deliver --list NAME            one message on stdin, for an MTA pipe (exit 75 = try again later)
  show MESSAGE-ID [--list NAME] [--json]
  export --list NAME --jsonl
  stats [--list NAME] [--json]
  reindex [--list NAME]
  copy --from DB --to DB [--list NAME]... [--progress] [--quiet]   (DB: a SQLite file or postgres://…)
  serve [--host 127.0.0.1] [--port 8080] [--base-path /] [--config FILE] [--workers N]

--db PATH (or LISTARCHIVE_DB) names the archive; default ${DEFAULT_DB}`;

async function main(argv: string[]): Promise<number> {
  const { values, tokens } = parseArgs({
    args: argv,
    options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    tokens: true,
  });
  const commandToken = tokens.find((t) => t.kind === 'positional');
  if (values.help || !commandToken) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const command = commandToken.value;
  const load = commands[command];
  if (!load) throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  // Global options may stand before the command; the command parses everything after it.
  const rest = argv.slice(commandToken.index + 1);
  const db = typeof values.db === 'string' ? values.db : (process.env.LISTARCHIVE_DB ?? DEFAULT_DB);
  return (await load()).run(rest, { db });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof SourceError || isArgError(error)) {
    process.stderr.write(`listarchive: ${(error as Error).message}\n`);
    process.exitCode = 2;
  } else if (isDatabaseRefusal(error)) {
    // e.g. a read-only database role asked to write: the database's own words, no stack
    process.stderr.write(`listarchive: the database refused: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}

/** An error the database server answered with (PostgreSQL's SQLSTATE class 42: permissions, schema). */
function isDatabaseRefusal(error: unknown): boolean {
  return (error as Error)?.name === 'PostgresError' && /^42/.test((error as { code?: string }).code ?? '');
}

function isArgError(error: unknown): boolean {
  return (
    typeof (error as { code?: string })?.code === 'string' &&
    (error as { code: string }).code.startsWith('ERR_PARSE_ARGS')
  );
}
