/**
 * What must hold for every input, whatever it is: the checks the fuzzer runs on each generated or
 * mutated text. Each check throws a `PropertyViolation` saying what broke; fast-check then
 * shrinks the input to a small one that still breaks it.
 */
import type {
  CodeAction, CompletionItem, DocumentSymbol, Range as LspRange, SelectionRange, TextEdit,
} from 'vscode-languageserver-types';
import type { Document, Node, Position, Range } from '../../server/src/parser/ast';
import { parse, parseWithStateMachine } from '../../server/src/parser/parser';
import { readOrdinaryConfig } from '../../server/src/parser/fastReader';
import { printDocument, UnprintableError } from '../../server/src/parser/printer';
import type { Analysis, LanguageService, ServerVersion } from '../../server/src/languageService';

export class PropertyViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyViolation';
  }
}

function violation(message: string): never {
  throw new PropertyViolation(message);
}

// ---------------------------------------------------------------------------------------------
// Lines and ranges, computed independently of the parser

/** Editor lines: `\r\n`, `\n` and a lone `\r` each end one. */
export interface TextLines {
  starts: number[];
  /** Length of each line without its line break. */
  lengths: number[];
  length: number;
}

export function textLines(text: string): TextLines {
  const starts = [0];
  const lengths: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    lengths.push(i - starts[starts.length - 1]);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    starts.push(i + 1);
  }
  lengths.push(text.length - starts[starts.length - 1]);
  return { starts, lengths, length: text.length };
}

function positionOf(lines: TextLines, offset: number): Position {
  let low = 0;
  let high = lines.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines.starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  // An offset between the \r and \n of a CRLF is the end of its line.
  return { line: low, character: Math.min(offset - lines.starts[low], lines.lengths[low]) };
}

const show = (value: unknown): string => JSON.stringify(value);

