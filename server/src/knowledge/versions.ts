/**
 * nats-server releases: the version targets users pick and what each one stands for.
 *
 * ## Targets
 *
 * The `natsConf.serverVersion` setting (and `nats-conf-lint --server-version`) names a release
 * *line*, not a single release. Each target stands for one concrete build:
 *
 * | target   | stands for                    | why                                                     |
 * |----------|-------------------------------|---------------------------------------------------------|
 * | `2.9`    | v2.9.10 exactly               | the release Debian and Ubuntu package; our test oracle  |
 * | `2.10`   | the newest 2.10.x patch       | people on the line track its patches                    |
 * | `2.11`   | the newest 2.11.x patch       | idem                                                    |
 * | `2.12`   | the newest 2.12.x patch       | idem                                                    |
 * | `2.14`   | v2.14.5                       | the newest release tag the key inventory was taken from |
 * | `latest` | main, v2.15.0-dev (1787eee0)  | the source the key inventory was extracted from         |
 *
 * ## "Since" versions and back-ports
 *
 * Every key in `schema.generated.ts` carries `sinceVersion`: the first *final* release tag, in
 * semver order, whose source has the key in that context. Tags on maintenance branches count,
 * so a key back-ported to an older line shows the older line's patch release:
 *
 * - `tls.cert_store` is `v2.9.20`: it is on the 2.9 line, but NOT in 2.9.10, so the `2.9`
 *   target does not have it.
 * - `tls.min_version` is `v2.10.21`: it is in the newest 2.10.x (so the `2.10` target has it)
 *   but not in v2.10.0, and not in 2.9.
 * - `jetstream.max_concurrent_io` is `v2.12.14`: in the `2.12` target and every later one.
 *
 * A key is available in a target when `sinceVersion <= the target's release` in semver order.
 * For the "newest patch of the line" targets the patch is unbounded: any key first seen at
 * some 2.10.y tag is in the newest 2.10.x. This assumes a feature, once released on a line, is
 * also in the newest patch of every later line, which holds for the inventory (no key was
 * removed after v2.0.0).
 *
 * For `2.9` the truth is the Debian 2.9.10 binary itself: the inventory ran `nats-server -t`
 * with every key (`acceptedBy2_9_10`). Where the binary cannot tell (contexts that silently
 * ignore unknown keys, where the answer is `'unknown'`) the v2.9.10 source decides. Both agree
 * with `sinceVersion <= v2.9.10` for every name of the inventory; the tests check that.
 */

/** A version target, as in the `natsConf.serverVersion` setting. */
export type ServerVersion = '2.9' | '2.10' | '2.11' | '2.12' | '2.14' | 'latest';

/** Every target, oldest first. */
export const SERVER_VERSIONS: readonly ServerVersion[] = ['2.9', '2.10', '2.11', '2.12', '2.14', 'latest'];

/** A parsed release tag. `patch` is `Infinity` for "the newest patch of the line". */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** `RC.2`, `rc1`, `dev`…; absent on a final release. A pre-release sorts before its final. */
  readonly prerelease?: string;
}

/** The release a target stands for. */
export interface TargetRelease {
  readonly target: ServerVersion;
  /** Upper bound for availability checks (inclusive). */
  readonly version: Version;
  /** How messages name it: `v2.9.10`, `2.10.x`, `v2.14.5`, `main (v2.15.0-dev)`. */
  readonly label: string;
  /** True when the target is one exact build (2.9.10, 2.14.5, main). */
  readonly exact: boolean;
}

const LINE_LATEST = Number.POSITIVE_INFINITY;

export const TARGET_RELEASES: Readonly<Record<ServerVersion, TargetRelease>> = {
  '2.9': { target: '2.9', version: { major: 2, minor: 9, patch: 10 }, label: 'v2.9.10', exact: true },
  '2.10': { target: '2.10', version: { major: 2, minor: 10, patch: LINE_LATEST }, label: '2.10.x', exact: false },
  '2.11': { target: '2.11', version: { major: 2, minor: 11, patch: LINE_LATEST }, label: '2.11.x', exact: false },
  '2.12': { target: '2.12', version: { major: 2, minor: 12, patch: LINE_LATEST }, label: '2.12.x', exact: false },
  '2.14': { target: '2.14', version: { major: 2, minor: 14, patch: 5 }, label: 'v2.14.5', exact: true },
  latest: {
    target: 'latest',
    version: { major: 2, minor: 15, patch: 0, prerelease: 'dev' },
    label: 'main (v2.15.0-dev)',
    exact: true,
  },
};

/** Anything with a first release: a key, an alias, a key name or a context of the schema. */
export interface Versioned {
  /** First final release tag with it, e.g. `v2.10.21`. */
  readonly sinceVersion: string;
  /** Measured with the Debian v2.9.10 binary; `unknown` where the binary cannot tell. */
  readonly acceptedBy2_9_10?: boolean | 'unknown';
  /** The v2.9.10 source's answer, used where the binary could not tell. */
  readonly in2_9_10Source?: boolean;
}

