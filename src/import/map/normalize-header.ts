// Letters that Unicode does not decompose into a base letter and an accent.
const LIGATURES: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th' };

/**
 * Reduces a header or a property name to what matters for matching: lower case, accents
 * removed (é → e, ß → ss), and everything that is not a letter or digit dropped, so that
 * "E-mail", "email", "EMAIL" and "e_mail" meet, as do "First Name", "first_name" and the key
 * `firstName`. Letters of any script are kept; a header of only punctuation gives "".
 */
export function normalizeHeader(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđþ]/g, (c) => LIGATURES[c]!)
    .replace(/[^\p{L}\p{N}]/gu, '');
}
