/**
 * How the parser's time grows with the input: each shape is parsed at 1×, 2×, 4× and 8× its base
 * size, and the median CPU time per megabyte should stay roughly flat (linear growth).
 * `node out/bench/parserScaling.js` runs it at full size; `npm run bench` runs it as one section of
 * bench/run.ts at a quarter of the size. Times are CPU milliseconds (process.cpuUsage), medians.
 */
import { parse } from '../server/src/parser/parser';

interface Shape {
  name: string;
  make(scale: number): string;
}

const SHAPES: Shape[] = [
  { name: 'nested maps (a { … }, 12,500 → 100,000 deep)', make: (k) => 'a {'.repeat(12_500 * k) + '}'.repeat(12_500 * k) },
  { name: 'nested arrays (12,500 → 100,000 deep)', make: (k) => 'a: ' + '['.repeat(12_500 * k) + ']'.repeat(12_500 * k) },
  { name: 'one line, one unquoted value (1.25 → 10 MB)', make: (k) => 'a: ' + 'x'.repeat(1_250_000 * k) },
  { name: 'one line, one quoted value (1.25 → 10 MB)', make: (k) => 'a: "' + 'x'.repeat(1_250_000 * k) + '"' },
  { name: 'one line of k: v; statements (1.25 → 10 MB)', make: (k) => 'k: v; '.repeat(208_333 * k) },
  {
    name: 'a typical config block repeated (0.25 → 2 MB)',
    make: (k) =>
      'port: 4222\ntls {\n  cert_file: "./server-cert.pem"\n  key_file: "./server-key.pem"\n  timeout: 2\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ]\n}\n# comment\naccounts { A { users: [ {user: a, password: b} ] } }\n'.repeat(1_200 * k),
  },
];

function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export interface ParserScalingRow {
  shape: string;
  scale: number;
  megabytes: number;
  cpuMs: number;
  msPerMb: number;
}

/**
 * Prints and returns the scaling table. `divisor` shrinks every base size (the benchmark runner
 * uses a smaller one to stay within its time budget); `runs` is the number of timed runs per size.
 */
export function runParserScaling(options: { divisor?: number; runs?: number } = {}): ParserScalingRow[] {
  const divisor = options.divisor ?? 1;
  const runs = options.runs ?? 5;
  const rows: ParserScalingRow[] = [];
  console.log(`Parser scaling: median CPU ms of ${runs} runs; ms/MB should stay about flat as size doubles.${divisor === 1 ? '' : ` Sizes ÷${divisor}.`}\n`);
  for (const shape of SHAPES) {
    console.log(shape.name);
    let first: number | undefined;
    for (const scale of [1, 2, 4, 8]) {
      const text = shape.make(scale / divisor);
      parse(text); // warm up the JIT at this size
      const ms = median(Array.from({ length: runs }, () => cpuMs(() => parse(text))));
      const mb = text.length / 1e6;
      const perMb = ms / mb;
      first ??= perMb;
      rows.push({ shape: shape.name, scale, megabytes: mb, cpuMs: ms, msPerMb: perMb });
      console.log(`  ${String(scale).padStart(2)}×  ${mb.toFixed(2).padStart(6)} MB  ${ms.toFixed(1).padStart(8)} ms  ${perMb.toFixed(1).padStart(7)} ms/MB  (×${(perMb / first).toFixed(2)} of 1×)`);
    }
  }
  return rows;
}

// Run directly (`node out/bench/parserScaling.js`): the full-size table. (Bundled into the
// runner, `require.main === module` would be true there too, so the script name decides.)
if (/parserScaling\.js$/.test(process.argv[1] ?? '')) runParserScaling();
