/**
 * One CSV line per RFC 4180: fields holding a comma, a double quote or a line break are quoted,
 * quotes inside are doubled, and the line ends with CRLF.
 */
export function csvRow(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',') + '\r\n';
}
