/** Timestamps are ISO-8601 text in UTC on both dialects, so they sort and compare the same way. */
export function now(): string {
  return new Date().toISOString();
}
