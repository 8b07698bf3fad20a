/** The text encodings Roster reads, by their lower-case WHATWG names. */
export const ENCODING_NAMES = ['utf-8', 'windows-1252', 'iso-8859-1', 'utf-16le', 'utf-16be'] as const;
export type EncodingName = (typeof ENCODING_NAMES)[number];

// People type what their editor or Excel calls the encoding, not the WHATWG label.
const ALIASES: Record<string, EncodingName> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  windows1252: 'windows-1252',
  cp1252: 'windows-1252',
  'cp-1252': 'windows-1252',
  ansi: 'windows-1252',
  'iso-8859-1': 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  iso88591: 'iso-8859-1',
  latin1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  unicode: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
};

/**
 * Reads an encoding name as a person would type it (`--encoding latin1`, `UTF8`, `cp1252`,
 * `unicode` for Excel's "Unicode Text") and returns Roster's name for it, or undefined when
 * Roster does not read that encoding. Plain "utf-16" and "unicode" mean little-endian, because
 * that is what Windows writes.
 */
export function toEncodingName(value: string): EncodingName | undefined {
  return ALIASES[value.trim().toLowerCase().replace(/[\s_]/g, '-')];
}
