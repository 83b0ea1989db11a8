/** The document's structure: outline symbols, folding ranges and selection ranges. */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type SelectionRange } from 'vscode-languageserver-types';
import type { ArrayValue, Document, Entry, Include, KeyValue, MapValue, Position, Range, Value } from '../parser/ast';
import { lineAt } from '../parser/parser';
import { offsetAt, type ServiceContext } from './context';
import { looksSecretName, looksSecretValue, SECRET_MASK } from '../knowledge/secrets';
import { secretMasker } from '../analysis/redactSecrets';

/** Nesting deeper than this is not shown in the outline (the folds and selections still work). */
export const MAX_SYMBOL_DEPTH = 200;

const MASK = SECRET_MASK;
const MAX_DETAIL = 80;

/** Fields that name an element of an array of blocks, best first (`users[]`, `remotes[]`, `gateways[]`). */
const NAMING_FIELDS = ['name', 'user', 'url', 'urls', 'account', 'subject', 'id'];

// ---------------------------------------------------------------------------------------------
// Offsets to positions

function positionAt(tree: Document, offset: number): Position {
  const line = lineAt(tree.lineStarts, offset);
  return { line, character: offset - tree.lineStarts[line] };
}

function rangeAt(tree: Document, start: number, end: number): Range {
  return { start: positionAt(tree, start), end: positionAt(tree, end) };
}

// ---------------------------------------------------------------------------------------------
// Document symbols

export function documentSymbols(context: ServiceContext): DocumentSymbol[] {
  const { tree, document } = context.analysis;
  const text = document.text;
  // Explicit stack of (entries, target list, depth): deep nesting cannot overflow the JS stack.
  interface Job {
    values: Array<{ value: Value; symbol: DocumentSymbol }>;
    depth: number;
  }
  const jobs: Job[] = [];
  // Not push(...top): hundreds of thousands of arguments overflow the stack.
  const result = symbolsOfEntries(tree.entries, text, jobs, 1);
  // Values nested in a secret (`password { ... }`), URL passwords, a key file opened as a config.
  const mask = secretMasker(context.analysis.resolution);
  const masked = (symbols: DocumentSymbol[]) => {
    for (const symbol of symbols) {
      symbol.name = mask(symbol.name);
      if (symbol.detail !== undefined) symbol.detail = mask(symbol.detail);
    }
    return symbols;
  };
  masked(result);
  while (jobs.length > 0) {
    const job = jobs.pop()!;
    if (job.depth >= MAX_SYMBOL_DEPTH) continue;
    for (const { value, symbol } of job.values) {
      const children = value.kind === 'map' ? symbolsOfEntries(value.entries, text, jobs, job.depth + 1) : symbolsOfElements(value as ArrayValue, text, jobs, job.depth + 1);
      if (children.length > 0) symbol.children = masked(children);
    }
  }
  return result;

  function symbolsOfEntries(entries: readonly Entry[], source: string, queue: Job[], depth: number): DocumentSymbol[] {
    const symbols: DocumentSymbol[] = [];
    const pending: Job['values'] = [];
    for (const entry of entries) {
      if (entry.kind === 'include') {
        symbols.push(includeSymbol(entry));
        continue;
      }
      const symbol = keyValueSymbol(entry, source);
      symbols.push(symbol);
      if (entry.value && (entry.value.kind === 'map' || entry.value.kind === 'array')) pending.push({ value: entry.value, symbol });
    }
    if (pending.length > 0) queue.push({ values: pending, depth });
    return symbols;
  }

  function symbolsOfElements(array: ArrayValue, source: string, queue: Job[], depth: number): DocumentSymbol[] {
    const symbols: DocumentSymbol[] = [];
    const pending: Job['values'] = [];
    array.elements.forEach((element, index) => {
      if (element.kind !== 'map' && element.kind !== 'array') return;
      const label = `[${index}]`;
      const named = element.kind === 'map' ? elementName(element, source) : undefined;
      const name = named?.name;
      const symbol: DocumentSymbol = {
        name: name ?? label,
        kind: element.kind === 'map' ? SymbolKind.Object : SymbolKind.Array,
        range: element.range,
        // The naming value, else the opening bracket.
        selectionRange: named ? named.node.range : rangeAt(tree, element.start, Math.min(element.end, element.start + 1)),
      };
      if (name !== undefined) symbol.detail = label;
      else if (element.kind === 'array') symbol.detail = arrayDetail(element, source);
      symbols.push(symbol);
      pending.push({ value: element, symbol });
    });
    if (pending.length > 0) queue.push({ values: pending, depth });
    return symbols;
  }
}