function checkPosition(lines: TextLines, position: Position | undefined, what: string): void {
  if (!position || !Number.isInteger(position.line) || !Number.isInteger(position.character)) violation(`${what}: not a position: ${show(position)}`);
  if (position.line < 0 || position.line >= lines.lengths.length) violation(`${what}: line ${position.line} outside the document's ${lines.lengths.length} lines`);
  if (position.character < 0 || position.character > lines.lengths[position.line]) {
    violation(`${what}: character ${position.character} outside line ${position.line} (length ${lines.lengths[position.line]})`);
  }
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** A range with both ends inside the document and start ≤ end. */
export function checkRange(lines: TextLines, range: Range | LspRange | undefined, what: string): void {
  if (!range) violation(`${what}: no range`);
  checkPosition(lines, range.start, `${what} start`);
  checkPosition(lines, range.end, `${what} end`);
  if (!before(range.start, range.end)) violation(`${what}: starts after it ends: ${show(range)}`);
}

function contains(outer: Range, inner: Range): boolean {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

// ---------------------------------------------------------------------------------------------
// The parser

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/**
 * Parses `text` and checks the tree: no internal error, every node, comment and problem inside the
 * document, each node's range the LSP form of its offsets, children inside their parents.
 */
export function checkParse(text: string): Document {
  const document = parse(text);
  const lines = textLines(text);
  if (document.lineStarts.length !== lines.starts.length || document.lineStarts.some((start, i) => start !== lines.starts[i])) {
    violation(`lineStarts ${show(document.lineStarts)} differ from the editor's ${show(lines.starts)}`);
  }
  for (const problem of document.errors) {
    if (problem.code === 'syntax-internal-error') violation(`the parser failed: ${problem.message}`);
    checkRange(lines, problem.range, `problem ${problem.code}`);
    for (const related of problem.related ?? []) checkRange(lines, related.range, `related information of ${problem.code}`);
    if (!Number.isInteger(problem.natsLine) || problem.natsLine < 1) violation(`problem ${problem.code}: nats line ${problem.natsLine}`);
  }
  const checkNode = (node: Pick<Node, 'start' | 'end' | 'range'>, what: string, parent?: { start: number; end: number }): void => {
    if (!(node.start >= 0 && node.start <= node.end && node.end <= text.length)) violation(`${what}: offsets ${node.start}..${node.end} outside 0..${text.length}`);
    if (parent && (node.start < parent.start || node.end > parent.end)) {
      violation(`${what} (${node.start}..${node.end}) is not inside its parent (${parent.start}..${parent.end})`);
    }
    const range = node.range;
    checkRange(lines, range, what);
    if (!samePosition(range.start, positionOf(lines, node.start)) || !samePosition(range.end, positionOf(lines, node.end))) {
      violation(`${what}: range ${show(range)} is not the position of offsets ${node.start}..${node.end}`);
    }
  };
  for (const comment of document.comments) checkNode(comment, 'comment');
  // Without recursion: fuzzed inputs may nest deeply.
  const pending: Array<{ node: Node; parent: { start: number; end: number } }> = document.entries.map((node) => ({ node, parent: document }));
  while (pending.length > 0) {
    const { node, parent } = pending.pop()!;
    checkNode(node, node.kind, parent);
    switch (node.kind) {
      case 'keyValue':
        pending.push({ node: node.key, parent: node });
        if (node.separator) pending.push({ node: node.separator, parent: node });
        if (node.value) pending.push({ node: node.value, parent: node });
        break;
      case 'include':
        checkNode(node.keyword, 'include keyword', node);
        if (node.path) pending.push({ node: node.path, parent: node });
        break;
      case 'map':
        for (const entry of node.entries) pending.push({ node: entry, parent: node });
        break;
      case 'array':
        for (const element of node.elements) pending.push({ node: element, parent: node });
        break;
    }
  }
  return document;
}

/**
 * The tree without positions or spelling: kinds, keys and the values nats-server reads, in order,
 * then the comments. Equal forms mean nats-server reads the same configuration.
 */
export function structuralForm(document: Document): string {
  const out: unknown[] = [];
  type Item = Node | 'end';
  const pending: Item[] = [...document.entries].reverse();
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (item === 'end') {
      out.push(')');
      continue;
    }
    switch (item.kind) {
      case 'keyValue':
        out.push('key', item.key.name);
        if (item.value) pending.push(item.value);
        else out.push('no-value');
        break;
      case 'include':
        out.push('include', item.path ? item.path.value : null);
        break;
      case 'map':
        out.push('map(');
        pending.push('end', ...[...item.entries].reverse());
        break;
      case 'array':
        out.push('array(');
        pending.push('end', ...[...item.elements].reverse());
        break;
      case 'string':
        out.push('string', item.value);
        break;
      case 'integer':
        out.push('integer', String(item.value), item.dropped === true);
        break;
      case 'float':
        out.push('float', Object.is(item.value, -0) ? '-0' : String(item.value));
        break;
      case 'boolean':
      case 'datetime':
        out.push(item.kind, item.value);
        break;
      case 'variable':
        out.push('variable', item.name);
        break;
    }
  }
  out.push('comments', document.comments.map((comment) => comment.style + comment.text));
  return JSON.stringify(out);
}

/**
 * Where two trees first differ (a path such as `entries[2].value.elements[0].end`), or undefined
 * when they are the same: the same classes, the same own fields and `kind`, the same values.
 */
export function treeDifference(a: unknown, b: unknown): string | undefined {
  const pending: Array<[unknown, unknown, string]> = [[a, b, 'document']];
  while (pending.length > 0) {
    const [x, y, path] = pending.pop()!;
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) {
      if (!Object.is(x, y)) return `${path}: ${show(x)} vs ${show(y)}`;
      continue;
    }
    if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return `${path}: different classes`;
    const xKeys = Object.keys(x).sort();
    const yKeys = Object.keys(y).sort();
    if (xKeys.join() !== yKeys.join()) return `${path}: fields ${xKeys.join(',')} vs ${yKeys.join(',')}`;
    const xKind = (x as { kind?: unknown }).kind;
    if (xKind !== (y as { kind?: unknown }).kind) return `${path}.kind: ${show(xKind)} vs ${show((y as { kind?: unknown }).kind)}`;
    for (const key of xKeys) pending.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], `${path}.${key}`]);
  }
  return undefined;
}

export type FastReaderOutcome = 'fast-reader' | 'state-machine';

/** When the fast reader takes a text, its tree is exactly the state machine's. */
export function checkFastReader(text: string): FastReaderOutcome {
  const fast = readOrdinaryConfig(text);
  if (!fast) return 'state-machine';
  const slow = parseWithStateMachine(text);
  if (slow.errors.length > 0) violation(`the fast reader took a text the state machine finds problems in (${slow.errors.map((e) => e.code).join(', ')})`);
  const difference = treeDifference(fast, slow);
  if (difference !== undefined) violation(`the fast reader's tree differs from the state machine's at ${difference}`);
  return 'fast-reader';
}

