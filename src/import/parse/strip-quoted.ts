const QUOTED = /"(?:[^"]|"")*"/g;

/**
 * Removes every quoted section ("…", with doubled quotes inside) from a sample, so that
 * detectors count only the delimiters and line breaks that structure the file, not those
 * inside values such as "Dupont; Frères". A quote that never closes is left alone.
 */
export function stripQuoted(sample: string): string {
  return sample.indexOf('"') === -1 ? sample : sample.replace(QUOTED, '');
}
