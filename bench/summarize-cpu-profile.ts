import fs from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** One function's share of a CPU profile. */
export interface HotSpot {
  name: string;
  /** `file:line` relative to the project (or the library's package), '' for V8's own entries. */
  location: string;
  selfMs: number;
  selfPercent: number;
}

/**
 * The functions where a `node --cpu-prof` profile spent its own (self) time, heaviest first:
 * every sample is charged to the function on top of the stack, and samples of the same function
 * (name and source line) are added up across the call tree.
 */
export function summarizeCpuProfile(file: string, top = 15): { totalMs: number; hotSpots: HotSpot[]; byFile: HotSpot[] } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { name: string; location: string; us: number }>();
  const fileUs = new Map<string, number>();
  const locate = sourceLocator();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i; charge it to that sample's function.
    const delta = profile.timeDeltas[i] ?? 0;
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    totalUs += delta;
    const fullName = frame.functionName || (frame.url ? '(anonymous)' : '');
    // V8 names a regular expression's compiled code after its whole source; keep the start.
    const name = fullName.length > 60 ? `${fullName.slice(0, 59)}…` : fullName;
    const location = frame.url ? locate(frame.url, frame.lineNumber, frame.columnNumber) : '';
    const key = `${name}@${location}`;
    const entry = selfUs.get(key) ?? { name: name || '(anonymous)', location, us: 0 };
    entry.us += delta;
    selfUs.set(key, entry);
    const owner = ownerOf(location, name);
    fileUs.set(owner, (fileUs.get(owner) ?? 0) + delta);
  });
  const hotSpots = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ name: e.name, location: e.location, selfMs: e.us / 1000, selfPercent: (100 * e.us) / totalUs }));
  const byFile = [...fileUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([owner, us]) => ({ name: owner, location: '', selfMs: us / 1000, selfPercent: (100 * us) / totalUs }));
  return { totalMs: totalUs / 1000, hotSpots, byFile };
}

/** A library's package name, our own source file, `node:` internals, or V8's own entry (GC, idle). */
function ownerOf(location: string, name: string): string {
  if (!location) return name.startsWith('RegExp:') ? 'RegExp (V8)' : name;
  const file = location.replace(/:\d+$/, '');
  if (file.startsWith('node:')) return 'node: internals';
  if (file.startsWith('src/') || file.startsWith('bench/')) return file;
  const parts = file.split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
}

/**
 * `file:line` of a profiled function, read back through the compiled file's source map when it
 * has one (the bench's tsc build), so the line is the TypeScript source's.
 */
function sourceLocator(): (url: string, line: number, column: number) => string {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string): SourceMap | null => {
    if (!maps.has(file)) {
      const mapFile = `${file}.map`;
      maps.set(file, fs.existsSync(mapFile) ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8')) as SourceMapPayload) : null);
    }
    return maps.get(file) ?? null;
  };
  return (url, line, column) => {
    if (!url.startsWith('file://')) return `${url}:${line + 1}`;
    let file = fileURLToPath(url);
    const entry = mapOf(file)?.findEntry(line, column);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      file = entry.originalSource.startsWith('file://')
        ? fileURLToPath(entry.originalSource)
        : path.resolve(path.dirname(file), entry.originalSource);
      line = entry.originalLine;
    }
    const modules = file.lastIndexOf('/node_modules/');
    const shown = modules >= 0 ? file.slice(modules + '/node_modules/'.length) : path.relative(process.cwd(), file) || file;
    return `${shown}:${line + 1}`;
  };
}

/** Formats the hot spots as a fixed-width table, one line each. */
export function formatHotSpots(hotSpots: HotSpot[]): string[] {
  return hotSpots.map(
    (h, i) =>
      `${String(i + 1).padStart(2)}. ${h.selfMs.toFixed(0).padStart(7)} ms ${h.selfPercent.toFixed(1).padStart(5)}%  ${h.name}  ${h.location}`,
  );
}

// `node --import tsx bench/summarize-cpu-profile.ts FILE.cpuprofile [TOP]`
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: summarize-cpu-profile.ts FILE.cpuprofile [TOP]');
  const { totalMs, hotSpots, byFile } = summarizeCpuProfile(file, Number(process.argv[3] ?? 15));
  console.log(`Self time by function, of ${(totalMs / 1000).toFixed(2)} s sampled:`);
  for (const line of formatHotSpots(hotSpots)) console.log(line);
  console.log('Self time by source file or package:');
  for (const line of formatHotSpots(byFile)) console.log(line);
}