function includeSymbol(entry: Include): DocumentSymbol {
  const written = entry.path?.value;
  return {
    name: written ? written : 'include',
    detail: 'include',
    kind: SymbolKind.File,
    range: entry.range,
    selectionRange: (entry.path ?? entry.keyword).range,
  };
}

function keyValueSymbol(entry: KeyValue, text: string): DocumentSymbol {
  const value = entry.value;
  const symbol: DocumentSymbol = {
    // VS Code rejects an empty name; `"" = 1` is a legal (if odd) key.
    name: entry.name === '' ? '""' : entry.name,
    kind: symbolKind(value),
    range: entry.range,
    selectionRange: entry.key.range,
  };
  const detail = value === undefined ? undefined : value.kind === 'map' ? undefined : value.kind === 'array' ? arrayDetail(value, text) : scalarDetail(entry.name, value, text);
  if (detail !== undefined && detail !== '') symbol.detail = detail;
  return symbol;
}

function symbolKind(value: Value | undefined): SymbolKind {
  switch (value?.kind) {
    case 'map':
      return SymbolKind.Module;
    case 'array':
      return SymbolKind.Array;
    case 'string':
    case 'datetime':
      return SymbolKind.String;
    case 'integer':
    case 'float':
      return SymbolKind.Number;
    case 'boolean':
      return SymbolKind.Boolean;
    case 'variable':
      return SymbolKind.Variable;
    default:
      return SymbolKind.Property;
  }
}