const TAG = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/** Parses `v2.10.21`, `2.10.21`, `v2.11.0-RC.1`, `v2.0.0-RC14`, `2.15.0-dev`. */
export function parseVersion(tag: string): Version | undefined {
  const match = TAG.exec(tag.trim());
  if (!match) return undefined;
  const version: Version = { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
  return match[4] === undefined ? version : { ...version, prerelease: match[4] };
}

/** Tags are few and compared often (every key of every block): parse each once. */
const parsedTags = new Map<string, Version | undefined>();

function toVersion(value: Version | string): Version {
  if (typeof value !== 'string') return value;
  let parsed = parsedTags.get(value);
  if (parsed === undefined && !parsedTags.has(value)) {
    parsed = parseVersion(value);
    parsedTags.set(value, parsed);
  }
  if (!parsed) throw new Error(`not a nats-server release tag: ${JSON.stringify(value)}`);
  return parsed;
}

/** Made when first needed: setting up a collator costs start-up time every CLI run would pay. */
let prereleaseCollator: Intl.Collator | undefined;

/** Semver order: negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareVersions(a: Version | string, b: Version | string): number {
  const x = toVersion(a);
  const y = toVersion(b);
  for (const part of ['major', 'minor', 'patch'] as const) {
    if (x[part] !== y[part]) return x[part] < y[part] ? -1 : 1;
  }
  if (x.prerelease === y.prerelease) return 0;
  if (x.prerelease === undefined) return 1;
  if (y.prerelease === undefined) return -1;
  prereleaseCollator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return Math.sign(prereleaseCollator.compare(x.prerelease, y.prerelease));
}

/** `v2.10.21`; a line's newest patch prints as `2.10.x`. */
export function formatVersion(version: Version): string {
  if (version.patch === LINE_LATEST) return `${version.major}.${version.minor}.x`;
  const core = `v${version.major}.${version.minor}.${version.patch}`;
  return version.prerelease === undefined ? core : `${core}-${version.prerelease}`;
}

/** True when the target's release contains everything released at `tag` (semver order). */
export function targetIncludes(target: ServerVersion, tag: Version | string): boolean {
  if (typeof tag !== 'string') return compareVersions(tag, TARGET_RELEASES[target].version) <= 0;
  // Asked for every key of every block, with a handful of distinct tags: remember the answers.
  const answers = includedTags[target];
  let included = answers.get(tag);
  if (included === undefined) {
    included = compareVersions(tag, TARGET_RELEASES[target].version) <= 0;
    answers.set(tag, included);
  }
  return included;
}

/** Per target (a property, not a Map lookup: this is asked for every key of a big config). */
const includedTags: Readonly<Record<ServerVersion, Map<string, boolean>>> = {
  '2.9': new Map(),
  '2.10': new Map(),
  '2.11': new Map(),
  '2.12': new Map(),
  '2.14': new Map(),
  latest: new Map(),
};

/** Whether the key, alias or context exists in the release the target stands for. */
export function isAvailable(item: Versioned, target: ServerVersion): boolean {
  if (target === '2.9') {
    // The 2.9.10 binary is the truth where it was measured, else its source.
    if (typeof item.acceptedBy2_9_10 === 'boolean') return item.acceptedBy2_9_10;
    if (item.in2_9_10Source !== undefined) return item.in2_9_10Source;
  }
  return targetIncludes(target, item.sinceVersion);
}

/**
 * The targets that have the item, as a set of {@link targetBit}s: {@link isAvailable} for every
 * target at once, for schema entries asked about for every key of a big config.
 */
export function availableTargets(item: Versioned): number {
  let targets = 0;
  for (const target of SERVER_VERSIONS) if (isAvailable(item, target)) targets |= targetBit(target);
  return targets;
}

/** The target's bit in a set of targets such as {@link availableTargets}. */
export function targetBit(target: ServerVersion): number {
  // A switch: asked for every block, and faster than a lookup by the target string.
  switch (target) {
    case '2.9': return 1;
    case '2.10': return 2;
    case '2.11': return 4;
    case '2.12': return 8;
    case '2.14': return 16;
    case 'latest': return 32;
  }
}

/** The first release with it, for messages: `introduced in v2.10.21`. */
export function introducedIn(item: Versioned): string {
  return formatVersion(toVersion(item.sinceVersion));
}

/** The oldest target that has it; undefined when none does. */
export function earliestTarget(item: Versioned): ServerVersion | undefined {
  return SERVER_VERSIONS.find((target) => isAvailable(item, target));
}

/** `nats-server v2.9.10`, `nats-server 2.10.x`, `nats-server main (v2.15.0-dev)`. */
export function describeTarget(target: ServerVersion): string {
  return `nats-server ${TARGET_RELEASES[target].label}`;
}

export function isServerVersion(value: unknown): value is ServerVersion {
  return typeof value === 'string' && (SERVER_VERSIONS as readonly string[]).includes(value);
}
