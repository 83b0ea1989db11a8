/**
 * `include <path>`: where nats-server looks for the file, and loading every included file
 * (recursively) through the injected Environment before the synchronous resolution runs.
 *
 * nats-server rules (verified with 2.9.10, reference §1.11):
 * - the path is joined to the folder of the file that contains the directive with Go's
 *   `filepath.Join`, so nested includes are relative to the included file's own folder;
 * - an absolute path is NOT honoured: `filepath.Join("/srv/conf", "/etc/a.conf")` is
 *   `/srv/conf/etc/a.conf`;
 * - every include is parsed as a separate file (its own variable scope).
 */
import * as nodePath from 'path';
import { pathToFileURL } from 'url';
import type { Environment, FileReadResult } from '../environment';
import type { Document, Entry, Include, Value } from '../parser/ast';
import { parse } from '../parser/parser';

/** Stable codes of the include diagnostics. */
export const IncludeCode = {
  /** The joined path does not exist. */
  notFound: 'include-not-found',
  /** The path is a folder, not a regular file, too large or cannot be read. */
  unreadable: 'include-unreadable',
  /** A file includes itself, directly or through other files (2.9.10 crashes). */
  cycle: 'include-cycle',
  /** The included file has a syntax, variable or include error of its own. */
  parseError: 'include-parse-error',
  /** Includes nest deeper, or are more, than the analysis follows. */
  limit: 'include-limit',
  /** The document has no file path (untitled), so includes cannot be followed. */
  unresolved: 'include-unresolved',
} as const;

export interface IncludeLimits {
  /** Deepest include chain followed (the root file is depth 0). */
  maxDepth: number;
  /** Most distinct files read for one validation. */
  maxFiles: number;
}

export const DEFAULT_INCLUDE_LIMITS: IncludeLimits = { maxDepth: 1000, maxFiles: 20000 };

/** One file reached through `include`, read and parsed once per validation. */
export type LoadedFile =
  | { status: 'ok'; path: string; uri: string; text: string; document: Document }
  | {
      status: 'not-found' | 'unreadable';
      path: string;
      uri: string;
      reason: Exclude<FileReadResult, { ok: true }>['reason'];
      message: string;
    };

/** The files loaded for one validation, keyed by the joined path. */
export interface IncludeCache {
  get(path: string): LoadedFile | undefined;
  readonly size: number;
  /** Every file loaded (in the order the reads ended). */
  files(): IterableIterator<LoadedFile>;
  /** True when more files were reachable than `maxFiles` allowed; the rest were not read. */
  readonly truncated: boolean;
  readonly limits: IncludeLimits;
}

/** The path nats-server opens for `include <written>` in the file at `includerPath`. */
export function resolveIncludePath(includerPath: string, written: string): string {
  // Go: filepath.Join(filepath.Dir(fp), it.val). Node's join has the same lexical cleaning and
  // likewise keeps a second absolute component under the first.
  return nodePath.join(nodePath.dirname(includerPath), written);
}

/** The `file://` URI of a path. */
export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Every include directive of a document, in document order (maps inside arrays included). */
export function collectIncludes(document: Document): Include[] {
  if (document.includes) return document.includes.slice();
  const found: Include[] = [];
  // Explicit stack, visited in reverse so the output stays in document order.
  const stack: Array<Entry | Value> = [];
  for (let i = document.entries.length - 1; i >= 0; i--) stack.push(document.entries[i]);
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) continue;
    switch (item.kind) {
      case 'include':
        found.push(item);
        break;
      case 'keyValue':
        if (item.value) stack.push(item.value);
        break;
      case 'map':
        for (let i = item.entries.length - 1; i >= 0; i--) stack.push(item.entries[i]);
        break;
      case 'array':
        for (let i = item.elements.length - 1; i >= 0; i--) stack.push(item.elements[i]);
        break;
      default:
        break;
    }
  }
  return found;
}

export interface PrefetchOptions {
  limits?: Partial<IncludeLimits>;
  /** Reads in flight at once. */
  concurrency?: number;
}

/**
 * Reads and parses every file reachable through include directives from `root`, following
 * includes of included files, each distinct path once. Never throws (read failures are kept
 * as `not-found` / `unreadable` entries for the resolution to report).
 */
