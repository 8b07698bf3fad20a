import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { notFound, RosterError } from '../../core/errors.js';
import { decodeStream, type DecodeInfo } from '../decode/decode-stream.js';
import { ENCODING_NAMES, toEncodingName } from '../decode/encoding-name.js';
import type { Newline } from './detect-newline.js';
import type { HeaderInfo } from './header-info.js';
import { NO_DATA_ROWS, parseCsv, type CsvRow, type DelimiterInfo, type ParseStats } from './parse-csv.js';

export interface OpenCsvOptions {
  /** Encoding to use instead of detection; any spelling `toEncodingName` knows ("latin1", "cp1252"). */
  encoding?: string;
  /** Delimiter to use instead of detection: one character, or "tab". */
  delimiter?: string;
  /** Return a file that has a header but no data rows instead of refusing it. */
  allowNoDataRows?: boolean;
}

/** An opened CSV file: what was detected, its header, and its rows streaming (single use). */
export interface OpenedCsv {
  encoding: DecodeInfo;
  delimiter: DelimiterInfo;
  newline: Newline;
  headerRow: number;
  headers: HeaderInfo[];
  headerIssues: string[];
  hasDataRows: boolean;
  rows: AsyncIterable<CsvRow>;
  stats: Readonly<ParseStats>;
  /** Size of the file in bytes, and how many have been read so far: for a progress bar. */
  size: number;
  bytesRead(): number;
  /** Closes the file; only needed when giving up before the end of `rows`. */
  close(): Promise<void>;
}

/**
 * The file streams in 256 KiB pieces: large enough that per-chunk costs vanish, small enough that
 * the read buffers waiting for V8's next collection stay small (external memory); larger reads
 * only raised the peak, at the same speed (figures: speed/README.md).
 */
const READ_CHUNK = 256 * 1024;

function fsError(error: unknown, filePath: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return notFound(`The file ${filePath}`);
  if (code === 'EACCES' || code === 'EPERM')
    return new RosterError('import_unreadable', `The file ${filePath} cannot be read: permission denied.`, {}, { cause: error });
  return error;
}

/**
 * Opens a CSV file for import: streams it from disk, decodes it (`decodeStream`) and parses
 * it (`parseCsv`), and resolves once the encoding, the delimiter, the header and whether any
 * data row follows are known. Rejects with a RosterError for a missing file (`not_found`), an
 * encoding name Roster does not know (`validation`), and an empty, header-only or binary file
 * (`import_unreadable`, with sentences such as "The file is empty."); pass `allowNoDataRows`
 * to look at the header of a file without rows.
 */
export async function openCsv(filePath: string, options: OpenCsvOptions = {}): Promise<OpenedCsv> {
  const encoding = options.encoding === undefined ? undefined : toEncodingName(options.encoding);
  if (options.encoding !== undefined && !encoding) {
    throw new RosterError('validation', `Roster cannot read the encoding "${options.encoding}"; use ${ENCODING_NAMES.join(', ')}.`, {
      field: 'encoding',
    });
  }
  let size: number;
  try {
    const info = await stat(filePath);
    if (info.isDirectory()) throw new RosterError('import_unreadable', `${filePath} is a folder, not a file.`);
    size = info.size;
  } catch (error) {
    throw fsError(error, filePath);
  }

  const stream = createReadStream(filePath, { highWaterMark: READ_CHUNK });
  let decoded;
  try {
    decoded = await decodeStream(stream, encoding ? { encoding } : {});
  } catch (error) {
    stream.destroy();
    throw fsError(error, filePath);
  }
  const csv = await parseCsv(decoded.text, options.delimiter !== undefined ? { delimiter: options.delimiter } : {}).catch(
    async (error: unknown) => {
      await decoded.close();
      throw error;
    },
  );
  if (!csv.hasDataRows && !options.allowNoDataRows) {
    await csv.close();
    throw new RosterError('import_unreadable', NO_DATA_ROWS);
  }
  return {
    encoding: decoded.info,
    delimiter: csv.delimiter,
    newline: csv.newline,
    headerRow: csv.headerRow,
    headers: csv.headers,
    headerIssues: csv.headerIssues,
    hasDataRows: csv.hasDataRows,
    rows: csv.rows,
    stats: csv.stats,
    size,
    bytesRead: () => stream.bytesRead,
    close: () => csv.close(),
  };
}
