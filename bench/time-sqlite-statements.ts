import type SQLite from 'better-sqlite3';

/** The time one SQL text took over all its runs. */
export interface StatementTime {
  sql: string;
  calls: number;
  ms: number;
}

type Method = (...args: unknown[]) => unknown;

/**
 * Bench-only instrumentation: wraps `prepare` and `exec` of a better-sqlite3 connection so that
 * every statement's run/all/get time is added up by SQL text. A CPU profile charges all of
 * SQLite's native work to the one JavaScript function that calls it (`run`), which says that
 * SQL is where the time goes but not which SQL; this says which. It adds a little to every call,
 * so the profiled run's rows/s are not the benchmark's.
 */
export function timeSqliteStatements(raw: SQLite.Database): () => StatementTime[] {
  const totals = new Map<string, { calls: number; ns: bigint }>();
  const entryOf = (text: string): { calls: number; ns: bigint } => {
    let entry = totals.get(text);
    if (!entry) totals.set(text, (entry = { calls: 0, ns: 0n }));
    return entry;
  };
  const timed = (text: string, method: Method, self: unknown): Method => {
    const entry = entryOf(text);
    return function timedStatement(...args: unknown[]) {
      const started = process.hrtime.bigint();
      try {
        return method.apply(self, args);
      } finally {
        entry.calls += 1;
        entry.ns += process.hrtime.bigint() - started;
      }
    };
  };
  const prepare = raw.prepare.bind(raw);
  const exec = raw.exec.bind(raw);
  raw.prepare = ((text: string): unknown => {
    const statement = prepare(text) as unknown as Record<string, Method>;
    for (const name of ['run', 'all', 'get'] as const) {
      const method = statement[name];
      if (method) statement[name] = timed(text, method, statement);
    }
    return statement;
  }) as unknown as typeof raw.prepare;
  const pragma = raw.pragma.bind(raw);
  raw.pragma = (source: string, options?: SQLite.PragmaOptions) => {
    const started = process.hrtime.bigint();
    try {
      return pragma(source, options);
    } finally {
      const entry = entryOf(`PRAGMA ${source}`);
      entry.calls += 1;
      entry.ns += process.hrtime.bigint() - started;
    }
  };
  raw.exec = (text: string) => {
    const started = process.hrtime.bigint();
    try {
      return exec(text);
    } finally {
      const entry = entryOf(text);
      entry.calls += 1;
      entry.ns += process.hrtime.bigint() - started;
    }
  };
  return () =>
    [...totals.entries()]
      .filter(([, { calls }]) => calls > 0)
      .map(([text, { calls, ns }]) => ({ sql: text.replace(/\s+/g, ' ').trim().slice(0, 110), calls, ms: Number(ns) / 1e6 }))
      .sort((a, b) => b.ms - a.ms);
}
