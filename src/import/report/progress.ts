import type { ImportPhase, ImportProgress } from '../types.js';

/**
 * Turns "rows done so far" into progress events (rows/s and ETA), at most every `intervalMs`
 * so that a callback drawing a bar or sending an SSE event never costs per-row time.
 */
export class ProgressMeter {
  private started = Date.now();
  private lastEmit = 0;
  private phase: ImportPhase = 'staging';
  private base = 0;
  private bytes: { read: number; size: number } | undefined;

  constructor(
    private readonly onProgress: ((progress: ImportProgress) => void) | undefined,
    private totalRows: number | null = null,
    private readonly intervalMs = 200,
  ) {}

  /** Starts a phase; `rowsDone` restarts from `base` (rows already done before a resume). */
  enter(phase: ImportPhase, totalRows: number | null, base = 0): void {
    this.phase = phase;
    this.bytes = undefined;
    this.totalRows = totalRows;
    this.started = Date.now();
    this.base = base;
    this.lastEmit = 0;
  }

  /** Where reading the file stands, for the fraction while the row count is unknown. */
  setBytes(read: number, size: number): void {
    this.bytes = { read, size };
  }

  update(rowsDone: number, force = false): void {
    if (!this.onProgress) return;
    const t = Date.now();
    if (!force && t - this.lastEmit < this.intervalMs) return;
    this.lastEmit = t;
    const seconds = Math.max((t - this.started) / 1000, 0.001);
    const rowsPerSec = Math.round(Math.max(rowsDone - this.base, 0) / seconds);
    let fraction: number | null = null;
    if (this.totalRows !== null) fraction = this.totalRows === 0 ? 1 : Math.min(rowsDone / this.totalRows, 1);
    else if (this.bytes && this.bytes.size > 0) fraction = Math.min(this.bytes.read / this.bytes.size, 1);
    const etaSeconds = fraction === null || fraction === 0 ? null : Math.round((seconds * (1 - fraction)) / fraction);
    this.onProgress({ phase: this.phase, rowsDone, totalRows: this.totalRows, rowsPerSec, etaSeconds, fraction });
  }
}
