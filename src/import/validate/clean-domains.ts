const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Reads an "Email Domains" cell (`acme.com, acme.fr` or `@acme.com; acme.io`) into a sorted,
 * de-duplicated list, or names the first entry that is not a domain. Sorted so that two spellings
 * of one list compare equal (an unchanged row stays unchanged).
 */
export function cleanDomains(cell: string): { ok: true; domains: string[] } | { ok: false; bad: string } {
  const domains = [
    ...new Set(
      cell
        .split(/[,;\s]+/)
        .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
        .filter((d) => d !== ''),
    ),
  ].sort();
  const bad = domains.find((d) => !DOMAIN.test(d));
  return bad === undefined ? { ok: true, domains } : { ok: false, bad };
}
