// The lists and their settings: read by the store, the read model and search alike.

import type { ListRecord, ListSettings } from '../records.ts';
import type { Queryable } from './connection.ts';
import { type ListRow, listFromRow } from './rows.ts';

const LIST_COLUMNS = 'id, name, title, description, section, address, time_zone, obfuscate, subject_tag';

export async function listNamed(sql: Queryable, name: string): Promise<ListRecord | null> {
  const [row] = await sql<ListRow[]>`SELECT ${sql.unsafe(LIST_COLUMNS)} FROM lists WHERE name = ${name}`;
  return row ? listFromRow(row) : null;
}

/** Every list, by section then name. */
export async function allLists(sql: Queryable): Promise<ListRecord[]> {
  const rows = await sql<ListRow[]>`SELECT ${sql.unsafe(LIST_COLUMNS)} FROM lists ORDER BY section, name`;
  return rows.map(listFromRow);
}

export async function insertList(sql: Queryable, settings: ListSettings): Promise<ListRecord> {
  const [row] = await sql<ListRow[]>`
    INSERT INTO lists (name, title, description, section, address, time_zone, obfuscate, subject_tag)
    VALUES (${settings.name}, ${settings.title}, ${settings.description}, ${settings.section},
      ${settings.address}, ${settings.timeZone}, ${settings.obfuscate}, ${settings.subjectTag})
    RETURNING ${sql.unsafe(LIST_COLUMNS)}`;
  return listFromRow(row);
}

export async function updateList(
  sql: Queryable,
  name: string,
  changes: Partial<Omit<ListSettings, 'name'>>,
): Promise<ListRecord> {
  const current = await listNamed(sql, name);
  if (!current) throw new Error(`no list "${name}"`);
  const next = { ...current, ...changes };
  const [row] = await sql<ListRow[]>`
    UPDATE lists SET title = ${next.title}, description = ${next.description}, section = ${next.section},
      address = ${next.address}, time_zone = ${next.timeZone}, obfuscate = ${next.obfuscate},
      subject_tag = ${next.subjectTag}
    WHERE id = ${current.id}
    RETURNING ${sql.unsafe(LIST_COLUMNS)}`;
  return listFromRow(row);
}
