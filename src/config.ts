import path from 'node:path';
import { RosterError } from './core/errors.js';
import { DEFAULT_TUNING, type ImportTuning } from './import/speed/tuning.js';

/** How many failed sign-ins an account and a client address may have in one window. */
export interface SignInLimits {
  maxFailures: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { maxFailures: 10, maxFailuresPerAddress: 50, windowMinutes: 15 };

/** How many tickets one client address may send through the public support form in one window. */
export interface SupportFormLimits {
  maxPerAddress: number;
  windowMinutes: number;
}

/** Enough for a person who sends a few follow-ups, too few for a script filling the helpdesk. */
export const DEFAULT_SUPPORT_FORM_LIMITS: SupportFormLimits = { maxPerAddress: 5, windowMinutes: 10 };

/** A week: long enough to come back to a wizard left open over a weekend. */
export const DEFAULT_RETENTION_HOURS = 168;

/**
 * Everything Roster reads from the environment, read here once and passed down: no other module
 * looks at `process.env`. The README's configuration table lists the same variables.
 */
export interface RosterConfig {
  /** Directory for the embedded SQLite database and uploaded files (ROSTER_DATA_DIR). */
  dataDir: string;
  /** A postgres:// URL; when set, PostgreSQL is used instead of SQLite (DATABASE_URL). */
  databaseUrl?: string;
  /** How imports trade memory for speed (ROSTER_IMPORT_*). */
  importTuning: ImportTuning;
  /** Unfinished uploads and kept dry runs older than this many hours are discarded (ROSTER_IMPORT_RETENTION_HOURS). */
  importRetentionHours: number;
  /** The largest upload the HTTP API accepts, in bytes (ROSTER_MAX_UPLOAD_MB, in megabytes). */
  maxUploadBytes: number;
  /** The server's pino log level (ROSTER_LOG_LEVEL). */
  logLevel: string;
  /**
   * The reverse proxies whose X-Forwarded-* headers are believed, as written (ROSTER_TRUST_PROXY).
   * The HTTP app checks it, as it checks the same setting given to `buildApp`.
   */
  trustProxy?: string;
  /** Mark the session cookie Secure and ask browsers to keep to https (ROSTER_SECURE_COOKIES=1). */
  secureCookies: boolean;
  /**
   * The address people open Roster at, as written (ROSTER_PUBLIC_URL); the same-origin check reads
   * it, and invitation and password-reset links start with it (else with the address the server listens on).
   */
  publicUrl?: string;
  /**
   * Where outbound mail (invitations, password resets) goes, an smtp:// or smtps:// URL with any
   * user and password in it (ROSTER_SMTP_URL); unset, no mail is sent and admins copy the links.
   */
  smtpUrl?: string;
  /** The From of outbound mail (ROSTER_MAIL_FROM); defaults to DEFAULT_MAIL_FROM. */
  mailFrom: string;
  /** Failed sign-ins allowed per account and per address (ROSTER_SIGNIN_*). */
  signInLimits: SignInLimits;
  /** Tickets allowed per client address through the public support form (ROSTER_SUPPORT_FORM_*). */
  supportFormLimits: SupportFormLimits;
  /** Print the stack of an unexpected CLI error after its one-line message (ROSTER_DEBUG set to anything). */
  debug: boolean;
  /** The port of the inbound email (SMTP) listener `roster serve` starts (ROSTER_SMTP_PORT); unset, none is started. */
  smtpPort?: number;
  /** The largest email the SMTP listener accepts, in bytes (ROSTER_SMTP_MAX_BYTES, default 10 MB). */
  smtpMaxBytes: number;
}

/** 10 MB: a message with a few screenshots; larger ones are refused with 552. */
export const DEFAULT_SMTP_MAX_BYTES = 10 * 1024 * 1024;

/** The From of invitations and password resets when ROSTER_MAIL_FROM is unset. */
export const DEFAULT_MAIL_FROM = 'Roster <roster@localhost>';

/** What opening the database needs. */
export type DatabaseConfig = Pick<RosterConfig, 'dataDir' | 'databaseUrl'>;

/**
 * Reads the configuration from `env`. Unset or unreadable values take their defaults, except the
 * sign-in and support-form limits, which refuse a value that is not a whole number of at least 1.
 *
 * @example
 * const config = configFromEnv(); // process.env
 * const testConfig = { ...configFromEnv({}), dataDir }; // the defaults, for a test of its own
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RosterConfig {
  const dataDir = path.resolve(env.ROSTER_DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const trustProxy = env.ROSTER_TRUST_PROXY;
  const publicUrl = env.ROSTER_PUBLIC_URL;
  const smtpUrl = smtpUrlFromEnv(env);
  return {
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    importTuning: importTuningFromEnv(env),
    importRetentionHours: importRetentionHoursFromEnv(env),
    maxUploadBytes: maxUploadBytesFromEnv(env),
    logLevel: env.ROSTER_LOG_LEVEL ?? 'info',
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    secureCookies: env.ROSTER_SECURE_COOKIES === '1',
    ...(publicUrl !== undefined ? { publicUrl } : {}),
    ...(smtpUrl !== undefined ? { smtpUrl } : {}),
    mailFrom: env.ROSTER_MAIL_FROM?.trim() || DEFAULT_MAIL_FROM,
    signInLimits: signInLimitsFromEnv(env),
    supportFormLimits: supportFormLimitsFromEnv(env),
    debug: Boolean(env.ROSTER_DEBUG),
    ...smtpPortFromEnv(env),
    smtpMaxBytes: smtpMaxBytesFromEnv(env),
  };
}

/** A whole number ≥ `min` from the environment, else undefined (unset, blank or not a number). */
function wholeNumber(value: string | undefined, min: number): number | undefined {
  if (!value?.trim()) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= min ? n : undefined;
}

/** ROSTER_IMPORT_FAST, _BATCH_ROWS, _MERGE_ROWS, _WORKER, _READ_AHEAD and _DEFER_INDEXES_BYTES; anything unreadable keeps the default. */
export function importTuningFromEnv(env: NodeJS.ProcessEnv): ImportTuning {
  const flag = (value: string | undefined) => (value === '1' ? true : value === '0' ? false : null);
  return {
    fast: flag(env.ROSTER_IMPORT_FAST) ?? DEFAULT_TUNING.fast,
    batchRows: wholeNumber(env.ROSTER_IMPORT_BATCH_ROWS, 1) ?? DEFAULT_TUNING.batchRows,
    mergeRows: wholeNumber(env.ROSTER_IMPORT_MERGE_ROWS, 1) ?? DEFAULT_TUNING.mergeRows,
    readInWorker: flag(env.ROSTER_IMPORT_WORKER) ?? DEFAULT_TUNING.readInWorker,
    readAhead: wholeNumber(env.ROSTER_IMPORT_READ_AHEAD, 1) ?? DEFAULT_TUNING.readAhead,
    deferIndexesFromBytes: wholeNumber(env.ROSTER_IMPORT_DEFER_INDEXES_BYTES, 0) ?? DEFAULT_TUNING.deferIndexesFromBytes,
    otherKindInMemory: DEFAULT_TUNING.otherKindInMemory,
  };
}

/** ROSTER_IMPORT_RETENTION_HOURS: a positive number of hours (fractions allowed), else 168. */
export function importRetentionHoursFromEnv(env: NodeJS.ProcessEnv): number {
  const hours = Number(env.ROSTER_IMPORT_RETENTION_HOURS);
  return env.ROSTER_IMPORT_RETENTION_HOURS?.trim() && Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_RETENTION_HOURS;
}

/** The upload limit in bytes from ROSTER_MAX_UPLOAD_MB (a positive number of megabytes, else 1024). */
export function maxUploadBytesFromEnv(env: NodeJS.ProcessEnv): number {
  const mb = Number(env.ROSTER_MAX_UPLOAD_MB);
  return Math.round((Number.isFinite(mb) && mb > 0 ? mb : 1024) * 1024 * 1024);
}

/** ROSTER_SMTP_PORT: a port number from 0 to 65535 (0 picks a free one); unset or blank, no listener; anything else is refused. */
export function smtpPortFromEnv(env: NodeJS.ProcessEnv): { smtpPort?: number } {
  const text = env.ROSTER_SMTP_PORT?.trim();
  if (!text) return {};
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw new RosterError('validation', `ROSTER_SMTP_PORT must be a port number from 0 to 65535, not "${text}".`, {
      field: 'ROSTER_SMTP_PORT',
    });
  return { smtpPort: Number(text) };
}

/** ROSTER_SMTP_URL: an smtp:// or smtps:// URL; unset or blank, no outbound mail; anything else is refused. */
export function smtpUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const text = env.ROSTER_SMTP_URL?.trim();
  if (!text) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(text).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:')
    // The URL may hold a password: the sentence never repeats it.
    throw new RosterError('validation', `ROSTER_SMTP_URL must be an smtp:// or smtps:// URL such as smtp://mail.example.com:587.`, {
      field: 'ROSTER_SMTP_URL',
    });
  return text;
}

