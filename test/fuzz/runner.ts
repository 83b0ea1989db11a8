/**
 * The full fuzzing campaign, `npm run fuzz` (scripts/fuzz.mjs bundles and starts this file).
 *
 * Each property's runs are cut into chunks with seeds derived from one campaign seed; worker
 * threads (two by default) take chunks from a queue and run them with fast-check. A failure is
 * shrunk by fast-check and written to out/fuzz/failures/. A watchdog in the main thread reads the
 * input each worker is on from shared memory, so an input that never returns is caught and saved
 * too. After the chunks, the main thread checks that parse time grows linearly with input size.
 *
 * Environment: FUZZ_SEED (campaign seed, printed), FUZZ_SCALE (multiplies every property's runs,
 * e.g. 0.01 for a quick try), FUZZ_WORKERS, FUZZ_ONLY (run the properties whose name contains it),
 * FUZZ_SKIP_SCALING=1 (skip the linear-time check).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { createContext, emptyCounters, HANG_LIMIT_MS, PROPERTIES, type Counters } from './campaign';
import { repoRoot } from './seeds';
import { checkLinearScaling } from './scaling';

const CHUNK_RUNS = { parser: 5_000, analysis: 250 };
/** A worker silent on one input this long is stuck (the in-worker limit catches slow inputs first). */
const WATCHDOG_MS = HANG_LIMIT_MS * 4;
const INPUT_CAPACITY = 1 << 22;

interface Chunk {
  property: string;
  index: number;
  seed: number;
  runs: number;
}

interface ChunkResult {
  chunk: Chunk;
  counters: Counters;
  failure?: { error: string; counterexample: string; path?: string; numShrinks: number };
}

/** Shared memory a worker fills with the input it is checking: [started ms, length] + UTF-16 text. */
interface Slot {
  header: Float64Array;
  text: Uint16Array;
}

function makeSlot(buffer: SharedArrayBuffer): Slot {
  return { header: new Float64Array(buffer, 0, 2), text: new Uint16Array(buffer, 16, INPUT_CAPACITY) };
}

function readSlot(slot: Slot): string {
  const parts: string[] = [];
  const length = slot.header[1];
  for (let at = 0; at < length; at += 4096) parts.push(String.fromCharCode(...slot.text.subarray(at, Math.min(length, at + 4096))));
  return parts.join('');
}

function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function chunkSeed(campaignSeed: number, property: string, index: number): number {
  return (Math.imul(campaignSeed ^ hashName(property), 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) | 0;
}

function slug(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
}

function formatCounterexample(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'text' in value && typeof (value as { text: unknown }).text === 'string') return (value as { text: string }).text;
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Worker

async function runWorker(): Promise<void> {
  const slot = makeSlot(workerData.buffer as SharedArrayBuffer);
  const context = createContext((text) => {
    const length = Math.min(text.length, INPUT_CAPACITY);
    for (let i = 0; i < length; i++) slot.text[i] = text.charCodeAt(i);
    slot.header[1] = length;
    slot.header[0] = Date.now();
  });
  const byName = new Map(PROPERTIES.map((property) => [property.name, property]));
  const port = parentPort!;
  port.on('message', async (chunk: Chunk | null) => {
    if (chunk === null) {
      port.close();
      return;
    }
    const property = byName.get(chunk.property)!;
    context.counters = emptyCounters();
    const details = await fc.check(property.build(context), { seed: chunk.seed, numRuns: chunk.runs });
    slot.header[0] = 0;
    const result: ChunkResult = { chunk, counters: context.counters };
    if (details.failed) {
      result.failure = {
        error: String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance),
        counterexample: formatCounterexample(details.counterexample?.[0]),
        path: details.counterexamplePath ?? undefined,
        numShrinks: details.numShrinks,
      };
    }
    port.postMessage(result);
  });
  port.postMessage('ready');
}

// ---------------------------------------------------------------------------------------------
// Main thread

interface Totals {
  counters: Counters;
  failures: number;
  chunks: number;
  ms: number;
}

