/**
 * The texts mutation fuzzing starts from: every config of the nats-server corpus (its test
 * configs and the configs embedded in its Go tests) and every fixture config of this repository.
 * The corpus lives next to the repository (`../shared/corpus`), in CI as on a workstation.
 * Every other file of those folders (certificates, keys) is loaded too, so that an in-memory
 * environment can serve includes and certificates without touching the disk while fuzzing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface Seed {
  /** Where the text lives in the in-memory file system (posix, absolute). */
  path: string;
  text: string;
}

export interface SeedSet {
  seeds: Seed[];
  /** Every loaded file by in-memory path: configs as text, everything else as bytes. */
  files: Map<string, string | Uint8Array>;
  /** Folder relative certificate paths of corpus configs resolve against (nats-server's working directory). */
  corpusRoot: string;
}

const MAX_FILE_BYTES = 1 << 20;

/** The repository root: the nearest folder upwards holding this project's package.json. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'vscode-nats-conf') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the vscode-nats-conf repository above ${from}`);
  }
}

/** The shared nats-server corpus, which must sit at ../shared/corpus next to the repository. */
export function corpusDir(root: string = repoRoot()): string {
  const dir = resolve(root, '../shared/corpus');
  if (!existsSync(join(dir, 'nats-server'))) {
    throw new Error(
      `The fuzzing seeds are missing: expected the nats-server test corpus at ${dir} ` +
        '(the shared folder next to the repository, with corpus/nats-server and corpus/nats-server-embedded). ' +
        'Check out the shared material beside the repository so that ../shared/corpus exists.',
    );
  }
  return dir;
}

function walk(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const stat = statSync(full);
    if (stat.isDirectory()) {
      if (name !== 'node_modules' && name !== '.git') walk(full, found);
    } else if (stat.isFile() && stat.size <= MAX_FILE_BYTES) {
      found.push(full);
    }
  }
  return found;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Fixture folders anywhere under test/ (test/fixtures, test/e2e/fixtures, ...). */
function fixtureFolders(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'out' || !statSync(full).isDirectory()) continue;
    if (name === 'fixtures') found.push(full);
    else fixtureFolders(full, found);
  }
  return found;
}

let cached: SeedSet | undefined;

export function loadSeeds(): SeedSet {
  if (cached) return cached;
  const root = repoRoot();
  const corpus = corpusDir(root);
  const seeds: Seed[] = [];
  const files = new Map<string, string | Uint8Array>();
  const add = (full: string, virtual: string): void => {
    const bytes = readFileSync(full);
    if (full.endsWith('.conf')) {
      const text = bytes.toString('utf8');
      files.set(virtual, text);
      seeds.push({ path: virtual, text });
    } else {
      files.set(virtual, new Uint8Array(bytes));
    }
  };
  for (const full of walk(corpus)) add(full, '/corpus/' + toPosix(relative(corpus, full)));
  for (const folder of fixtureFolders(join(root, 'test'))) {
    for (const full of walk(folder)) add(full, '/repo/' + toPosix(relative(root, full)));
  }
  if (seeds.length === 0) throw new Error(`no .conf seeds found under ${corpus} or the test fixtures`);
  cached = { seeds, files, corpusRoot: '/corpus/nats-server' };
  return cached;
}