export type RoundTripOutcome = 'same-tree' | 'has-errors' | 'unprintable';

function hasErrors(document: Document): boolean {
  return document.errors.some((problem) => problem.severity === 'error');
}

/**
 * For a tree without errors: printing it and parsing the text again gives the same tree, without
 * errors, and printing that tree gives the same text.
 */
export function checkRoundTrip(document: Document): RoundTripOutcome {
  if (hasErrors(document)) return 'has-errors';
  let printed: string;
  try {
    printed = printDocument(document);
  } catch (error) {
    if (error instanceof UnprintableError) return 'unprintable';
    throw error;
  }
  const again = parse(printed);
  if (hasErrors(again)) {
    violation(`the printed text does not parse cleanly (${again.errors.map((e) => e.code).join(', ')}):\n${printed}`);
  }
  const expected = structuralForm(document);
  const actual = structuralForm(again);
  if (expected !== actual) violation(`reparsing the printed text gives another tree:\nprinted:\n${printed}\nexpected: ${expected}\nactual:   ${actual}`);
  const reprinted = printDocument(again);
  if (reprinted !== printed) violation(`printing is not stable:\nfirst:\n${printed}\nsecond:\n${reprinted}`);
  return 'same-tree';
}

// ---------------------------------------------------------------------------------------------
// The whole analysis and the services

export interface AnalysisInput {
  text: string;
  /** In-memory path of the document (includes resolve against its folder). */
  path: string;
  /** Offsets (taken modulo the text length + 1) where hover, completion and definition are asked. */
  offsets: number[];
  serverVersion: ServerVersion;
  /** Folder relative certificate paths resolve against. */
  pathBase?: string;
}

function checkEdits(lines: TextLines, edits: readonly TextEdit[], what: string): void {
  for (const edit of edits) checkRange(lines, edit.range, what);
  // LSP: the edits of one change must not overlap.
  const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1].range;
    const next = sorted[i].range;
    if (!before(previous.end, next.start)) violation(`${what}: overlapping edits ${show(previous)} and ${show(next)}`);
  }
}

function checkSymbols(lines: TextLines, symbols: readonly DocumentSymbol[]): void {
  const pending = [...symbols];
  while (pending.length > 0) {
    const symbol = pending.pop()!;
    checkRange(lines, symbol.range, `symbol ${symbol.name}`);
    checkRange(lines, symbol.selectionRange, `selection range of symbol ${symbol.name}`);
    // VS Code refuses the whole outline when a selectionRange sticks out of its range.
    if (!contains(symbol.range, symbol.selectionRange)) violation(`symbol ${symbol.name}: selectionRange ${show(symbol.selectionRange)} outside range ${show(symbol.range)}`);
    for (const child of symbol.children ?? []) {
      if (!contains(symbol.range, child.range)) violation(`symbol ${child.name} sticks out of its parent ${symbol.name}`);
      pending.push(child);
    }
  }
}

function checkCompletionItem(lines: TextLines, item: CompletionItem): void {
  const edit = item.textEdit;
  if (edit) {
    if ('range' in edit) checkRange(lines, edit.range, `completion ${item.label}`);
    else {
      checkRange(lines, edit.insert, `completion ${item.label} insert`);
      checkRange(lines, edit.replace, `completion ${item.label} replace`);
    }
  }
  for (const extra of item.additionalTextEdits ?? []) checkRange(lines, extra.range, `additional edit of completion ${item.label}`);
}

function checkActions(lines: TextLines, uri: string, actions: readonly CodeAction[]): void {
  for (const action of actions) {
    if (!action.title) violation('a code action without a title');
    const edits = action.edit?.changes?.[uri];
    if (edits) checkEdits(lines, edits, `code action "${action.title}"`);
    for (const change of action.edit?.documentChanges ?? []) {
      if ('textDocument' in change && change.textDocument.uri === uri) {
        checkEdits(lines, change.edits.filter((edit): edit is TextEdit => 'range' in edit), `code action "${action.title}"`);
      }
    }
    for (const diagnostic of action.diagnostics ?? []) checkRange(lines, diagnostic.range, `diagnostic of code action "${action.title}"`);
  }
}