async function runMain(): Promise<void> {
  const started = Date.now();
  const campaignSeed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) | 0 : 20261127;
  const scale = process.env.FUZZ_SCALE !== undefined ? Number(process.env.FUZZ_SCALE) : 1;
  const workerCount = Math.max(1, Number(process.env.FUZZ_WORKERS ?? 2) | 0);
  const only = process.env.FUZZ_ONLY;
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`FUZZ_SCALE must be a positive number, not ${process.env.FUZZ_SCALE}`);
  const failureDir = join(repoRoot(), 'out', 'fuzz', 'failures');

  const properties = PROPERTIES.filter((property) => !only || property.name.includes(only));
  const perProperty = properties.map((property) => {
    const list: Chunk[] = [];
    const total = Math.max(1, Math.round(property.campaignRuns * scale));
    const size = property.name.startsWith('parser') ? CHUNK_RUNS.parser : CHUNK_RUNS.analysis;
    for (let index = 0, done = 0; done < total; index++, done += size) {
      list.push({ property: property.name, index, seed: chunkSeed(campaignSeed, property.name, index), runs: Math.min(size, total - done) });
    }
    return list;
  });
  // Interleaved in proportion, so every property is under way from the start.
  const chunks: Chunk[] = [];
  const longest = Math.max(...perProperty.map((list) => list.length));
  for (let step = 0; step < longest; step++) {
    for (const list of perProperty) {
      const from = Math.floor((step * list.length) / longest);
      const to = Math.floor(((step + 1) * list.length) / longest);
      chunks.push(...list.slice(from, to));
    }
  }
  const planned = chunks.reduce((sum, chunk) => sum + chunk.runs, 0);
  console.log(`fuzz: seed ${campaignSeed} (FUZZ_SEED to reproduce), ${planned.toLocaleString('en-US')} inputs in ${chunks.length} chunks, ${workerCount} workers`);

  const totals = new Map<string, Totals>(properties.map((p) => [p.name, { counters: emptyCounters(), failures: 0, chunks: 0, ms: 0 }]));
  const failures: string[] = [];
  let doneInputs = 0;
  let lastReport = Date.now();

  const recordFailure = (property: string, seed: number, error: string, input: string, extra: Record<string, unknown>): void => {
    mkdirSync(failureDir, { recursive: true });
    const base = join(failureDir, `${slug(property)}-${seed >>> 0}`);
    writeFileSync(base + '.conf', input);
    writeFileSync(base + '.json', JSON.stringify({ property, campaignSeed, chunkSeed: seed, error, input, ...extra }, null, 2) + '\n');
    failures.push(`${property} (chunk seed ${seed}): ${error.split('\n')[0]}\n    input (${input.length} chars) written to ${base}.conf`);
    totals.get(property)!.failures++;
  };

  const queue = [...chunks];
  await Promise.all(
    Array.from({ length: workerCount }, async () => {
      while (queue.length > 0) {
        // A fresh worker per hang; otherwise one worker runs chunks until the queue is empty.
        const buffer = new SharedArrayBuffer(16 + 2 * INPUT_CAPACITY);
        const slot = makeSlot(buffer);
        const worker = new Worker(__filename, { workerData: { buffer } });
        const outcome = await new Promise<'drained' | 'hung'>((resolve, reject) => {
          let current: Chunk | undefined;
          let chunkStarted = 0;
          const next = (): void => {
            current = queue.shift();
            if (!current) {
              worker.postMessage(null);
              clearInterval(watchdog);
              resolve('drained');
              return;
            }
            chunkStarted = Date.now();
            worker.postMessage(current);
          };
          const watchdog = setInterval(() => {
            const inputStarted = slot.header[0];
            if (!current || inputStarted === 0 || Date.now() - inputStarted < WATCHDOG_MS) return;
            clearInterval(watchdog);
            const input = readSlot(slot);
            recordFailure(current.property, current.seed, `hang: no answer after ${WATCHDOG_MS} ms on one input`, input, { hang: true });
            void worker.terminate();
            resolve('hung');
          }, 1000);
          worker.on('message', (message: 'ready' | ChunkResult) => {
            if (message === 'ready') return next();
            const result = message;
            const total = totals.get(result.chunk.property)!;
            total.chunks++;
            total.ms += Date.now() - chunkStarted;
            for (const key of Object.keys(total.counters) as (keyof Counters)[]) {
              total.counters[key] = key === 'longestInput' || key === 'slowestMs' ? Math.max(total.counters[key], result.counters[key]) : total.counters[key] + result.counters[key];
            }
            doneInputs += result.counters.inputs;
            if (result.failure) {
              recordFailure(result.chunk.property, result.chunk.seed, result.failure.error, result.failure.counterexample, {
                counterexamplePath: result.failure.path, numShrinks: result.failure.numShrinks,
              });
            }
            if (Date.now() - lastReport > 15_000) {
              lastReport = Date.now();
              console.log(`  ${doneInputs.toLocaleString('en-US')} / ${planned.toLocaleString('en-US')} inputs, ${Math.round((Date.now() - started) / 1000)} s, ${failures.length} failures`);
            }
            next();
          });
          worker.on('error', (error) => {
            clearInterval(watchdog);
            reject(error);
          });
        });
        if (outcome === 'drained') break;
      }
    }),
  );

  console.log('\nproperty                                   inputs  round trips (same tree / with errors / unprintable)  fast reader  slowest input  failures');
  let totalInputs = 0;
  for (const [name, total] of totals) {
    const c = total.counters;
    totalInputs += c.inputs;
    const roundTrips = name.startsWith('parser')
      ? `${c.sameTree} / ${c.hasErrors} / ${c.unprintable}`
      : name.startsWith('typing')
        ? `(edits: ${c.changedEdits}, tree reused ${c.treeReused}, resolution ${c.resolutionReused})`
        : '-';
    const fast = name.startsWith('parser') ? c.fastReader.toLocaleString('en-US') : '-';
    console.log(`${name.padEnd(40)} ${c.inputs.toLocaleString('en-US').padStart(9)}  ${roundTrips.padEnd(52)} ${fast.padStart(11)}  ${c.slowestMs.toFixed(0).padStart(9)} ms  ${total.failures}`);
  }
  console.log(`total inputs: ${totalInputs.toLocaleString('en-US')}, fuzzing wall time ${Math.round((Date.now() - started) / 1000)} s`);

  if (process.env.FUZZ_SKIP_SCALING !== '1') {
    console.log('\nLinear time: inputs repeated to 1×, 2×, 4×, 8× their size; median CPU time of 5 runs each.');
    const scaling = await checkLinearScaling(campaignSeed, (line) => console.log(line));
    for (const problem of scaling) failures.push(problem);
  }

  console.log(`\nwall time ${Math.round((Date.now() - started) / 1000)} s`);
  if (failures.length > 0) {
    console.log(`\n${failures.length} FAILURES:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log('no failures');
  }
}

if (isMainThread) {
  runMain().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  void runWorker();
}
