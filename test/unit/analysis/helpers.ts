/**
 * Shared helpers of the analysis tests: a Map-backed Environment, range lookup by text, a
 * one-call analysis, and a comparable dump of a resolution.
 */
import type { Environment, FileReadResult } from '../../../server/src/environment';
import type { Document, Entry, MapValue, Range, Value } from '../../../server/src/parser/ast';
import { mapContent } from '../../../server/src/analysis/resolve';
import type { BindingMap } from '../../../server/src/analysis/bindingMap';
import {
  createLanguageService,
  type Analysis,
  type LanguageServiceOptions,
  type ServerVersion,
} from '../../../server/src/languageService';

/** A file's text, its bytes (certificates, keys), a folder, or a failure to read it. */
export type FakeFile = string | Uint8Array | { folder: true } | { failure: Exclude<FileReadResult, { ok: true }> };

export interface FakeEnvironment extends Environment {
  /** How often each path was read. */
  reads: Map<string, number>;
}

/** An Environment whose files and variables come from plain objects (posix paths). */
export function fakeEnvironment(files: Record<string, FakeFile> = {}, env: Record<string, string> = {}): FakeEnvironment {
  const reads = new Map<string, number>();
  return {
    reads,
    async readFile(path) {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      const file = Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
      if (file === undefined) return { ok: false, reason: 'not-found', message: `${path} does not exist` };
      if (typeof file === 'string') return { ok: true, text: file };
      if (file instanceof Uint8Array) return { ok: true, text: Buffer.from(file).toString('utf8') };
      if ('folder' in file) return { ok: false, reason: 'is-directory', message: `${path} is a folder, not a file` };
      return file.failure;
    },
    async readBytes(path, maxBytes) {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      const file = Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
      if (file === undefined) return { ok: false, reason: 'not-found', message: `${path} does not exist` };
      if (typeof file === 'string' || file instanceof Uint8Array) {
        const bytes = typeof file === 'string' ? new Uint8Array(Buffer.from(file, 'utf8')) : file;
        if (bytes.length > maxBytes) return { ok: false, reason: 'too-large', message: `${path} is larger than ${maxBytes} bytes`, size: bytes.length };
        return { ok: true, bytes };
      }
      if ('folder' in file) return { ok: false, reason: 'is-directory', message: `${path} is a folder, not a file` };
      return file.failure;
    },
    async stat(path) {
      const file = Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
      if (file === undefined) return undefined;
      if (typeof file === 'string') return { type: 'file', size: Buffer.byteLength(file, 'utf8'), mtimeMs: 0 };
      if (file instanceof Uint8Array) return { type: 'file', size: file.length, mtimeMs: 0 };
      return { type: 'folder' in file ? 'directory' : 'other', size: 0, mtimeMs: 0 };
    },
    async readDirectory(folder) {
      // Folders are implied by the paths of the files under them.
      const prefix = folder.endsWith('/') ? folder : `${folder}/`;
      const entries = new Map<string, 'file' | 'directory'>();
      for (const [path, file] of Object.entries(files)) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash >= 0) entries.set(rest.slice(0, slash), 'directory');
        else if (rest !== '') entries.set(rest, typeof file === 'object' && !(file instanceof Uint8Array) && 'folder' in file ? 'directory' : 'file');
      }
      return [...entries].map(([name, type]) => ({ name, type }));
    },
    getEnv: (name) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined),
    now: () => new Date(0),
  };
}

/** The range of the `occurrence`-th (0-based) `needle` in `text` (lines split at `\n`). */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence + 1} times`);
  }
  return { start: positionAt(text, index), end: positionAt(text, index + needle.length) };
}

function positionAt(text: string, offset: number): Range['start'] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export interface AnalyzeOptions {
  path?: string;
  uri?: string;
  files?: Record<string, FakeFile>;
  env?: Record<string, string>;
  serverVersion?: ServerVersion;
  service?: LanguageServiceOptions;
  environment?: Environment;
}

/** The layers these tests cover: syntax, includes and variables (not the schema checks). */
const RESOLUTION_CODE = /^(syntax-|include-|variable-|internal-error)/;

/** Analyzes `text` as the file at `options.path` (default /conf/main.conf). */
export async function analyzeText(text: string, options: AnalyzeOptions = {}): Promise<Analysis> {
  const environment = options.environment ?? fakeEnvironment(options.files, options.env);
  const service = createLanguageService(environment, options.service);
  const path = 'path' in options ? options.path : '/conf/main.conf';
  const uri = options.uri ?? (path !== undefined ? `file://${path}` : 'untitled:Untitled-1');
  const analysis = await service.analyze({ uri, path, text }, options.serverVersion ? { serverVersion: options.serverVersion } : {});
  // These tests cover syntax, includes and variables; the schema checks have their own tests.
  return { ...analysis, diagnostics: analysis.diagnostics.filter((d) => RESOLUTION_CODE.test(d.code)) };
}

/** `code@line:char-line:char` of each syntax, include and variable diagnostic, for compact assertions. */
export function summary(analysis: { diagnostics: Array<{ code: string; range: Range }> }): string[] {
  return analysis.diagnostics.filter((d) => RESOLUTION_CODE.test(d.code)).map(
    (d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
  );
}

/**
 * What a resolution says about the main document, comparable between two analyses of the same
 * text: for each map (the top level first, then the maps in text order), each binding's name,
 * document, where its value and resolved value are, and the bindings of its content.
 */
export function resolutionDump(analysis: Analysis): string[] {
  const { tree, resolution } = analysis;
  const span = (node: { start: number; end: number; kind: string } | undefined) => (node ? `${node.kind}@${node.start}-${node.end}` : '-');
  const names = (content: BindingMap | undefined) => (content ? `{${[...content.keys()].join(',')}}` : '');
  const lines: string[] = [];
  const maps: Array<Document | MapValue> = [tree];
  for (let i = 0; i < maps.length; i++) {
    const node = maps[i];
    const bindings = resolution.maps.get(node);
    lines.push(`${span(node)}: ${bindings ? [...bindings.values()].map((b) => `${b.name} ${b.uri} ${span(b.value)} ${span(b.resolved)} ${names(mapContent(b))}`).join('; ') : 'none'}`);
    const stack: Array<Entry | Value | undefined> = [...node.entries].reverse();
    // The maps directly inside this one (in arrays too), in text order.
    while (stack.length > 0) {
      const item = stack.pop();
      if (!item || item.kind === 'include') continue;
      if (item.kind === 'keyValue') stack.push(item.value);
      else if (item.kind === 'map') maps.push(item);
      else if (item.kind === 'array') stack.push(...[...item.elements].reverse());
    }
  }
  return lines;
}
