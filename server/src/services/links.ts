/** Links to certificate and include files, and go-to-definition for `$VAR` and includes. */
import * as nodePath from 'path';
import type { DocumentLink, Location } from 'vscode-languageserver-types';
import type { Document, Include, MapValue, Position, Range, StringValue, Value } from '../parser/ast';
import { fileUri } from '../analysis/includes';
import { childContext, entryContext, lookupName, rootContext, type ContextData } from '../knowledge/schema';
import { tlsOption } from '../knowledge/tlsOptions';
import { locate } from './locate';
import { offsetAt, pathBase, type ServiceContext } from './context';

/** Schema contexts whose keys may name certificate files, and which keys do. */
function isPathKey(context: ContextData, key: string): boolean {
  if (context.id === 'tls') return tlsOption(key)?.isPath === true;
  if (context.id === 'tls.certs[]') return key === 'cert_file' || key === 'key_file';
  return false;
}

interface PathValue {
  key: string;
  value: StringValue;
}

/** Every string value of a certificate-file key in a tls block of the document (iterative walk). */
function certificatePaths(tree: Document): PathValue[] {
  const found: PathValue[] = [];
  const stack: Array<{ block: Document | MapValue; context: ContextData | undefined }> = [{ block: tree, context: rootContext() }];
  while (stack.length > 0) {
    const { block, context } = stack.pop()!;
    for (const entry of block.entries) {
      if (entry.kind !== 'keyValue' || !entry.value) continue;
      const value = entry.value;
      if (context && value.kind === 'string' && isPathKey(context, entry.name)) {
        found.push({ key: entry.name, value });
        continue;
      }
      if (value.kind !== 'map' && value.kind !== 'array') continue;
      let keyContext: ContextData | undefined;
      if (context) {
        const name = lookupName(context, entry.name);
        keyContext = name ? childContext(context, name.key) : entryContext(context);
      }
      if (value.kind === 'map') stack.push({ block: value, context: keyContext });
      else for (const element of value.elements) if (element.kind === 'map') stack.push({ block: element, context: keyContext });
    }
  }
  return found.sort((a, b) => a.value.start - b.value.start);
}

/** The includes of the document itself (not of included files), maps inside arrays included. */
function ownIncludes(tree: Document): Include[] {
  const found: Include[] = [];
  const stack: Value[] = [];
  const visit = (entries: Document['entries']) => {
    for (const entry of entries) {
      if (entry.kind === 'include') found.push(entry);
      else if (entry.value) stack.push(entry.value);
    }
  };
  visit(tree.entries);
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (value.kind === 'map') visit(value.entries);
    else if (value.kind === 'array') for (const element of value.elements) stack.push(element); // no spread: arrays may be huge
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The range of a string's text, inside its quotes. */
function textRange(value: StringValue): Range {
  const quoted = (value.style === 'double' || value.style === 'single') && value.end - value.start >= 2;
  if (!quoted) return value.range;
  const range = value.range;
  // Quoted strings never span lines.
  return {
    start: { line: range.start.line, character: range.start.character + 1 },
    end: { line: range.end.line, character: range.end.character - 1 },
  };
}

/** The absolute path a certificate value resolves to; undefined when it cannot be known. */
export function certificatePath(written: string, base: string | undefined): string | undefined {
  if (written === '') return undefined;
  if (nodePath.isAbsolute(written)) return nodePath.normalize(written);
  return base === undefined ? undefined : nodePath.resolve(base, written);
}

export async function documentLinks(context: ServiceContext): Promise<DocumentLink[]> {
  const { analysis, environment } = context;
  const { tree, resolution } = analysis;
  const links: DocumentLink[] = [];
  const base = pathBase(analysis);
  const fromSetting = analysis.settings.pathBase !== undefined;

  const candidates: Array<{ start: number; make: () => Promise<DocumentLink | undefined> }> = [];
  for (const { value } of certificatePaths(tree)) {
    candidates.push({
      start: value.start,
      make: async () => {
        const target = certificatePath(value.value, base);
        if (!target || (await environment.stat(target))?.type !== 'file') return undefined;
        const how = nodePath.isAbsolute(value.value)
          ? 'an absolute path'
          : `resolved against ${fromSetting ? 'natsConf.paths.base' : "the config file's folder"} (${base})`;
        return {
          range: textRange(value),
          target: fileUri(target),
          tooltip:
            `Open ${target} (${how}). nats-server resolves a relative path against its working directory, ` +
            `not the config file's folder: start it from there, or set natsConf.paths.base to match.`,
        };
      },
    });
  }
  for (const include of ownIncludes(tree)) {
    const written = include.path;
    if (!written) continue;
    candidates.push({
      start: include.start,
      make: async () => {
        const resolved = resolution.includes.get(include);
        if (!resolved || !('path' in resolved)) return undefined;
        if (resolved.status !== 'ok' && (await environment.stat(resolved.path))?.type !== 'file') return undefined;
        const from = analysis.document.path ? nodePath.dirname(analysis.document.path) : undefined;
        let tooltip = `Open the included file ${resolved.path} (nats-server resolves an include relative to the folder of the including file${from ? `, ${from}` : ''}).`;
        if (nodePath.isAbsolute(written.value)) tooltip += ' An absolute include path is joined under that folder too, as nats-server does.';
        return { range: textRange(written), target: resolved.status === 'ok' ? resolved.uri : fileUri(resolved.path), tooltip };
      },
    });
  }
  candidates.sort((a, b) => a.start - b.start);
  const made = await Promise.all(candidates.map((candidate) => candidate.make()));
  for (const link of made) if (link) links.push(link);
  return links;
}

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export async function definition(context: ServiceContext, position: Position): Promise<Location[]> {
  const { analysis } = context;
  const location = locate(analysis.tree, offsetAt(analysis, position));
  if (location.include) {
    const resolved = analysis.resolution.includes.get(location.include);
    if (resolved?.status === 'ok') return [{ uri: resolved.uri, range: ORIGIN }];
    return [];
  }
  const value = location.value;
  if (value?.kind === 'variable') {
    const resolved = analysis.resolution.variables.get(value);
    if (resolved?.source === 'config' && resolved.uri !== '') {
      return [{ uri: resolved.uri, range: resolved.definition.key.range }];
    }
  }
  return [];
}