/** Positions for the services: the given offsets, clamped into the document. */
export function positionsFor(text: string, lines: TextLines, offsets: readonly number[]): Position[] {
  return offsets.map((offset) => {
    let at = offset % (text.length + 1);
    // Between the \r and \n of a CRLF is no editor position.
    if (at > 0 && text.charCodeAt(at) === 10 && text.charCodeAt(at - 1) === 13) at--;
    return positionOf(lines, at);
  });
}

/**
 * Runs the whole analysis and every service on one input: nothing throws, every range returned
 * lies inside the document, symbols, selection ranges and edits are well formed.
 */
export async function checkAnalysis(service: LanguageService, input: AnalysisInput, options: { validate?: boolean } = {}): Promise<Analysis> {
  const uri = 'file://' + input.path;
  const lines = textLines(input.text);
  const settings = { serverVersion: input.serverVersion, ...(input.pathBase ? { pathBase: input.pathBase } : {}) };
  const source = { uri, path: input.path, text: input.text, version: 1 };
  const analysis = await service.analyze(source, settings);
  for (const diagnostic of analysis.diagnostics) {
    if (diagnostic.code === 'internal-error' || diagnostic.code === 'syntax-internal-error') violation(`internal error: ${diagnostic.message}`);
    checkRange(lines, diagnostic.range, `diagnostic ${diagnostic.code}`);
    for (const related of diagnostic.related ?? []) {
      if (related.uri === undefined || related.uri === uri) checkRange(lines, related.range, `related information of ${diagnostic.code}`);
    }
  }
  if (options.validate) {
    const diagnostics = await service.validate(source, settings);
    const internal = diagnostics.find((d) => d.code === 'internal-error');
    if (internal) violation(`validate: ${internal.message}`);
    if (diagnostics.length !== analysis.diagnostics.length) violation(`validate gives ${diagnostics.length} diagnostics, analyze ${analysis.diagnostics.length}`);
  }

  const positions = positionsFor(input.text, lines, input.offsets);
  for (const position of positions) {
    const hover = await service.hover(analysis, position);
    if (hover?.range) checkRange(lines, hover.range, 'hover');
    const list = await service.complete(analysis, position);
    for (const item of list.items) checkCompletionItem(lines, item);
    for (const location of await service.definition(analysis, position)) {
      if (location.uri === uri) checkRange(lines, location.range, 'definition');
    }
  }

  checkSymbols(lines, service.documentSymbols(analysis));
  for (const fold of service.foldingRanges(analysis)) {
    if (!(Number.isInteger(fold.startLine) && fold.startLine >= 0 && fold.startLine <= fold.endLine && fold.endLine < lines.lengths.length)) {
      violation(`folding range ${show(fold)} outside the document's ${lines.lengths.length} lines`);
    }
  }
  const selections: SelectionRange[] = service.selectionRanges(analysis, positions);
  if (selections.length !== positions.length) violation(`${selections.length} selection ranges for ${positions.length} positions`);
  selections.forEach((selection, i) => {
    let current: SelectionRange | undefined = selection;
    if (!contains(current.range, { start: positions[i], end: positions[i] })) violation(`selection range ${show(current.range)} does not hold its position ${show(positions[i])}`);
    while (current) {
      checkRange(lines, current.range, 'selection range');
      // VS Code drops selection ranges whose parent does not contain them.
      if (current.parent && !contains(current.parent.range, current.range)) violation(`selection range ${show(current.range)} is not inside its parent ${show(current.parent.range)}`);
      current = current.parent;
    }
  });
  for (const link of await service.documentLinks(analysis)) checkRange(lines, link.range, 'document link');

  // Quick fixes for each diagnostic (as a client sends them), and "Fix all".
  const lspDiagnostics = analysis.diagnostics.map((d) => ({
    range: d.range, severity: ({ error: 1, warning: 2, information: 3, hint: 4 } as const)[d.severity], code: d.code, source: d.source,
    message: d.message, ...(d.data !== undefined ? { data: d.data } : {}),
  }));
  for (const diagnostic of lspDiagnostics.slice(0, 4)) {
    checkActions(lines, uri, await service.codeActions(analysis, { range: diagnostic.range, diagnostics: [diagnostic] }));
  }
  const everything = { start: { line: 0, character: 0 }, end: positionOf(lines, input.text.length) };
  checkActions(lines, uri, await service.codeActions(analysis, { range: everything, diagnostics: lspDiagnostics, only: ['source.fixAll'] }));
  return analysis;
}
