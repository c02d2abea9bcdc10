// Every link the archive draws is relative (DESIGN.md §3), so the whole site mounts under any prefix
// (`--base-path`). Views name targets by their path from the archive root; this helper turns that into
// the shortest relative link from the page being drawn, as blists does (`3/1` from a day page).

/** The path of a list's page, from the archive root. */
export function listPath(list: string): string {
  return `${list}/`;
}

export function yearPath(list: string, year: string | number): string {
  return `${list}/${year}/`;
}

/** `month` is YYYY-MM. */
export function monthPath(list: string, month: string): string {
  return `${list}/${month.slice(0, 4)}/${month.slice(5, 7)}/`;
}

/** `day` is YYYY-MM-DD. */
export function dayPath(list: string, day: string): string {
  return `${list}/${day.slice(0, 4)}/${day.slice(5, 7)}/${day.slice(8, 10)}/`;
}

export function messagePath(list: string, day: string, n: number): string {
  return `${dayPath(list, day)}${n}`;
}

export function attachmentPath(list: string, day: string, n: number, k: number): string {
  return `${messagePath(list, day, n)}/${k}`;
}

// public-inbox's MID_ESC (MID.pm) keeps RFC 3986 unreserved characters, sub-delims, ':' and '@'
// literal. We escape ':' as well: our links are relative, and `a:b@host/` would read as a URL with
// the scheme `a:`.
const KEEP = /%(?:24|26|2B|2C|3B|3D|40)/g;

/** A Message-ID as one path segment: `20190626071430.28556-1-andrew@aj.id.au`, `a%2Fb@host`. */
export function escapeMessageId(messageId: string): string {
  if (messageId === '.' || messageId === '..') return messageId.replaceAll('.', '%2E');
  return encodeURIComponent(messageId.toWellFormed()).replace(KEEP, (code) => decodeURIComponent(code));
}

/**
 * `<list>/<Message-ID>/` and the files below it (`raw`, `t/`, `T/`, `t.mbox.gz`, `t.atom`), the
 * public-inbox addresses of a message; `list` may be `all`.
 */
export function messageIdPath(list: string, messageId: string, file = ''): string {
  return `${list}/${escapeMessageId(messageId)}/${file}`;
}

export class PageLinks {
  /** Directory segments of the page being drawn, e.g. ['dev', '2010', '01', '04'] for `dev/2010/01/04/3`. */
  private readonly here: string[];

  /** `page` is the drawn page's path from the archive root: '' for the root, 'dev/', 'dev/2010/01/04/3'. */
  constructor(page: string) {
    this.here = page.split('/').slice(0, -1);
  }

  /** How many directories below the archive root the page sits. */
  get depth(): number {
    return this.here.length;
  }

  /** A relative link to `target` (a path from the archive root, as `page` above). */
  to(target: string): string {
    const segments = target.split('/');
    const dirs = segments.length - 1;
    let common = 0;
    while (common < this.here.length && common < dirs && this.here[common] === segments[common]) common++;
    const link = '../'.repeat(this.here.length - common) + segments.slice(common).join('/');
    // An empty href means "this page"; './' means "this directory", which is what a root link wants.
    return link === '' ? './' : link;
  }
}

/** The page path of a request path (below the base path): '/dev/2010/' → 'dev/2010/'. */
export function pageOf(requestPath: string): string {
  return requestPath.replace(/^\/+/, '');
}
