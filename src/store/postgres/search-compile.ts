// Query plan → SQL conditions on `entry_search s` (src/store/postgres/search-schema.ts), for one
// list; src/store/postgres/search.ts runs them. The counterpart of src/store/sqlite/search-compile.ts,
// and the same shape: the plan folds into a conjunction of words, SQL conditions and date ranges;
// the positive words drive the query, top-level dates narrow the key range, and a query of negations
// alone is "everything in range but the matches".
//
// Words: a term is a tsquery over the lexemes of its fields (`pmbus` in any field is
// 'spmbus' | 'fpmbus' | … | 'dpmbus'), a phrase is `<->` between words of one field, a wildcard is
// `:*` on the last word. entry_search.doc holds each word once (not where else it occurs), so a
// condition is written in two halves:
//   - `s.doc @@ relaxed`: the words alone, each phrase loosened to "all its words in the field" (a
//     superset of the matches; under a NOT, a phrase is left out, for the same reason). The GIN
//     index answers it, and for a query without phrases it is the whole condition;
//   - for each conjunct holding a phrase, the exact test: the phrase against the entry's positions
//     (entry_search_positions, by key), single words against s.doc, combined as in the plan.
//
// Safety: user text reaches PostgreSQL only as lexemes quoted inside tsquery literals (quotes
// doubled, backslashes escaped: search-schema.ts), and those only as bound parameters; operators,
// column names and SQL come from this file.

import type { Plan, TextField } from '../../search/plan.ts';
import { keyRange } from '../search-keys.ts';
import { lexeme, quoteLexeme } from './search-schema.ts';

/** SQL text with `?` for each parameter, in order (search.ts numbers them). */
export interface Sql {
  text: string;
  params: (string | number)[];
}

type TextTerm = Extract<Plan, { kind: 'text' }>;

/** Word conditions, as a tree: terms combined with and/or/not. */
export type TextExpr =
  | { op: 'term'; term: TextTerm }
  | { op: 'and' | 'or'; parts: TextExpr[] }
  | { op: 'not'; part: TextExpr };

const ALL_FIELDS: TextField[] = ['subject', 'from', 'to', 'cc', 'nq', 'q', 'dfn'];

function isPhrase(term: TextTerm): boolean {
  return term.words.length > 1;
}

function hasPhrase(expr: TextExpr): boolean {
  const stack = [expr];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.op === 'term') {
      if (isPhrase(node.term)) return true;
    } else if (node.op === 'not') stack.push(node.part);
    else stack.push(...node.parts);
  }
  return false;
}

/** A term as a tsquery: in any of its fields, its words joined by `joiner`, the last one maybe a prefix. */
function termQuery(term: TextTerm, joiner: ' <-> ' | ' & '): string {
  const fields = term.fields ?? ALL_FIELDS;
  const perField = fields.map((field) => {
    const lexemes = term.words.map((word) => quoteLexeme(lexeme(field, word)));
    if (term.prefix) lexemes[lexemes.length - 1] += ':*';
    return lexemes.length === 1 ? lexemes[0] : `(${lexemes.join(joiner)})`;
  });
  return perField.length === 1 ? perField[0] : `(${perField.join(' | ')})`;
}

/** The tsquery of an expression with its phrases as they are (for a tsvector with positions). */
export function exactQuery(expr: TextExpr): string {
  switch (expr.op) {
    case 'term':
      return termQuery(expr.term, ' <-> ');
    case 'not':
      return `!${exactQuery(expr.part)}`;
    default:
      return `(${expr.parts.map(exactQuery).join(expr.op === 'and' ? ' & ' : ' | ')})`;
  }
}

/**
 * A tsquery for entry_search.doc (no phrases) that every match of `expr` satisfies (superset), or
 * that only matches satisfy (subset); true/false when no tsquery says it ("any entry" / "none").
 * Recursion is bounded by the plan's depth (SEARCH_MAX_DEPTH, as in the SQLite compiler).
 */