function isSecretKey(name: string): boolean {
  return looksSecretName(name);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

/** A scalar as written (a variable stays `$NAME`); masked under secret-looking keys. */
function scalarDetail(key: string, value: Value, text: string): string {
  if (value.kind === 'variable') return `$${value.name}`;
  if (isSecretKey(key) || (value.kind === 'string' && looksSecretValue(value.value))) return MASK;
  if (value.kind === 'string') return shorten(value.style === 'raw' ? `(${value.value})` : value.value);
  return shorten(text.slice(value.start, value.end));
}

function arrayDetail(array: ArrayValue, text: string): string {
  const parts: string[] = [];
  let length = 0;
  for (const element of array.elements) {
    const part = element.kind === 'map' ? '{…}' : element.kind === 'array' ? '[…]' : element.kind === 'string' ? element.value : element.kind === 'variable' ? `$${element.name}` : text.slice(element.start, element.end);
    parts.push(part);
    length += part.length + 2;
    if (length > MAX_DETAIL) break;
  }
  return shorten(`[${parts.join(', ')}${parts.length < array.elements.length ? ', …' : ''}]`);
}

/** The value of a telling field of a block (`name`, `user`, `url`, ...), if it has a plain one. */
function elementName(map: MapValue, text: string): { name: string; node: Value } | undefined {
  for (const field of NAMING_FIELDS) {
    const entry = map.entries.find((candidate): candidate is KeyValue => candidate.kind === 'keyValue' && candidate.name.toLowerCase() === field);
    let value = entry?.value;
    if (value?.kind === 'array') value = value.elements[0];
    if (!value || value.kind === 'map' || value.kind === 'array') continue;
    const shown = value.kind === 'variable' ? `$${value.name}` : value.kind === 'string' ? value.value : text.slice(value.start, value.end);
    if (shown.trim() !== '') return { name: shorten(shown), node: value };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Folding ranges

export function foldingRanges(context: ServiceContext): FoldingRange[] {
  const { tree, document } = context.analysis;
  const text = document.text;
  const ranges: FoldingRange[] = [];
  const stack: Value[] = [];
  for (let i = tree.entries.length - 1; i >= 0; i--) {
    const entry = tree.entries[i];
    if (entry.kind === 'keyValue' && entry.value) stack.push(entry.value);
  }
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (value.kind === 'map' || value.kind === 'array') {
      const items: Array<{ end: number }> = value.kind === 'map' ? value.entries : value.elements;
      // An unclosed block runs to the end of the text; its fold stops at its last item.
      const end = value.closed ? value.end : items.length > 0 ? items[items.length - 1].end : value.start;
      const fold = blockFold(tree, text, value.start, end, value.closed);
      if (fold) ranges.push(fold);
      if (value.kind === 'map') {
        for (let i = value.entries.length - 1; i >= 0; i--) {
          const entry = value.entries[i];
          if (entry.kind === 'keyValue' && entry.value) stack.push(entry.value);
        }
      } else {
        for (let i = value.elements.length - 1; i >= 0; i--) stack.push(value.elements[i]);
      }
    } else if (value.kind === 'string' && value.style === 'raw') {
      const fold = blockFold(tree, text, value.start, value.end, text[value.end - 1] === ')');
      if (fold) ranges.push(fold);
    }
  }
  for (const fold of commentFolds(tree, text)) ranges.push(fold); // a spread of millions of folds overflows the stack
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/**
 * A block from its opening bracket to the line before its closing one (so the `}` stays
 * visible), or to the line of `end` when it is unclosed or the closing bracket follows content.
 */
function blockFold(tree: Document, text: string, start: number, end: number, closed: boolean): FoldingRange | undefined {
  const startLine = positionAt(tree, start).line;
  let endLine: number;
  if (closed) {
    const close = positionAt(tree, end - 1);
    const before = text.slice(tree.lineStarts[close.line], end - 1);
    endLine = before.trim() === '' ? close.line - 1 : close.line;
  } else {
    endLine = positionAt(tree, Math.max(start, end - 1)).line;
  }
  return endLine > startLine ? { startLine, endLine } : undefined;
}

/** Runs of two or more lines holding nothing but a comment. */
function commentFolds(tree: Document, text: string): FoldingRange[] {
  const folds: FoldingRange[] = [];
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0 && runEnd > runStart) folds.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
  };
  for (const comment of tree.comments) {
    const position = positionAt(tree, comment.start);
    const before = text.slice(tree.lineStarts[position.line], comment.start);
    if (before.trim() !== '') {
      // A comment after a value: it ends any run.
      flush();
      runStart = runEnd = -1;
      continue;
    }
    if (runStart >= 0 && position.line === runEnd + 1) {
      runEnd = position.line;
    } else {
      flush();
      runStart = runEnd = position.line;
    }
  }
  flush();
  return folds;
}

// ---------------------------------------------------------------------------------------------
// Selection ranges

export function selectionRanges(context: ServiceContext, positions: Position[]): SelectionRange[] {
  const { analysis } = context;
  return positions.map((position) => selectionAt(analysis.tree, analysis.document.text, offsetAt(analysis, position)));
}

function within(node: { start: number; end: number }, offset: number): boolean {
  return node.start <= offset && offset <= node.end;
}

/** Spans from the outermost (the document) inwards; iterative. */
function selectionAt(tree: Document, text: string, offset: number): SelectionRange {
  const spans: Array<[number, number]> = [[0, text.length]];
  const addContents = (first: { start: number } | undefined, last: { end: number } | undefined) => {
    if (first && last && first.start <= offset && offset <= last.end) spans.push([first.start, last.end]);
  };
  let entries: readonly Entry[] | undefined = tree.entries;
  addContents(entries[0], entries[entries.length - 1]);
  while (entries) {
    const entry: Entry | undefined = entries.find((candidate) => within(candidate, offset));
    entries = undefined;
    if (!entry) break;
    spans.push([entry.start, entry.end]);
    if (entry.kind === 'include') {
      if (entry.path && within(entry.path, offset)) pushToken(spans, entry.path, offset);
      else if (within(entry.keyword, offset)) spans.push([entry.keyword.start, entry.keyword.end]);
      break;
    }
    if (within(entry.key, offset)) {
      spans.push([entry.key.start, entry.key.end]);
      break;
    }
    let value: Value | undefined = entry.value && within(entry.value, offset) ? entry.value : undefined;
    while (value) {
      spans.push([value.start, value.end]);
      if (value.kind === 'map') {
        addContents(value.entries[0], value.entries[value.entries.length - 1]);
        entries = value.entries;
        break;
      }
      if (value.kind === 'array') {
        addContents(value.elements[0], value.elements[value.elements.length - 1]);
        const element: Value | undefined = value.elements.find((candidate) => within(candidate, offset));
        value = element;
        continue;
      }
      spans.pop();
      pushToken(spans, value, offset);
      break;
    }
  }
  let result: SelectionRange | undefined;
  let previous: [number, number] | undefined;
  for (const [start, end] of spans) {
    if (previous && previous[0] === start && previous[1] === end) continue;
    previous = [start, end];
    result = { range: rangeAt(tree, start, end), ...(result ? { parent: result } : {}) };
  }
  return result!;
}

/** A scalar token; for a quoted string, its text inside the quotes first. */
function pushToken(spans: Array<[number, number]>, value: Value, offset: number): void {
  spans.push([value.start, value.end]);
  if (value.kind === 'string' && (value.style === 'double' || value.style === 'single') && value.end - value.start >= 2) {
    if (value.start + 1 <= offset && offset <= value.end - 1) spans.push([value.start + 1, value.end - 1]);
  }
}
