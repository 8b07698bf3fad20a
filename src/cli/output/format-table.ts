const MAX_WIDTH = 40;

function clip(cell: string): string {
  const flat = cell.replace(/\s+/g, ' ');
  return flat.length > MAX_WIDTH ? flat.slice(0, MAX_WIDTH - 1) + '…' : flat;
}

/**
 * A plain-text table with aligned columns for people reading a terminal: long cells are clipped
 * and line breaks flattened so each record stays on one line. Scripts should use --json or --csv.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => row.map(clip));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd() + '\n';
  return line(headers) + cells.map(line).join('');
}