export function relaxedQuery(expr: TextExpr, superset = true): string | boolean {
  switch (expr.op) {
    case 'term':
      if (!isPhrase(expr.term)) return termQuery(expr.term, ' & ');
      return superset ? termQuery(expr.term, ' & ') : false;
    case 'not': {
      const inner = relaxedQuery(expr.part, !superset);
      return typeof inner === 'boolean' ? !inner : `!${inner}`;
    }
    default: {
      const and = expr.op === 'and';
      const parts: string[] = [];
      for (const part of expr.parts) {
        const relaxed = relaxedQuery(part, superset);
        // true in an AND and false in an OR change nothing; the other way round they decide
        if (relaxed === and) continue;
        if (typeof relaxed === 'boolean') return relaxed;
        parts.push(relaxed);
      }
      if (parts.length === 0) return and;
      return parts.length === 1 ? parts[0] : `(${parts.join(and ? ' & ' : ' | ')})`;
    }
  }
}

// OFFSET 0 keeps the test a per-entry lookup by key: as a semi-join, PostgreSQL would read (and
// decompress) every entry's positions to hash them (openbmc, `t:"joel stanley"`: 45 ms instead of 5).
const POSITIONS_MATCH =
  'EXISTS (SELECT 1 FROM entry_search_positions p WHERE p.key = s.key AND p.doc @@ ?::tsquery OFFSET 0)';

/** The exact test of an expression, phrases against the positions. */
function exactSql(expr: TextExpr): Sql {
  if (!hasPhrase(expr)) return { text: 's.doc @@ ?::tsquery', params: [exactQuery(expr)] };
  switch (expr.op) {
    case 'term':
      return { text: POSITIONS_MATCH, params: [exactQuery(expr)] };
    case 'not': {
      const inner = exactSql(expr.part);
      return { text: `NOT ${inner.text}`, params: inner.params };
    }
    default:
      return joined(expr.parts.map(exactSql), expr.op === 'and' ? ' AND ' : ' OR ');
  }
}

/** The condition "the entry matches `expr`" (see the top of this file). */
export function matchSql(expr: TextExpr): Sql {
  const relaxed = relaxedQuery(expr);
  const parts: Sql[] = [];
  if (typeof relaxed === 'string') parts.push({ text: 's.doc @@ ?::tsquery', params: [relaxed] });
  else if (!relaxed) return { text: 'FALSE', params: [] };
  if (hasPhrase(expr)) {
    // the relaxed query holds every conjunct without phrases exactly: only the others need a test
    const conjuncts = expr.op === 'and' ? expr.parts : [expr];
    parts.push(...conjuncts.filter(hasPhrase).map(exactSql));
  }
  return parts.length === 1 ? parts[0] : joined(parts, ' AND ');
}

function joined(parts: Sql[], separator: string): Sql {
  return { text: `(${parts.map((p) => p.text).join(separator)})`, params: parts.flatMap((p) => p.params) };
}

function both(parts: TextExpr[]): TextExpr | null {
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : { op: 'and', parts };
}

interface DateRange {
  from: number | null;
  until: number | null;
}

/**
 * A plan subtree as: positive word conditions (each needs some word to be present, so the GIN
 * index can find it), word conditions that hold without any word (negations), SQL conditions and
 * date ranges, all ANDed.
 */
interface Conjunction {
  positive: TextExpr[];
  filters: TextExpr[];
  sql: Sql[];
  dates: DateRange[];
}

function pureText(c: Conjunction): boolean {
  return c.sql.length === 0 && c.dates.length === 0;
}

function wordsOf(c: Conjunction): TextExpr | null {
  return both([...c.positive, ...c.filters]);
}

export interface ListTarget {
  id: number;
  name: string;
}