/** ROSTER_SMTP_MAX_BYTES: a whole number of bytes of at least 1, else 10 MB. */
export function smtpMaxBytesFromEnv(env: NodeJS.ProcessEnv): number {
  return wholeNumber(env.ROSTER_SMTP_MAX_BYTES, 1) ?? DEFAULT_SMTP_MAX_BYTES;
}

const SIGN_IN_VARIABLES: Record<keyof SignInLimits, string> = {
  maxFailures: 'ROSTER_SIGNIN_MAX_FAILURES',
  maxFailuresPerAddress: 'ROSTER_SIGNIN_MAX_FAILURES_PER_ADDRESS',
  windowMinutes: 'ROSTER_SIGNIN_WINDOW_MINUTES',
};

/** The sign-in limits the environment sets, each defaulting to DEFAULT_SIGN_IN_LIMITS; a value that is not a whole number ≥ 1 is refused. */
export function signInLimitsFromEnv(env: NodeJS.ProcessEnv): SignInLimits {
  return countsFromEnv(env, SIGN_IN_VARIABLES, DEFAULT_SIGN_IN_LIMITS);
}

const SUPPORT_FORM_VARIABLES: Record<keyof SupportFormLimits, string> = {
  maxPerAddress: 'ROSTER_SUPPORT_FORM_MAX_PER_ADDRESS',
  windowMinutes: 'ROSTER_SUPPORT_FORM_WINDOW_MINUTES',
};

/** The support form's limits the environment sets, each defaulting to DEFAULT_SUPPORT_FORM_LIMITS; a value that is not a whole number ≥ 1 is refused. */
export function supportFormLimitsFromEnv(env: NodeJS.ProcessEnv): SupportFormLimits {
  return countsFromEnv(env, SUPPORT_FORM_VARIABLES, DEFAULT_SUPPORT_FORM_LIMITS);
}

/** Whole numbers ≥ 1 named by `variables`, each defaulting to its `defaults` value; anything else is refused, naming the variable. */
function countsFromEnv<K extends string>(
  env: NodeJS.ProcessEnv,
  variables: Record<K, string>,
  defaults: Record<K, number>,
): Record<K, number> {
  const counts = { ...defaults };
  for (const [name, variable] of Object.entries(variables) as [K, string][]) {
    const text = env[variable]?.trim();
    if (!text) continue;
    if (!/^\d+$/.test(text) || Number(text) < 1)
      throw new RosterError('validation', `${variable} must be a whole number of at least 1, not "${text}".`, { field: variable });
    counts[name] = Number(text);
  }
  return counts;
}
