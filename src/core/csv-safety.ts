/**
 * Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula
 * or a DDE command. OWASP "CSV Injection" and ASVS 1.2.10 list `=`, `+`, `-`, `@`, tab and carriage
 * return; NUL is added because some readers skip it and then see the character after it.
 */
const FORMULA_TRIGGER = '[=+\\-@\\t\\r\\0]';
/**
 * A cell a spreadsheet could run: a trigger first, or after spaces (LibreOffice, and Excel on
 * some imports, skip them and run the formula all the same), or after quotes that are the cell's
 * own: `'=1` gets a quote too, so that the import's `restoreFormula` gives it back as it was.
 */
const NEEDS_QUOTE = new RegExp(`^'* *${FORMULA_TRIGGER}`);

/**
 * Makes a text cell safe to open in a spreadsheet by prefixing a single quote when it could
 * start a formula (see `NEEDS_QUOTE`), as OWASP recommends. The rest of the cell is left as
 * written, and quoting for RFC 4180 is the CSV writer's job.
 *
 * The price is that honest values starting with one of those characters change too: a phone
 * number `+1 555 0100` is written `'+1 555 0100`. Roster's import takes that quote off again
 * (`restoreFormula`), so its own exports import back unchanged; use a JSON export when another
 * program needs the exact text.
 *
 * @example neutralizeFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function neutralizeFormula(cell: string): string {
  return NEEDS_QUOTE.test(cell) ? `'${cell}` : cell;
}

/**
 * Takes off the quote `neutralizeFormula` put before a cell, and nothing else: a cell that
 * starts with a single quote followed by `=`, `+`, `-`, `@`, a tab or a carriage return (spaces
 * or more quotes may come between) loses that one quote; any other cell, an `'apostrophe`
 * included, is returned as it is. `restoreFormula(neutralizeFormula(x))` is `x` for every `x`.
 * The import reads every cell through it, so that exporting and importing again changes
 * nothing, and so does the error report, so that its cells import as the file's did.
 *
 * @example restoreFormula("'+1 555 0100") // "+1 555 0100"
 */
export function restoreFormula(cell: string): string {
  return cell.charCodeAt(0) === 39 && NEEDS_QUOTE.test(cell.slice(1)) ? cell.slice(1) : cell;
}