export interface CompiledQuery {
  /** The word condition the query's rows must meet (it has positive words), or null. */
  match: Sql | null;
  /** With match: its words as one tsquery on s.doc, phrases loosened (what the GIN index answers). */
  words: string | null;
  /** With match: whether it holds phrases, which only the entries' positions decide. */
  phrases: boolean;
  /** With match: a tsquery of its positive words for ts_rank (phrases loosened). */
  rank: string | null;
  /** Further conditions on `s`, ANDed. */
  where: Sql[];
  /** Without positive words: a condition whose matches are left out (`-s:patch`), or null. */
  exclude: Sql | null;
  /** Search keys [first, last] the matches lie in: the list, narrowed by top-level `d:` ranges. */
  keys: [bigint, bigint];
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
    if (c.positive.length > 0) {
      const words = wordsOf(c)!;
      const relaxed = relaxedQuery(words);
      const rank = relaxedQuery(both(c.positive)!);
      return {
        match: matchSql(words),
        words: typeof relaxed === 'string' ? relaxed : null,
        phrases: hasPhrase(words),
        rank: typeof rank === 'string' ? rank : null,
        where: c.sql,
        exclude: null,
        keys,
      };
    }
    // "all but": count the range and the left-out matches instead of testing every entry
    if (c.filters.length > 0 && c.filters.every((f) => f.op === 'not')) {
      const left = c.filters.map((f) => (f as { part: TextExpr }).part);
      const exclude = matchSql(left.length === 1 ? left[0] : { op: 'or', parts: left });
      return { match: null, words: null, phrases: false, rank: null, where: c.sql, exclude, keys };
    }
    const where = c.filters.length > 0 ? [matchSql(both(c.filters)!), ...c.sql] : c.sql;
    return { match: null, words: null, phrases: false, rank: null, where, exclude: null, keys };
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

  private conjunctionSql(c: Conjunction): Sql {
    const parts: Sql[] = [];
    const words = wordsOf(c);
    if (words) parts.push(matchSql(words));
    parts.push(...c.sql);
    for (const range of c.dates) {
      const [first, last] = keyRange(this.list.id, range.from, range.until);
      parts.push({ text: 's.key BETWEEN ?::bigint AND ?::bigint', params: [String(first), String(last)] });
    }
    return parts.length === 0 ? { text: 'TRUE', params: [] } : joined(parts, ' AND ');
  }

  // Recursion is bounded here as in the SQLite compiler: the parser caps nesting at
  // SEARCH_MAX_DEPTH and the planner flattens and/or chains and cancels double negations.
  private conjunction(node: Plan): Conjunction {
    const none: Conjunction = { positive: [], filters: [], sql: [], dates: [] };
    switch (node.kind) {
      case 'text':
        return { ...none, positive: [{ op: 'term', term: node }] };
      case 'messageId':
        // a key set from the entries' Message-ID index
        return {
          ...none,
          sql: [
            {
              text: '(s.list_id, s.seq) IN (SELECT e.list_id, e.seq FROM entries e WHERE e.list_id = ? AND e.message_id = ?)',
              params: [this.list.id, node.id],
            },
          ],
        };
      case 'list':
        // the query runs per list: `l:` is true or false for all of this list's entries
        return { ...none, sql: [{ text: node.name === this.list.name ? 'TRUE' : 'FALSE', params: [] }] };
      case 'date':
        return { ...none, dates: [{ from: node.from, until: node.until }] };
      case 'and': {
        const parts = node.parts.map((p) => this.conjunction(p));
        return {
          positive: parts.flatMap((p) => p.positive),
          filters: parts.flatMap((p) => p.filters),
          sql: parts.flatMap((p) => p.sql),
          dates: parts.flatMap((p) => p.dates),
        };
      }
      case 'or': {
        const parts = node.parts.map((p) => this.conjunction(p));
        if (parts.every(pureText)) {
          const words: TextExpr = { op: 'or', parts: parts.map((p) => wordsOf(p)!) };
          // an OR needs a word only when each of its branches does
          return parts.every((p) => p.positive.length > 0)
            ? { ...none, positive: [words] }
            : { ...none, filters: [words] };
        }
        return {
          ...none,
          sql: [
            joined(
              parts.map((p) => this.conjunctionSql(p)),
              ' OR ',
            ),
          ],
        };
      }
      case 'not': {
        const inner = this.conjunction(node.part);
        if (pureText(inner)) return { ...none, filters: [{ op: 'not', part: wordsOf(inner)! }] };
        const sql = this.conjunctionSql(inner);
        return { ...none, sql: [{ ...sql, text: `NOT ${sql.text}` }] };
      }
    }
  }
}

/** Compiles a plan for one list (tests look at what reaches PostgreSQL). */
export function compilePlan(plan: Plan, list: ListTarget = { id: 1, name: '' }): CompiledQuery {
  return new Compiler(list).compile(plan);
}
