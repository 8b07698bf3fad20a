/** A small coloured label for a status or priority; the tone follows the value so lists scan quickly. */
export function Badge({ value }: { value: string | null | undefined }) {
  if (!value) return null;
  return <span className={`badge badge-${value.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>{value}</span>;
}
