/**
 * The syntax tree of a NATS server configuration file.
 *
 * Conventions every layer relies on:
 * - `start`/`end` are UTF-16 offsets into the parsed text (end exclusive); `range` is the same
 *   span as an LSP range (0-based line, UTF-16 character). Lines break where editors break them
 *   (`\r\n`, `\n` and a lone `\r`), so ranges match the editor; `SyntaxProblem.natsLine` counts
 *   `\n` only, as nats-server does.
 * - `range` is computed from the offsets when it is read (a getter): cheap, but not free, so
 *   hot loops compare offsets instead.
 * - A value carries what nats-server would see: escapes applied, size suffixes multiplied,
 *   booleans decoded. Variables are left as references here; analysis resolves them.
 * - The parser never throws; problems are collected in `Document.errors`.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

interface NodeBase {
  start: number;
  end: number;
  range: Range;
}

export type StringStyle = 'double' | 'single' | 'unquoted' | 'raw';

export interface StringValue extends NodeBase {
  kind: 'string';
  value: string;
  style: StringStyle;
}

export interface IntegerValue extends NodeBase {
  kind: 'integer';
  /** The int64 value nats-server computes (suffix applied, overflow wrapped like Go). */
  value: number;
  /** The digits as written, with the sign. */
  digits: string;
  /** The size suffix as written (`""`, `k`, `KB`, `mib`, ...). */
  suffix: string;
  /** What the suffix multiplies by; 1 without a suffix. */
  multiplier: number;
  /** True when nats-server silently drops the value (an unknown suffix such as `1kbb`). */
  dropped?: boolean;
}

export interface FloatValue extends NodeBase {
  kind: 'float';
  value: number;
}

export interface BooleanValue extends NodeBase {
  kind: 'boolean';
  value: boolean;
}

export interface DateTimeValue extends NodeBase {
  kind: 'datetime';
  /** `YYYY-MM-DDTHH:MM:SSZ` as written. */
  value: string;
}

export interface VariableValue extends NodeBase {
  kind: 'variable';
  /** The name after `$`, case-sensitive. */
  name: string;
}

export interface MapValue extends NodeBase {
  kind: 'map';
  entries: Entry[];
  /** False when the input ended (or an error cut the map) before its closing `}`. */
  closed: boolean;
}

export interface ArrayValue extends NodeBase {
  kind: 'array';
  elements: Value[];
  closed: boolean;
}

export type ScalarValue = StringValue | IntegerValue | FloatValue | BooleanValue | DateTimeValue;
export type Value = ScalarValue | VariableValue | MapValue | ArrayValue;

export interface Key extends NodeBase {
  kind: 'key';
  /** The key as nats-server stores it (quotes removed, nothing else changed, a BOM kept). */
  readonly name: string;
  readonly quote?: '"' | "'";
}

export interface Separator extends NodeBase {
  kind: 'separator';
  text: '=' | ':';
}

export interface KeyValue extends NodeBase {
  kind: 'keyValue';
  /** The key's name, as `key.name`: read it here, since `key` makes a new node on each read. */
  name: string;
  /** Made from the entry on each read, so it is read-only: change the entry's `name`. */
  readonly key: Key;
  separator?: Separator;
  /** Missing when the input ended or an error occurred before a value was read. */
  value?: Value;
}

export interface Include extends NodeBase {
  kind: 'include';
  /** The `include` keyword itself. */
  keyword: NodeBase;
  /** The path as written (quotes removed; may be empty); absent when its quote is never closed. */
  path?: StringValue;
}

export type Entry = KeyValue | Include;

export interface Comment extends NodeBase {
  kind: 'comment';
  style: '#' | '//';
  /** The text after the comment marker. */
  text: string;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedInformation {
  /** Absent: the same document. */
  uri?: string;
  range: Range;
  message: string;
}

/** A problem found while reading the text; `code` is stable and documented. */
export interface SyntaxProblem {
  code: string;
  message: string;
  severity: Severity;
  range: Range;
  /** The 1-based line number nats-server prints for this problem (its lexer's line). */
  natsLine: number;
  related?: RelatedInformation[];
}

export interface Document extends NodeBase {
  kind: 'document';
  entries: Entry[];
  comments: Comment[];
  errors: SyntaxProblem[];
  /** Offsets at which each line starts; `lineStarts[0] === 0`. */
  lineStarts: number[];
  /** True when the text starts with a UTF-8 byte order mark. */
  hasBom: boolean;
  /** Every include directive of the tree, in document order (so finding them needs no walk). */
  includes?: Include[];
}

export type Node = Document | KeyValue | Include | Key | Separator | Value | Comment;
