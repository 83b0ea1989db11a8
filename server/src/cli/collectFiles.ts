/**
 * Turns the command line's FILE, FOLDER and GLOB arguments into the list of configs to check.
 * Named files are always checked. Folders are walked the way the editor opens files: `*.conf`
 * files named like NATS configs (nats.conf, nats-server.conf, *.nats.conf, nats-*.conf) are
 * taken, other `*.conf` files only when their content reads as a NATS config.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { DETECTION_SCAN_LIMIT, isNatsConfigFileName, looksLikeNatsConfig } from '../confDetection';
import { compileGlob, hasGlobCharacters, type GlobPattern } from './globPattern';

/** Folders never walked besides hidden ones (`.git`, `.cache`, ...): installed dependencies. */
const SKIPPED_FOLDERS = new Set(['node_modules']);

export interface IgnoreRule {
  pattern: GlobPattern;
  /** Absolute folder the pattern is relative to. */
  base: string;
}

export interface CandidateFile {
  /** As printed: the argument as written, or the folder argument joined with the path below it. */
  display: string;
  absolutePath: string;
  /** Named on the command line: checked whatever its name or content. */
  explicit: boolean;
}

/** A folder or glob argument and the `*.conf` files it found (before the content check). */
export interface WalkedArgument {
  argument: string;
  kind: 'folder' | 'pattern';
  absolutePaths: string[];
}

export interface CollectResult {
  /** Every file once, in argument order (callers sort). */
  files: CandidateFile[];
  walked: WalkedArgument[];
}

/**
 * Expands the arguments. Files found by walking are returned without their content check; call
 * {@link isNatsConfigCandidate} on those with `explicit: false`.
 */
export async function collectFiles(args: readonly string[], ignore: readonly IgnoreRule[]): Promise<CollectResult> {
  const result: CollectResult = { files: [], walked: [] };
  // By real path: a file reached through a linked folder as well is checked once. Named on the
  // command line too, it is checked as named (whatever its content) and printed as written.
  const seen = new Map<string, number>();
  const add = async (file: CandidateFile): Promise<void> => {
    const identity = await fs.realpath(file.absolutePath).catch(() => file.absolutePath);
    const index = seen.get(identity);
    if (index === undefined) {
      seen.set(identity, result.files.length);
      result.files.push(file);
    } else if (file.explicit && !result.files[index].explicit) {
      result.files[index] = file;
    }
  };

  for (const argument of args) {
    const absolute = path.resolve(argument);
    const info = await statOrUndefined(absolute);
    if (info?.isDirectory()) {
      const found = await walk(absolute, argument, ignore, () => true);
      for (const file of found) await add(file);
      result.walked.push({ argument, kind: 'folder', absolutePaths: found.map((file) => file.absolutePath) });
      continue;
    }
    if (!info && hasGlobCharacters(argument)) {
      const { base, display, pattern } = splitGlob(argument);
      const baseInfo = await statOrUndefined(base);
      const found = baseInfo?.isDirectory() ? await walk(base, display, ignore, (relative) => pattern.matches(relative)) : [];
      for (const file of found) await add(file);
      result.walked.push({ argument, kind: 'pattern', absolutePaths: found.map((file) => file.absolutePath) });
      continue;
    }
    // A named file (or a path that is not there: reading it reports the problem).
    await add({ display: argument, absolutePath: absolute, explicit: true });
  }
  return result;
}

/** True when a file found by walking is a NATS config by the editor's rules (name, then content). */
export function isNatsConfigCandidate(file: CandidateFile, text: string): boolean {
  if (file.explicit || isNatsConfigFileName(path.basename(file.absolutePath))) return true;
  return looksLikeNatsConfig(text.slice(0, DETECTION_SCAN_LIMIT));
}

/** `configs/**\/*.conf` → walk `configs`, match `**\/*.conf` below it. */
function splitGlob(argument: string): { base: string; display: string; pattern: GlobPattern } {
  const segments = argument.replace(/\\/g, '/').split('/');
  const firstGlob = segments.findIndex(hasGlobCharacters);
  const baseSegments = segments.slice(0, firstGlob);
  const display = baseSegments.length === 0 ? '' : baseSegments.join('/') || '/';
  const rest = segments.slice(firstGlob).join('/');
  // Anchored at the base: `*.conf` means the base folder's own files, as a shell reads it.
  return { base: path.resolve(display || '.'), display, pattern: compileGlob(rest, { anchored: true }) };
}

/**
 * `*.conf` files below `root`, sorted. Symbolic links to folders are followed once per real
 * folder, so a link back up the tree cannot loop.
 */
async function walk(root: string, display: string, ignore: readonly IgnoreRule[], accept: (relativePath: string) => boolean): Promise<CandidateFile[]> {
  const found: CandidateFile[] = [];
  const visited = new Set<string>();

  const visit = async (folder: string, relativeFolder: string): Promise<void> => {
    const real = await fs.realpath(folder).catch(() => undefined);
    if (real === undefined || visited.has(real)) return;
    visited.add(real);
    let entries: import('fs').Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      const relative = relativeFolder ? `${relativeFolder}/${entry.name}` : entry.name;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await statOrUndefined(full);
        isDirectory = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isIgnored(full, ignore)) continue;
      if (isDirectory) {
        if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
        await visit(full, relative);
      } else if (isFile && entry.name.toLowerCase().endsWith('.conf') && accept(relative)) {
        found.push({ display: joinDisplay(display, relative), absolutePath: full, explicit: false });
      }
    }
  };

  await visit(root, '');
  return found;
}

function isIgnored(absolutePath: string, ignore: readonly IgnoreRule[]): boolean {
  return ignore.some((rule) => {
    const relative = path.relative(rule.base, absolutePath);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    return rule.pattern.matches(relative.split(path.sep).join('/'));
  });
}

/** `configs` + `a/nats.conf` → `configs/a/nats.conf`; the current folder (`.`) adds no prefix. */
function joinDisplay(folderArgument: string, relative: string): string {
  if (folderArgument === '' || folderArgument === '.' || folderArgument === './') return relative;
  const separator = folderArgument.endsWith('/') || folderArgument.endsWith(path.sep) ? '' : '/';
  return `${folderArgument}${separator}${relative}`;
}

async function statOrUndefined(target: string): Promise<import('fs').Stats | undefined> {
  try {
    return await fs.stat(target);
  } catch {
    return undefined;
  }
}
