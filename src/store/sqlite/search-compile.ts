// Query plan → FTS5 MATCH + SQL conditions, for one list (src/store/sqlite/search.ts runs them
// against the `entry_search` index of schema migration 3).
//
// Safety: user text reaches FTS5 only as the words of a plan (letters, digits and marks: tokens.ts),
// each phrase written as an FTS5 string literal ("…", with `"` doubled though no word can hold one);
// column names and operators come from this file. Values reach SQL only as bound parameters.
//
// Shape: the plan is folded into a conjunction {fts, ftsNot, sql, dates}. The top-level positive FTS
// part drives the query; negated FTS parts become `NOT` inside the same MATCH when there is a
// positive part, else they are left out by key (`exclude`); top-level dates narrow the key range; a
// subtree FTS5 cannot express (an OR mixing words with dates, say) becomes
// `k.key IN (SELECT rowid … MATCH ?)`.

import type { Plan, TextField } from '../../search/plan.ts';
import { keyRange } from '../search-keys.ts';

export const SEARCH_TABLE = 'entry_search';

const COLUMN: Record<TextField, string> = {
  subject: 'subject',
  from: 'sender',
  to: 'recipients',
  cc: 'cc',
  nq: 'nq',
  q: 'q',
  dfn: 'dfn',
};

export interface Sql {
  text: string;
  params: unknown[];
}

function joined(parts: Sql[], separator: string): Sql {
  return {
    text: `(${parts.map((p) => p.text).join(separator)})`,
    params: parts.flatMap((p) => p.params),
  };
}

interface DateRange {
  from: number | null;
  until: number | null;
}

/** A plan subtree as: FTS expression AND NOT (any of ftsNot) AND every sql condition and date range. */
interface Conjunction {
  fts: string | null;
  ftsNot: string[];
  sql: Sql[];
  dates: DateRange[];
}

/** The list a plan is compiled for: keys, `l:` and date ranges depend on it. */
export interface ListTarget {
  id: number;
  name: string;
}

export interface CompiledQuery {
  /** FTS5 expression the query's rows must match, or null when the plan has no positive words. */
  match: string | null;
  /** Further conditions on `k.key` (search_keys), ANDed. */
  where: Sql[];
  /** With no positive words: an FTS5 expression whose matches are left out (`-s:patch`), or null. */
  exclude: string | null;
  /** Search keys [first, last] the matches lie in: the list, narrowed by top-level `d:` ranges. */
  keys: [bigint, bigint];
}

function ftsString(words: string[]): string {
  return `"${words.join(' ').replaceAll('"', '""')}"`;
}

function ftsText(node: Extract<Plan, { kind: 'text' }>): string {
  const phrase = ftsString(node.words) + (node.prefix ? ' *' : '');
  if (node.fields === null) return phrase;
  const columns = node.fields.map((f) => COLUMN[f]);
  return columns.length === 1 ? `${columns[0]} : ${phrase}` : `{${columns.join(' ')}} : ${phrase}`;
}

function pureFts(c: Conjunction): c is Conjunction & { fts: string } {
  return c.fts !== null && c.ftsNot.length === 0 && c.sql.length === 0 && c.dates.length === 0;
}

function withNots(fts: string, ftsNot: string[]): string {
  return ftsNot.length === 0 ? fts : `(${fts}) NOT (${ftsNot.join(' OR ')})`;
}

export class Compiler {
  private readonly list: ListTarget;
  private readonly listKeys: [bigint, bigint];

  constructor(list: ListTarget) {
    this.list = list;
    this.listKeys = keyRange(list.id, null, null);
  }

  compile(plan: Plan): CompiledQuery {
    const c = this.conjunction(plan);
    const keys = this.narrow(c.dates);
    if (c.fts !== null) return { match: withNots(c.fts, c.ftsNot), where: c.sql, exclude: null, keys };
    const exclude = c.ftsNot.length > 0 ? c.ftsNot.join(' OR ') : null;
    return { match: null, where: c.sql, exclude, keys };
  }

