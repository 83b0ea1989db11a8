/**
 * Reads what `nats-server -t -c FILE` printed and turns it into findings with editor ranges.
 * Output forms (checked against nats-server 2.9.10, reference §1.14 and §1.16):
 *   nats-server: configuration file X is valid[ (sha256:...)]
 *   nats-server: <file>:<line>:<col>: <msg>      (then one such line per problem)
 *   nats-server: Parse error on line N: '<msg>'
 *   nats-server: error parsing include file 'A', [error parsing include file 'B', ...]<inner>
 *   nats-server: open <file>: no such file or directory
 *   <file>: config has no values or is empty     (a warning, ≥ 2.9.22)
 */
import path from 'node:path';
import { byteOffsetOfNatsColumn, lineRange, splitLines, tokenRangeAt, utf16OffsetOfByte, type TextRange } from './positions';

export const NatsServerCode = {
  /** An option nats-server refuses, reported at a file, line and column. */
  Error: 'nats-server-error',
  /** `invalid use of field`: fails `nats-server -t`, but the server still starts. */
  Warning: 'nats-server-warning',
  /** The config language's lexer or parser stopped: only a line is known. */
  ParseError: 'nats-server-parse-error',
  /** An included file could not be opened. */
  IncludeError: 'nats-server-include-error',
  /** nats-server refused the file in a way that names no position (a crash, an unknown message). */
  Refused: 'nats-server-refused',
} as const;
export type NatsServerCode = (typeof NatsServerCode)[keyof typeof NatsServerCode];

export interface NatsServerFinding {
  /** Absolute path of the file the finding is in. */
  file: string;
  /** 0-based, UTF-16 columns as an editor counts them. */
  range: TextRange;
  severity: 'error' | 'warning';
  message: string;
  code: string;
}

/** A finding as printed, before positions are mapped onto file text. */
export interface RawFinding {
  file: string;
  /** 1-based, as printed; undefined when nats-server gives no line. */
  line?: number;
  /** nats-server's column (byte based, §1.14); undefined when not printed. */
  column?: number;
  message: string;
  code: NatsServerCode;
  /** For an include that cannot be opened: the include path as written, to find its statement. */
  includeTarget?: string;
  /** For a variable that cannot be resolved: its name, to find `$name` on the line. */
  variable?: string;
}

export type OutputKind = 'valid' | 'findings' | 'main-file-missing' | 'unrecognised';

export interface ParsedOutput {
  kind: OutputKind;
  findings: RawFinding[];
  /** The first meaningful line, without the `nats-server: ` prefix. */
  firstLine: string;
}

const PREFIX = 'nats-server: ';
const POSITIONAL = /^(.+?):(\d+):(\d+): (.*)$/;
const EMPTY_CONFIG = /^(.+?): (config has no values or is empty)$/;
const PARSE_ERROR = /^Parse error on line (\d+): '([\s\S]*)'$/;
const INCLUDE_CHAIN = /^error parsing include file '([^']*)', ([\s\S]*)$/;
const VARIABLE_ERROR = /^variable reference for '(.*)' on line (\d+) (?:can not be found|could not be parsed: [\s\S]*)$/;
const INVALID_AT = /^config is invalid \((.+):(\d+):(\d+)\)$/;
const OPEN_FAILED = /^open (.+): (no such file or directory|permission denied|is a directory)$/;

/** Makes the message printable: nats-server prints the EOF character as a literal NUL byte. */
function cleanMessage(message: string): string {
  return message.replace(/\u0000/g, 'EOF').trim();
}

/**
 * Splits the output into findings. Paths are resolved the way nats-server resolves them:
 * the main file and positional file names against `cwd`, each include against the folder of
 * the file that includes it.
 */
export function parseNatsServerOutput(output: string, mainFile: string, cwd: string): ParsedOutput {
  const mainPath = path.resolve(cwd, mainFile);
  const lines = output.split(/\r?\n/).map((line) => (line.startsWith(PREFIX) ? line.slice(PREFIX.length) : line)).filter((line) => line.trim() !== '');
  const firstLine = lines[0] ?? '';
  const findings: RawFinding[] = [];
  let kind: OutputKind = 'unrecognised';

  for (const line of lines) {
    if (/^configuration file .* is valid( \(sha256:[0-9a-f]+\))?$/.test(line)) {
      kind = 'valid';
      continue;
    }
    const positional = POSITIONAL.exec(line);
    if (positional) {
      const message = cleanMessage(positional[4]);
      findings.push({
        file: path.resolve(cwd, positional[1]),
        line: Number(positional[2]),
        column: Number(positional[3]),
        message,
        code: message.startsWith('invalid use of field') ? NatsServerCode.Warning : NatsServerCode.Error,
      });
      continue;
    }
    const empty = EMPTY_CONFIG.exec(line);
    if (empty) {
      findings.push({ file: path.resolve(cwd, empty[1]), message: empty[2], code: NatsServerCode.Warning });
      continue;
    }
    const chained = parseIncludeChain(line, mainPath, cwd);
    if (chained) {
      findings.push(chained);
      continue;
    }
    const opened = OPEN_FAILED.exec(line);
    if (opened && path.resolve(cwd, opened[1]) === mainPath) {
      kind = 'main-file-missing';
    }
  }
  if (findings.length > 0) kind = 'findings';
  return { kind, findings, firstLine };
}

