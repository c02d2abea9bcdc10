// `listarchive show MESSAGE-ID [--list NAME] [--json]`: one message, decoded from its stored bytes.
// A Message-ID can stand in several lists, or twice in one list with different content: all are shown.

import { messageJson } from '../archive/message-json.ts';
import { normalizeMessageId } from '../mail/message-id.ts';
import { parseMessage } from '../mail/parse.ts';
import { type GlobalOptions, openStore, parseCommand, printJson, UsageError } from './context.ts';

export async function run(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    { list: { type: 'string' }, json: { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('show needs exactly one MESSAGE-ID');
  const messageId = normalizeMessageId(positionals[0]);
  if (!messageId) throw new UsageError(`"${positionals[0]}" is not a Message-ID`);
  const store = await openStore(global, { readonly: true });
  try {
    const list = values.list ? await store.getList(values.list) : null;
    if (values.list && !list) throw new UsageError(`unknown list "${values.list}"`);
    const entries = list
      ? await store.read.entriesInList(list.id, messageId)
      : await store.read.entriesInAllLists(messageId);
    if (entries.length === 0) {
      process.stderr.write(
        `listarchive: no message <${messageId}>${values.list ? ` in ${values.list}` : ''}\n`,
      );
      return 1;
    }
    const shown = [];
    for (const entry of entries) {
      const parsed = await parseMessage(await store.read.raw(entry.storedId));
      shown.push(messageJson(entry, parsed.text));
    }
    if (values.json) printJson(shown.length === 1 ? shown[0] : shown);
    else {
      for (const m of shown) {
        const from = m.from ? `${m.from.name} <${m.from.address}>` : '(unknown)';
        process.stdout.write(
          `List: ${m.list}  ${m.day.replaceAll('-', '/')}/${m.n}\nMessage-ID: <${m.messageId}>\nDate: ${m.date ?? '(unknown)'}\n` +
            `From: ${from}\nSubject: ${m.subject}\n${m.flags.length ? `Flags: ${m.flags.join(' ')}\n` : ''}\n${m.text}\n`,
        );
      }
    }
    return 0;
  } finally {
    await store.close();
  }
}
