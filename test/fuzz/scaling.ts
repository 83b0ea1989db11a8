/**
 * Linear time, checked by `npm run fuzz` only (timings on a shared machine are too noisy for the
 * test suite): fuzzed inputs, valid and broken, are repeated to 1×, 2×, 4× and 8× a base size, and
 * the median CPU time of 5 runs at 8× may be at most 40 times the best time per 1× of size at 1×,
 * 2× or 4× (linear is 8×). Only gross super-linearity fails; a failing shape is measured twice
 * more before it counts.
 */
import fc from 'fast-check';
import { parse } from '../../server/src/parser/parser';
import { createLanguageService } from '../../server/src/languageService';
import { ENV_VALUES, GENERATED_PATH, GENERATED_PATH_BASE, generatedConfig, mutatedSeed, rawText } from './arbitraries';
import { memoryEnvironment } from './memoryEnvironment';
import { loadSeeds } from './seeds';

const SCALES = [1, 2, 4, 8];
const RUNS = 5;
const MAX_RATIO = 40;
const ATTEMPTS = 3;

/** Shapes chosen by hand: unterminated constructs and error-heavy lines that swallow or repeat. */
const HANDPICKED = ['a {\n', 'x: [\n', 'a: "', '# c }\n', 'x: (\n', 'a b c d\n', '"k', 'k: 1kbb\n', '{ ', 'include ./a.conf\n', ': = ,\n', 'k: $V\nV: 1\n'];

function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function cpuMsAsync(run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Shape {
  name: string;
  base: string;
}

function shapes(seed: number): Shape[] {
  const { seeds } = loadSeeds();
  const result: Shape[] = HANDPICKED.map((base) => ({ name: `handpicked ${JSON.stringify(base)}`, base }));
  fc.sample(generatedConfig(), { seed, numRuns: 40 }).filter((text) => text.length >= 80).slice(0, 6)
    .forEach((base, i) => result.push({ name: `generated #${i}`, base }));
  fc.sample(mutatedSeed(seeds), { seed, numRuns: 20 }).filter((m) => m.text.length >= 80).slice(0, 6)
    .forEach((m, i) => result.push({ name: `mutated ${m.seed.path.split('/').pop()} #${i}`, base: m.text }));
  fc.sample(rawText(), { seed, numRuns: 40 }).filter((text) => text.length >= 40).slice(0, 4)
    .forEach((base, i) => result.push({ name: `raw #${i}`, base }));
  return result;
}

/** The base repeated `scale` times as often as it takes to reach `size` characters at 1×. */
function scaled(base: string, size: number, scale: number): string {
  return base.repeat(Math.ceil(size / base.length) * scale);
}

async function measure(shape: Shape, size: number, time: (text: string) => Promise<number>): Promise<number[]> {
  const medians: number[] = [];
  for (const scale of SCALES) {
    const text = scaled(shape.base, size, scale);
    await time(text); // warm up at this size
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) samples.push(await time(text));
    medians.push(median(samples));
  }
  return medians;
}

/** Checks parse and analysis time; returns the problems found (empty when every shape is linear). */
export async function checkLinearScaling(seed: number, log: (line: string) => void): Promise<string[]> {
  const problems: string[] = [];
  const { files } = loadSeeds();
  const service = createLanguageService(memoryEnvironment(files, ENV_VALUES));
  const parseTime = async (text: string): Promise<number> => cpuMs(() => parse(text));
  const analysisTime = (text: string): Promise<number> =>
    cpuMsAsync(() => service.analyze({ uri: 'file://' + GENERATED_PATH, path: GENERATED_PATH, text, version: 1 }, { pathBase: GENERATED_PATH_BASE }));
  const all = shapes(seed);
  const kinds = [
    { what: 'parse', size: 32 * 1024, time: parseTime, shapes: all },
    // The whole analysis costs more per byte: smaller sizes, fewer shapes.
    { what: 'analysis', size: 4 * 1024, time: analysisTime, shapes: all.filter((_, i) => i % 4 === 0) },
  ];
  for (const kind of kinds) {
    let worst = 0;
    for (const shape of kind.shapes) {
      let ratio = Infinity;
      let medians: number[] = [];
      for (let attempt = 0; attempt < ATTEMPTS && ratio > MAX_RATIO; attempt++) {
        medians = await measure(shape, kind.size, kind.time);
        // 8× against the best time per size at 1×, 2× or 4× (a 1× run slowed by the JIT must not
        // hide growth); a floor of 1 ms keeps a near-zero time from inflating the ratio.
        const bestPerScale = Math.min(...medians.slice(0, 3).map((ms, i) => Math.max(ms, 1) / SCALES[i]));
        ratio = medians[3] / bestPerScale;
      }
      worst = Math.max(worst, ratio);
      const line = `  ${kind.what.padEnd(8)} ${shape.name.slice(0, 44).padEnd(44)} ${medians.map((ms) => ms.toFixed(1).padStart(8)).join('')} ms   8×/1× = ${ratio.toFixed(1)}`;
      log(line);
      if (ratio > MAX_RATIO) problems.push(`${kind.what} time is super-linear for ${shape.name}: 8× the input took ${ratio.toFixed(1)}× the time (limit ${MAX_RATIO}); base ${JSON.stringify(shape.base.slice(0, 200))}`);
    }
    log(`  ${kind.what}: worst 8×/1× ratio ${worst.toFixed(1)} (linear = 8, limit ${MAX_RATIO})`);
  }
  return problems;
}
