// List names and settings: the rules a list must satisfy before the store sees it.

import { MAX_LIST_NAME } from '../limits.ts';
import type { ListSettings } from '../store/store.ts';
import { isValidTimeZone } from './day.ts';

const LIST_NAME = /^[a-z0-9][a-z0-9-]*$/;

export class UsageError extends Error {}

/** Names the web archive uses for itself at the top level (`/all/`, `/api/v1/`, `/healthz`). */
const RESERVED_NAMES = new Set(['all', 'api', 'healthz']);

export function checkListName(name: string): string {
  if (RESERVED_NAMES.has(name))
    throw new UsageError(`"${name}" is reserved by the web archive; pick another list name`);
  if (!LIST_NAME.test(name) || name.length > MAX_LIST_NAME) {
    throw new UsageError(
      `bad list name "${name}": use lower-case letters, digits and "-", starting with a letter or digit (at most ${MAX_LIST_NAME})`,
    );
  }
  return name;
}

export function checkTimeZone(zone: string): string {
  if (!isValidTimeZone(zone))
    throw new UsageError(`unknown time zone "${zone}" (use an IANA name such as Europe/Berlin)`);
  return zone;
}

/** A new list's settings: the name as title, UTC, addresses obfuscated (blists' default), then `changes`. */
export function newListSettings(name: string, changes: Partial<ListSettings> = {}): ListSettings {
  return {
    name,
    title: name,
    description: '',
    section: '',
    address: '',
    timeZone: 'UTC',
    obfuscate: true,
    subjectTag: '',
    ...changes,
  };
}
