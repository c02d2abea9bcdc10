// Site settings for `listarchive serve --config FILE`: a small TOML file (format in README.md,
// "Serving"). Lists themselves (title, description, section, obfuscation) live in the archive; this
// file only says how the site presents them.

import { readFileSync, statSync } from 'node:fs';
import { parse } from 'smol-toml';
import { isValidTimeZone } from '../archive/day.ts';
import { UsageError } from '../archive/lists.ts';
import { MAX_CONFIG_BYTES } from '../limits.ts';

export interface SiteConfig {
  /** Shown at the top of every page and in the site page's title. */
  title: string;
  /** A line under the title. */
  tagline: string;
  /** A one-line notice on every page (maintenance, moves); empty for none. */
  banner: string;
  /** Section names in the order the site shows them; lists of other sections follow, by name. */
  sections: string[];
  /** Zone in which message dates (the Date: header) are shown. Days are in each list's own zone. */
  timeZone: string;
}

export const DEFAULT_SITE: SiteConfig = {
  title: 'Mailing list archive',
  tagline: '',
  banner: '',
  sections: [],
  timeZone: 'UTC',
};

const KEYS: Record<string, keyof SiteConfig> = {
  title: 'title',
  tagline: 'tagline',
  banner: 'banner',
  sections: 'sections',
  time_zone: 'timeZone',
};

/** Reads and checks a config file; every mistake is reported with the file and the key. */
export function loadSiteConfig(path: string): SiteConfig {
  let text: string;
  try {
    if (statSync(path).size > MAX_CONFIG_BYTES) throw new UsageError(`${path}: config file is too large`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read config ${path}: ${(error as Error).message}`);
  }
  return parseSiteConfig(text, path);
}

export function parseSiteConfig(text: string, origin = 'config'): SiteConfig {
  let table: Record<string, unknown>;
  try {
    table = parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${origin}: ${(error as Error).message.split('\n')[0]}`);
  }
  const config: SiteConfig = { ...DEFAULT_SITE, sections: [] };
  for (const [key, value] of Object.entries(table)) {
    const field = KEYS[key];
    if (!field)
      throw new UsageError(`${origin}: unknown key "${key}" (known: ${Object.keys(KEYS).join(', ')})`);
    if (field === 'sections') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        throw new UsageError(
          `${origin}: "sections" must be a list of strings, e.g. sections = ["Security", "Linux"]`,
        );
      }
      config.sections = value;
      continue;
    }
    if (typeof value !== 'string') throw new UsageError(`${origin}: "${key}" must be a string`);
    if (field === 'banner' && /[\r\n]/.test(value))
      throw new UsageError(`${origin}: "banner" must be one line`);
    if (field === 'timeZone' && !isValidTimeZone(value)) {
      throw new UsageError(
        `${origin}: unknown time zone "${value}" (use an IANA name such as Europe/Berlin)`,
      );
    }
    config[field] = value;
  }
  return config;
}
