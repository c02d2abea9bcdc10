// What every route needs besides its own query: the archive reader, the site settings, the base path,
// and the frame (chrome + relative links) of the page being drawn.

import type { Context } from 'hono';
import type { ListRecord } from '../store/store.ts';
import type { ArchiveReader } from './archive-reader.ts';
import { obfuscate } from './render/obfuscate.ts';
import { groupBySection } from './sections.ts';
import type { SiteConfig } from './site-config.ts';
import type { Chrome, Frame } from './views/layout.ts';
import { PageLinks, pageOf } from './views/links.ts';

/** Cache-Control of each kind of response; why each value is what it is: README.md, "Serving". */
export const CACHE = {
  /** Index pages change with every new message: a minute of staleness at most. */
  index: 'public, max-age=60',
  /**
   * A message page's body never changes, but a reply adds a line to its thread overview and a
   * [next>] link: an hour, then revalidation (cheap: ETag) while the stale copy is still served.
   */
  message: 'public, max-age=3600, stale-while-revalidate=86400',
  /** An attachment's bytes are fixed; a week (not immutable: a message can be taken down). */
  attachment: 'public, max-age=604800',
  static: 'public, max-age=3600',
  error: 'public, max-age=60',
  never: 'no-store',
} as const;

const identity = (text: string) => text;

export class Site {
  readonly reader: ArchiveReader;
  readonly config: SiteConfig;
  /** '' or '/prefix' (no trailing slash). */
  readonly basePath: string;
  private chromeOf: { lists: ListRecord[]; chrome: Chrome } | null = null;

  constructor(reader: ArchiveReader, config: SiteConfig, basePath: string) {
    this.reader = reader;
    this.config = config;
    this.basePath = basePath;
  }

  /** The chrome of every page, drawn again when the lists were read again. */
  chrome(): Chrome {
    const lists = this.reader.lists();
    if (this.chromeOf?.lists !== lists) {
      this.chromeOf = {
        lists,
        chrome: {
          site: this.config,
          sections: groupBySection(
            lists.map((l) => ({ name: l.name, section: l.section, title: l.title })),
            this.config.sections,
          ),
        },
      };
    }
    return this.chromeOf.chrome;
  }

  /** The page path of the request, from the archive root: '', 'dev/', 'dev/2010/01/04/3'. */
  pageOf(c: Context): string {
    // c.req.path is already below the base path (see createApp).
    return pageOf(c.req.path);
  }

  frame(c: Context, title: string, currentList?: string): Frame {
    return { chrome: this.chrome(), links: new PageLinks(this.pageOf(c)), title, currentList };
  }

  /** The list's address obfuscation as a text → text function. */
  hide(list: ListRecord): (text: string) => string {
    return list.obfuscate ? obfuscate : identity;
  }
}
