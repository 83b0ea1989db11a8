/** Position helpers that turn nats-server's byte-based positions into editor (UTF-16) ranges. */

export interface TextPosition { line: number; character: number }
export interface TextRange { start: TextPosition; end: TextPosition }

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * The UTF-16 offset in `lineText` of byte offset `byteOffset` of its UTF-8 encoding.
 * A byte offset inside a multi-byte character maps to that character's start.
 */
export function utf16OffsetOfByte(lineText: string, byteOffset: number): number {
  let bytes = 0;
  let index = 0;
  while (index < lineText.length) {
    const codePoint = lineText.codePointAt(index)!;
    const width = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    if (bytes + width > byteOffset) return index;
    bytes += width;
    index += codePoint > 0xffff ? 2 : 1;
  }
  return lineText.length;
}

/**
 * nats-server measures a column from the `\n` ending the previous line, so it is 0-based on
 * line 1 and 1-based on every later line (reference §1.14). Returns the 0-based byte offset.
 */
export function byteOffsetOfNatsColumn(oneBasedLine: number, natsColumn: number): number {
  return Math.max(0, oneBasedLine === 1 ? natsColumn : natsColumn - 1);
}

const TOKEN_STOP = /[\s:=,;{}[\]#]/;

/** The range of the key or word starting at `character`, or of the trimmed line when nothing is there. */
export function tokenRangeAt(lines: readonly string[], line: number, character: number): TextRange {
  if (line >= lines.length) return lineRange(lines, lines.length - 1);
  const text = lines[line];
  let start = Math.min(character, text.length);
  // nats-server reports a quoted key at its first character, after the opening quote.
  if (start > 0 && (text[start - 1] === '"' || text[start - 1] === "'")) start--;
  const quote = text[start];
  let end = start;
  if (quote === '"' || quote === "'") {
    const closing = text.indexOf(quote, start + 1);
    end = closing === -1 ? text.length : closing + 1;
  } else {
    while (end < text.length && !TOKEN_STOP.test(text[end])) end++;
  }
  if (end === start) return lineRange(lines, line);
  return { start: { line, character: start }, end: { line, character: end } };
}

/** The whole line without its leading and trailing blanks (an empty line gives an empty range at 0). */
export function lineRange(lines: readonly string[], line: number): TextRange {
  const safeLine = Math.max(0, Math.min(line, lines.length - 1));
  const text = lines[safeLine] ?? '';
  const first = text.length - text.trimStart().length;
  const last = text.trimEnd().length;
  if (last <= first) return { start: { line: safeLine, character: 0 }, end: { line: safeLine, character: text.length } };
  return { start: { line: safeLine, character: first }, end: { line: safeLine, character: last } };
}