/**
 * A one-line refusal, possibly wrapped in `error parsing include file 'A', ...` for each include
 * level: `Parse error on line N: '...'`, `variable reference for 'X' on line N ...`,
 * `config is invalid (file:line:col)` (≥ 2.9.22), or an include that cannot be opened.
 */
function parseIncludeChain(line: string, mainPath: string, cwd: string): RawFinding | undefined {
  let currentFile = mainPath;
  let rest = line;
  let includeTarget: string | undefined;
  let includingFile = mainPath;
  for (let match = INCLUDE_CHAIN.exec(rest); match; match = INCLUDE_CHAIN.exec(rest)) {
    includingFile = currentFile;
    includeTarget = match[1];
    currentFile = path.resolve(path.dirname(currentFile), match[1]);
    rest = match[2];
  }
  const parseError = PARSE_ERROR.exec(rest);
  if (parseError) {
    return { file: currentFile, line: Number(parseError[1]), message: cleanMessage(`Parse error on line ${parseError[1]}: '${parseError[2]}'`), code: NatsServerCode.ParseError };
  }
  const variable = VARIABLE_ERROR.exec(rest);
  if (variable) {
    return { file: currentFile, line: Number(variable[2]), message: cleanMessage(rest), code: NatsServerCode.Error, variable: variable[1] };
  }
  const dangling = INVALID_AT.exec(rest);
  if (dangling) {
    return { file: path.resolve(cwd, dangling[1]), line: Number(dangling[2]), column: Number(dangling[3]), message: cleanMessage(rest), code: NatsServerCode.Error };
  }
  if (includeTarget !== undefined) {
    // The included file itself could not be read: point at its include statement.
    return { file: includingFile, message: cleanMessage(`error parsing include file '${includeTarget}', ${rest}`), code: NatsServerCode.IncludeError, includeTarget };
  }
  return undefined;
}

/** Maps raw findings onto ranges, reading each file's text once (bytes → UTF-16 columns). */
export async function mapFindings(raw: readonly RawFinding[], readText: (file: string) => Promise<string | undefined>): Promise<NatsServerFinding[]> {
  const texts = new Map<string, Promise<string | undefined>>();
  const linesOf = async (file: string): Promise<string[]> => {
    let text = texts.get(file);
    if (!text) {
      text = readText(file).catch(() => undefined);
      texts.set(file, text);
    }
    return splitLines((await text) ?? '');
  };
  const mapped: NatsServerFinding[] = [];
  for (const finding of raw) {
    const lines = await linesOf(finding.file);
    mapped.push({
      file: finding.file,
      range: rangeOf(finding, lines),
      severity: finding.code === NatsServerCode.Warning ? 'warning' : 'error',
      message: finding.message,
      code: finding.code,
    });
  }
  return mapped;
}

function rangeOf(finding: RawFinding, lines: readonly string[]): TextRange {
  if (finding.includeTarget !== undefined) return includeStatementRange(lines, finding.includeTarget);
  if (finding.line === undefined) return lineRange(lines, 0);
  const line = finding.line - 1;
  if (finding.variable !== undefined && line < lines.length) {
    const at = lines[line].indexOf(`$${finding.variable}`);
    if (at !== -1) return { start: { line, character: at }, end: { line, character: at + 1 + finding.variable.length } };
  }
  if (finding.column === undefined || line >= lines.length) return lineRange(lines, Math.min(line, lastNonEmptyLine(lines)));
  const byteOffset = byteOffsetOfNatsColumn(finding.line, finding.column);
  return tokenRangeAt(lines, line, utf16OffsetOfByte(lines[line], byteOffset));
}

/** A parse error past the end of the text (an unclosed block) is shown on the last line with content. */
function lastNonEmptyLine(lines: readonly string[]): number {
  for (let index = lines.length - 1; index >= 0; index--) if (lines[index].trim() !== '') return index;
  return 0;
}

function includeStatementRange(lines: readonly string[], target: string): TextRange {
  for (let index = 0; index < lines.length; index++) {
    const at = lines[index].indexOf(target);
    if (at !== -1 && /^\s*include\b/.test(lines[index])) {
      return { start: { line: index, character: at }, end: { line: index, character: at + target.length } };
    }
  }
  return lineRange(lines, 0);
}