  /** The list's keys within every one of the ranges (an empty intersection gives first > last). */
  private narrow(dates: DateRange[]): [bigint, bigint] {
    let [first, last] = this.listKeys;
    for (const range of dates) {
      const [a, b] = keyRange(this.list.id, range.from, range.until);
      if (a > first) first = a;
      if (b < last) last = b;
    }
    return [first, last];
  }

  private ftsIn(expression: string, negate: boolean): Sql {
    const [first, last] = this.listKeys;
    return {
      text: `k.key ${negate ? 'NOT IN' : 'IN'} (SELECT rowid FROM ${SEARCH_TABLE} WHERE ${SEARCH_TABLE} MATCH ? AND rowid BETWEEN ? AND ?)`,
      params: [expression, first, last],
    };
  }

  private dateSql(range: DateRange): Sql {
    const [first, last] = keyRange(this.list.id, range.from, range.until);
    return { text: 'k.key BETWEEN ? AND ?', params: [first, last] };
  }

  private conjunctionSql(c: Conjunction): Sql {
    const parts: Sql[] = [];
    if (c.fts !== null) parts.push(this.ftsIn(withNots(c.fts, c.ftsNot), false));
    else if (c.ftsNot.length > 0) parts.push(this.ftsIn(c.ftsNot.join(' OR '), true));
    parts.push(...c.sql, ...c.dates.map((d) => this.dateSql(d)));
    return parts.length === 0 ? { text: '1', params: [] } : joined(parts, ' AND ');
  }

  // Recursion is bounded here: the parser caps nesting at SEARCH_MAX_DEPTH and the planner flattens
  // and/or chains and cancels double negations, so a plan is at most a few dozen levels deep.
  private conjunction(node: Plan): Conjunction {
    switch (node.kind) {
      case 'text':
        return { fts: ftsText(node), ftsNot: [], sql: [], dates: [] };
      case 'messageId':
        // a key set from the Message-ID index, which SQLite looks up key by key
        return {
          fts: null,
          ftsNot: [],
          sql: [
            {
              text: `k.key IN (SELECT s.key FROM entries m JOIN search_keys s ON s.list_id = m.list_id AND s.seq = m.seq
                WHERE m.list_id = ? AND m.message_id = ?)`,
              params: [this.list.id, node.id],
            },
          ],
          dates: [],
        };
      case 'list':
        // the query runs per list: `l:` is true or false for all of this list's entries
        return {
          fts: null,
          ftsNot: [],
          sql: [{ text: node.name === this.list.name ? '1' : '0', params: [] }],
          dates: [],
        };
      case 'date':
        return { fts: null, ftsNot: [], sql: [], dates: [{ from: node.from, until: node.until }] };
      case 'and': {
        const parts = node.parts.map((p) => this.conjunction(p));
        const fts = parts.flatMap((p) => (p.fts === null ? [] : [`(${p.fts})`]));
        return {
          fts: fts.length === 0 ? null : fts.join(' AND '),
          ftsNot: parts.flatMap((p) => p.ftsNot),
          sql: parts.flatMap((p) => p.sql),
          dates: parts.flatMap((p) => p.dates),
        };
      }
      case 'or': {
        const parts = node.parts.map((p) => this.conjunction(p));
        if (parts.every(pureFts))
          return { fts: parts.map((p) => `(${p.fts})`).join(' OR '), ftsNot: [], sql: [], dates: [] };
        const sql = parts.map((p) => this.conjunctionSql(p));
        return {
          fts: null,
          ftsNot: [],
          sql: [joined(sql, ' OR ')],
          dates: [],
        };
      }
      case 'not': {
        const inner = this.conjunction(node.part);
        if (pureFts(inner)) return { fts: null, ftsNot: [inner.fts], sql: [], dates: [] };
        const sql = this.conjunctionSql(inner);
        return { fts: null, ftsNot: [], sql: [{ ...sql, text: `NOT ${sql.text}` }], dates: [] };
      }
    }
  }
}

/** Compiles a plan for one list (tests look at what reaches FTS5 and SQL). */
export function compilePlan(plan: Plan, list: ListTarget = { id: 1, name: '' }): CompiledQuery {
  return new Compiler(list).compile(plan);
}
