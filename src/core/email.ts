/**
 * The HTML standard's "valid e-mail address" (what a browser's `<input type=email>` accepts):
 * https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address
 * It is deliberately stricter than RFC 5322 (no quoted local parts, no comments), which is what
 * people expect of an address they can actually write to.
 */
const HTML_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Trims, drops a `mailto:` prefix and lower-cases, so one person has one spelling. */
export function normalizeEmail(raw: string): string {
  let email = raw.trim();
  if (email.length >= 7 && email.slice(0, 7).toLowerCase() === 'mailto:') email = email.slice(7).trim();
  return email.toLowerCase();
}

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && HTML_EMAIL.test(email);
}

/** The part after the @, lower-case; empty when there is none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}
