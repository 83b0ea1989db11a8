/**
 * Go's `time.ParseDuration`, which nats-server applies to duration strings (`timeout: "500ms"`,
 * `handshake_first: "300ms"`, the `ocsp_peer` timeouts).
 *
 * Rules (Go 1.19 = nats-server 2.9.10, unchanged since): an optional sign, then one or more
 * `<number><unit>` parts; a number is digits with an optional fraction (`1`, `1.5`, `.5`, `1.`
 * but not `.`); units are `ns us µs μs ms s m h` and case-sensitive; `"0"` (with or without a
 * sign) is the only value without a unit. Checked against the 2.9.10 binary: `"0"`, `"+1s"`,
 * `"1.5h30m"`, `".5s"` and `"1µs"` are accepted; `""` and `"-.s"` are invalid durations,
 * `"1 s"` and `"5d"` have unknown units, `"2"` misses its unit.
 */

export type GoDurationResult =
  | { ok: true; seconds: number }
  | { ok: false; problem: 'invalid' | 'missing-unit' | 'unknown-unit'; unit?: string };

/** Nanoseconds per unit. */
const UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 MICRO SIGN
  'μs': 1e3, // U+03BC GREEK SMALL LETTER MU
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's int64 nanosecond range. */
const MAX_NANOS = 9223372036854775807;

const isDigit = (c: string) => c >= '0' && c <= '9';

export function parseGoDuration(text: string): GoDurationResult {
  let s = text;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, seconds: 0 };
  if (s === '') return { ok: false, problem: 'invalid' };
  let nanos = 0;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return { ok: false, problem: 'invalid' };
    let i = 0;
    while (i < s.length && isDigit(s[i])) i++;
    const whole = s.slice(0, i);
    s = s.slice(i);
    let fraction = '';
    if (s[0] === '.') {
      let j = 1;
      while (j < s.length && isDigit(s[j])) j++;
      fraction = s.slice(1, j);
      s = s.slice(j);
    }
    if (whole === '' && fraction === '') return { ok: false, problem: 'invalid' };
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigit(s[u])) u++;
    if (u === 0) return { ok: false, problem: 'missing-unit' };
    const unit = s.slice(0, u);
    s = s.slice(u);
    const scale = UNITS[unit];
    if (scale === undefined) return { ok: false, problem: 'unknown-unit', unit };
    const value = Number(`${whole === '' ? '0' : whole}.${fraction === '' ? '0' : fraction}`);
    nanos += value * scale;
    if (nanos > MAX_NANOS) return { ok: false, problem: 'invalid' };
  }
  const seconds = nanos / 1e9;
  return { ok: true, seconds: negative ? -seconds : seconds };
}

/** Our words for a failed parse, e.g. `"5d" has the unknown unit "d"`. */
export function describeDurationProblem(text: string, result: Exclude<GoDurationResult, { ok: true }>): string {
  switch (result.problem) {
    case 'missing-unit':
      return `"${text}" has no unit`;
    case 'unknown-unit':
      return `"${text}" uses the unknown unit "${result.unit}"`;
    default:
      return `"${text}" is not a duration`;
  }
}

/** `1.5` → `1.5 s`, `0.0001` → `0.0001 s`, `90` → `90 s (1m30s)`. */
export function formatSeconds(seconds: number): string {
  const plain = `${Number(seconds.toPrecision(12))} s`;
  if (Math.abs(seconds) < 60) return plain;
  const total = Math.abs(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = Number((total % 60).toPrecision(12));
  const parts = `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${sec > 0 ? `${sec}s` : ''}`;
  return `${plain} (${seconds < 0 ? '-' : ''}${parts})`;
}
