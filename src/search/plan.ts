// Syntax tree → query plan: what to look for, in terms of the archive, independent of the backend.
// Prefixes become search columns, `d:` becomes a time range, terms become lists of words (split as
// the index splits text, tokens.ts), and the tree is flattened. The SQLite backend turns a plan into
// FTS5 MATCH + SQL (sqlite-search.ts); a PostgreSQL backend would turn it into tsquery + SQL.

import { MAX_LIST_NAME, SEARCH_MIN_WILDCARD_CHARS } from '../limits.ts';
import { parseDateRange } from './dates.ts';
import { parseQuery, type QueryNode, SearchSyntaxError } from './query-parser.ts';
import { words } from './tokens.ts';

/** The searchable columns, one per lore text prefix (see SearchDocument). */
export type TextField = 'subject' | 'from' | 'to' | 'cc' | 'nq' | 'q' | 'dfn';

export type Plan =
  /** The words, in this order, next to each other, in one of the fields (null: in any). */
  | { kind: 'text'; fields: TextField[] | null; words: string[]; prefix: boolean }
  /** Message-ID, exactly (no angle brackets). */
  | { kind: 'messageId'; id: string }
  /** The message's date (Date:, else Received:, else the mbox date) in [from, until), ms. */
  | { kind: 'date'; from: number | null; until: number | null }
  | { kind: 'list'; name: string }
  | { kind: 'and'; parts: Plan[] }
  | { kind: 'or'; parts: Plan[] }
  | { kind: 'not'; part: Plan };

const PREFIX_FIELDS: Record<string, TextField[]> = {
  s: ['subject'],
  f: ['from'],
  t: ['to'],
  c: ['cc'],
  a: ['from', 'to', 'cc'],
  tc: ['to', 'cc'],
  b: ['nq', 'q'],
  bs: ['subject', 'nq', 'q'],
  nq: ['nq'],
  q: ['q'],
  dfn: ['dfn'],
};

export interface PlanOptions {
  /** "Now" for relative dates (tests pin it). */
  now?: Date;
}

type Term = Extract<QueryNode, { type: 'term' }>;

function termPlan(term: Term, now: Date): Plan | null {
  const { prefix, text } = term;
  if (prefix !== null && !(prefix in PREFIX_FIELDS)) {
    if (term.wildcard) throw new SearchSyntaxError(`"${prefix}:" takes a whole value; * does not work there`);
    if (prefix === 'm') {
      const id = text.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
      if (!id) throw new SearchSyntaxError('"m:" needs a Message-ID after it');
      return { kind: 'messageId', id };
    }
    if (prefix === 'd' || prefix === 'dt') return { kind: 'date', ...parseDateRange(text, now) };
    if (prefix === 'l') {
      const name = text.trim().toLowerCase();
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || name.length > MAX_LIST_NAME) {
        throw new SearchSyntaxError(`"l:${text}" — a list name is lower-case letters, digits and dashes`);
      }
      return { kind: 'list', name };
    }
  }
  const found = words(text);
  // a term of punctuation only (`-`, `!!!`, a lone `*`) says nothing: dropped, as Xapian drops it
  if (found.length === 0) return null;
  if (term.wildcard && [...found.at(-1)!].length < SEARCH_MIN_WILDCARD_CHARS) {
    throw new SearchSyntaxError(
      `"${text}*" — a wildcard needs at least ${SEARCH_MIN_WILDCARD_CHARS} letters before the *`,
    );
  }
  return {
    kind: 'text',
    fields: prefix === null ? null : PREFIX_FIELDS[prefix],
    words: found,
    prefix: term.wildcard,
  };
}

/** Children of and/or, flattened into their parent when they are the same operator. */
function combine(kind: 'and' | 'or', parts: (Plan | null)[]): Plan | null {
  const flat: Plan[] = [];
  for (const part of parts) {
    if (part === null) continue;
    if (part.kind === kind) flat.push(...part.parts);
    else flat.push(part);
  }
  if (flat.length === 0) return null;
  return flat.length === 1 ? flat[0] : { kind, parts: flat };
}

function toPlan(root: QueryNode, now: Date): Plan | null {
  // Iterative post-order walk: queries are bounded (SEARCH_MAX_TERMS), but a chain of 1,000 `-`
  // signs is still a deep tree, and the archive walks no tree by recursion (STYLE.md).
  const done = new Map<QueryNode, Plan | null>();
  const stack: QueryNode[] = [root];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    const children =
      node.type === 'and' || node.type === 'or' ? node.children : node.type === 'not' ? [node.child] : [];
    const pending = children.filter((c) => !done.has(c));
    if (pending.length > 0) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    if (node.type === 'term') done.set(node, termPlan(node, now));
    else if (node.type === 'not') {
      const part = done.get(node.child) ?? null;
      done.set(node, part === null ? null : part.kind === 'not' ? part.part : { kind: 'not', part });
    } else
      done.set(
        node,
        combine(
          node.type,
          node.children.map((c) => done.get(c) ?? null),
        ),
      );
  }
  return done.get(root) ?? null;
}

/** Parses and plans a query; throws SearchSyntaxError with a message for the user. */
export function planQuery(query: string, options: PlanOptions = {}): Plan {
  const plan = toPlan(parseQuery(query), options.now ?? new Date());
  if (!plan) throw new SearchSyntaxError('the query has no words to search for');
  return plan;
}

/** The phrases a result should show highlighted: every text term not under a NOT. */
export function highlightPhrases(plan: Plan): { words: string[]; prefix: boolean }[] {
  const out: { words: string[]; prefix: boolean }[] = [];
  const stack: Plan[] = [plan];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'text') out.push({ words: node.words, prefix: node.prefix });
    else if (node.kind === 'and' || node.kind === 'or') stack.push(...node.parts);
  }
  return out;
}
