/**
 * Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula
 * or a DDE command. OWASP "CSV Injection" and ASVS 1.2.10 list `=`, `+`, `-`, `@`, tab and carriage
 * return; NUL is added because some readers skip it and then see the character after it.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\0']);

/**
 * Makes a text cell safe to open in a spreadsheet by prefixing a single quote when its first
 * character would start a formula, as OWASP recommends. Only the start of the cell matters;
 * everything else is left as written, and quoting for RFC 4180 is the CSV writer's job.
 *
 * The price is that honest values starting with one of those characters change too: a phone
 * number `+1 555 0100` is written `'+1 555 0100`. Use a JSON export when the exact text matters.
 *
 * @example neutralizeFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function neutralizeFormula(cell: string): string {
  return cell.length > 0 && FORMULA_TRIGGERS.has(cell.charAt(0)) ? `'${cell}` : cell;
}