export async function prefetchIncludes(
  root: { path?: string; document: Document },
  environment: Pick<Environment, 'readFile'>,
  options: PrefetchOptions = {},
): Promise<IncludeCache> {
  const limits: IncludeLimits = { ...DEFAULT_INCLUDE_LIMITS, ...options.limits };
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const files = new Map<string, LoadedFile>();
  let truncated = false;

  const queue: string[] = [];
  let queueHead = 0;
  const seen = new Set<string>();
  const enqueueIncludesOf = (includerPath: string, document: Document): void => {
    for (const include of collectIncludes(document)) {
      if (!include.path) continue;
      const target = resolveIncludePath(includerPath, include.path.value);
      if (seen.has(target)) continue;
      if (queue.length >= limits.maxFiles) {
        truncated = true;
        continue;
      }
      seen.add(target);
      queue.push(target);
    }
  };
  if (root.path !== undefined) {
    // The root is never read: any include of it is a cycle, reported during resolution.
    seen.add(root.path);
    enqueueIncludesOf(root.path, root.document);
  }

  const load = async (path: string): Promise<void> => {
    let result: FileReadResult;
    try {
      result = await environment.readFile(path);
    } catch (error) {
      result = { ok: false, reason: 'unreadable', message: `${path} cannot be read (${String(error)})` };
    }
    const uri = fileUri(path);
    if (result.ok) {
      const document = parseIncluded(path, result.text);
      files.set(path, { status: 'ok', path, uri, text: result.text, document });
      enqueueIncludesOf(path, document);
    } else {
      files.set(path, {
        status: result.reason === 'not-found' ? 'not-found' : 'unreadable',
        path,
        uri,
        reason: result.reason,
        message: result.message,
      });
    }
  };

  // A small pool of workers draining the queue; newly found includes join the same queue.
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (active < concurrency && queueHead < queue.length) {
        const next = queue[queueHead++];
        active++;
        void load(next).finally(() => {
          active--;
          pump();
        });
      }
      if (active === 0 && queueHead >= queue.length) resolve();
    };
    pump();
  });

  return {
    get: (path) => files.get(path),
    get size() {
      return files.size;
    },
    files: () => files.values(),
    truncated,
    limits,
  };
}

/**
 * How much of the included files' text keeps its last parse (see parseIncluded), in characters:
 * a tree takes about ten times its text, so this holds about 40 MB at most.
 */
const KEPT_PARSE_CHARACTERS = 4_000_000;
const lastParses = new Map<string, { text: string; document: Document }>();
let keptCharacters = 0;

/**
 * Parses an included file, or returns its last parse when the text has not changed: every edit
 * of the including file reads its includes again, and they rarely change in between. Nothing
 * modifies a parsed tree, so analyses can share it.
 */
function parseIncluded(path: string, text: string): Document {
  const last = lastParses.get(path);
  if (last !== undefined && last.text === text) {
    lastParses.delete(path); // now the most recently used
    lastParses.set(path, last);
    return last.document;
  }
  const document = parse(text);
  forgetParse(path);
  if (text.length <= KEPT_PARSE_CHARACTERS) {
    // The oldest go first.
    while (keptCharacters + text.length > KEPT_PARSE_CHARACTERS) forgetParse(lastParses.keys().next().value as string);
    lastParses.set(path, { text, document });
    keptCharacters += text.length;
  }
  return document;
}

function forgetParse(path: string): void {
  const kept = lastParses.get(path);
  if (kept === undefined) return;
  lastParses.delete(path);
  keptCharacters -= kept.text.length;
}

/** An empty cache: nothing was loaded (for callers that resolve a single text). */
export function emptyIncludeCache(limits: Partial<IncludeLimits> = {}): IncludeCache {
  return { get: () => undefined, size: 0, files: () => [][Symbol.iterator](), truncated: false, limits: { ...DEFAULT_INCLUDE_LIMITS, ...limits } };
}

/** The message for an include whose file does not exist. */
export function includeNotFoundMessage(includerPath: string, written: string, resolved: string): string {
  const folder = nodePath.dirname(includerPath);
  let message =
    `Included file not found: ${resolved}. nats-server resolves an include path relative to the folder ` +
    `of the file that contains the include (${folder}).`;
  if (nodePath.isAbsolute(written)) {
    message += ` An absolute path is not used as is: nats-server joins it under that folder too.`;
  }
  return message;
}
