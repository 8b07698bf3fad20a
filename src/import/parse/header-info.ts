/** One column of a file, as its header row names it. */
export interface HeaderInfo {
  /** Position in the row, from 0. */
  index: number;
  /** The header as written, trimmed; may be empty. */
  name: string;
  /** A unique, non-empty name to show and to key mappings by: "Column 3", "Email (2)". */
  label: string;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Turns the cells of a header row into columns with unique labels: a blank header becomes
 * "Column N" (N counted from 1, as a spreadsheet shows it), a repeated one "Email (2)",
 * "Email (3)", skipping any label the file already uses. Each kind of problem gives one
 * sentence in `issues`, so a person knows why the labels differ from the file.
 */
export function describeHeaders(cells: readonly string[]): { headers: HeaderInfo[]; issues: string[] } {
  const names = cells.map((c) => c.trim());
  const taken = new Set(names);
  const unique = (base: string, from: number) => {
    let n = from;
    while (taken.has(n === 1 ? base : `${base} (${n})`)) n++;
    const label = n === 1 ? base : `${base} (${n})`;
    taken.add(label);
    return label;
  };
  const seen = new Map<string, number[]>();
  const blank: number[] = [];
  const headers = names.map((name, index): HeaderInfo => {
    if (name === '') {
      blank.push(index);
      return { index, name, label: unique(`Column ${index + 1}`, taken.has(`Column ${index + 1}`) ? 2 : 1) };
    }
    const earlier = seen.get(name);
    if (!earlier) {
      seen.set(name, [index]);
      return { index, name, label: name };
    }
    earlier.push(index);
    return { index, name, label: unique(name, earlier.length) };
  });

  const issues: string[] = [];
  if (blank.length) {
    const labels = blank.map((i) => `"${headers[i]!.label}"`);
    const columns = blank.map((i) => String(i + 1));
    issues.push(
      blank.length === 1
        ? `Column ${columns[0]} has no header; it is shown as ${labels[0]}.`
        : `Columns ${list(columns)} have no header; they are shown as ${list(labels)}.`,
    );
  }
  for (const [name, at] of seen) {
    if (at.length < 2) continue;
    const others = at.slice(1).map((i) => `"${headers[i]!.label}"`);
    issues.push(
      `The header "${name}" appears ${at.length} times (columns ${list(at.map((i) => String(i + 1)))}); ` +
        (others.length === 1 ? `the second one is shown as ${others[0]}.` : `the others are shown as ${list(others)}.`),
    );
  }
  return { headers, issues };
}
