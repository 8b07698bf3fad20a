import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * `expression LIKE '%term%'`, with the term's own `%`, `_` and `\` escaped and an explicit
 * `ESCAPE '\'` (SQLite has no escape character unless told; PostgreSQL's default is the same
 * backslash), so that searching for `_` or `50%` finds those characters instead of everyone.
 * Lower-case both sides yourself for a search that ignores case.
 */
export function containsLike(expression: Expression<unknown>, term: string): RawBuilder<SqlBool> {
  const pattern = '%' + term.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  return sql<SqlBool>`${expression} LIKE ${pattern} ESCAPE '\\'`;
}
