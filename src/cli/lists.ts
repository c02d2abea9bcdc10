// `listarchive lists`: show, add and edit the lists of the archive.

import { checkListName, checkTimeZone, newListSettings } from '../archive/lists.ts';
import type { ListSettings } from '../store/store.ts';
import { type GlobalOptions, openStore, parseCommand, printJson, UsageError } from './context.ts';

const OPTIONS = {
  title: { type: 'string' },
  description: { type: 'string' },
  section: { type: 'string' },
  address: { type: 'string' },
  tz: { type: 'string' },
  obfuscate: { type: 'boolean' },
  'no-obfuscate': { type: 'boolean' },
  'subject-tag': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function run(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommand(args, OPTIONS, true);
  const [action, name, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const changes: Partial<ListSettings> = {};
  if (values.title !== undefined) changes.title = values.title;
  if (values.description !== undefined) changes.description = values.description;
  if (values.section !== undefined) changes.section = values.section;
  if (values.address !== undefined) changes.address = values.address;
  if (values.tz !== undefined) changes.timeZone = checkTimeZone(values.tz);
  if (values['subject-tag'] !== undefined) changes.subjectTag = values['subject-tag'];
  if (values.obfuscate && values['no-obfuscate'])
    throw new UsageError('--obfuscate and --no-obfuscate conflict');
  if (values.obfuscate) changes.obfuscate = true;
  if (values['no-obfuscate']) changes.obfuscate = false;

  if (action === undefined || action === 'show') {
    const store = await openStore(global, { readonly: true });
    const lists = await store.allLists();
    if (values.json) printJson(lists.map(({ id: _id, ...rest }) => rest));
    else if (lists.length === 0)
      process.stdout.write('no lists yet (add one with "listarchive lists add NAME")\n');
    else for (const l of lists) process.stdout.write(`${l.name}\t${l.title}\t${l.section}\t${l.timeZone}\n`);
    await store.close();
    return 0;
  }
  if (action !== 'add' && action !== 'edit')
    throw new UsageError(`unknown lists action "${action}" (add, edit)`);
  if (!name) throw new UsageError(`lists ${action} needs a NAME`);
  checkListName(name);
  const store = await openStore(global);
  try {
    if (action === 'add') {
      if (await store.getList(name)) throw new UsageError(`list "${name}" exists already (use "lists edit")`);
      await store.addList(newListSettings(name, changes));
      process.stderr.write(`added list ${name}\n`);
    } else {
      if (!(await store.getList(name))) throw new UsageError(`unknown list "${name}"`);
      await store.updateList(name, changes);
      process.stderr.write(`updated list ${name}\n`);
    }
  } finally {
    await store.close();
  }
  return 0;
}
