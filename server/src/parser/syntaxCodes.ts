/**
 * Stable codes of the problems the parser reports. Each lexer/parser message nats-server can
 * print (reference §1.15) maps to one code; the number after each code is the row of that
 * table (P = parser message). Codes never change once released: users configure severities and
 * quick fixes key on them.
 */
export const SyntaxCode = {
  /** 1: input ended inside a statement, string or quoted key. */
  unexpectedEof: 'syntax-unexpected-eof',
  /** 2: two statements on one line without `;`, `,` or newline between them. */
  expectedValueEnd: 'syntax-expected-value-end',
  /** 5, 6: a statement that starts with `=` or `:`. */
  unexpectedSeparator: 'syntax-unexpected-separator',
  /** 7, 8: `include "x` never closed. */
  unterminatedInclude: 'syntax-unterminated-include',
  /** 9-14: `include` followed by an array, map, block, number, escape or nothing. */
  invalidIncludeValue: 'syntax-invalid-include',
  /** 15, 30: `.5`, `-.5`. */
  floatLeadingDot: 'syntax-float-leading-dot',
  /** 35: `1.` */
  floatMissingDigit: 'syntax-float-missing-digit',
  /** 16: `port =` then a newline at the top level, or a value that is only a newline. */
  missingValue: 'syntax-missing-value',
  /** 17: `[ , 1 ]` */
  arrayLeadingComma: 'syntax-array-leading-comma',
  /** 18: array elements not separated by `,` or newline, or the input ends inside an array. */
  arrayValueEnd: 'syntax-array-value-end',
  /** 19: a map key that starts with `]`. */
  arrayEndInMap: 'syntax-array-end-in-map',
  /** 20: input ended inside `{ ... }`. */
  unterminatedMap: 'syntax-unterminated-map',
  /** 21, 22, 23: input ended inside a map key. */
  unterminatedMapKey: 'syntax-unterminated-map-key',
  /** 24: `tls { verify: , }` (a separator followed by `,`). */
  mapLeadingComma: 'syntax-map-leading-comma',
  /** 25: map entries not separated by `,`, `;` or newline, or the input ends after a map value. */
  mapValueEnd: 'syntax-map-value-end',
  /** 26: a raw `( ... )` block whose `)` is never found at the start of a line. */
  unterminatedBlock: 'syntax-unterminated-block',
  /** 27: `\q` and other unknown escapes. */
  invalidEscape: 'syntax-invalid-escape',
  /** 28, 29: `\x` not followed by two hex digits. */
  invalidHexEscape: 'syntax-invalid-hex-escape',
  /** 31: `-` not followed by a digit. */
  expectedDigit: 'syntax-expected-digit',
  /** 32, 33, 34 and P: a datetime not in `YYYY-MM-DDTHH:MM:SSZ` form or not a real date. */
  invalidDateTime: 'syntax-invalid-datetime',
  /** 3, 4: block-level messages of nats-server >= 2.10.16 (nested top-level braces). */
  blockValueEnd: 'syntax-block-value-end',
  /** P: integer outside int64. */
  integerOutOfRange: 'syntax-integer-out-of-range',
  /** P: float outside float64. */
  floatOutOfRange: 'syntax-float-out-of-range',
  /** P (>= 2.9.22): the file ends with a key that has no value. */
  danglingKey: 'syntax-dangling-key',
  /** Warning: a key right before its map's `}`, which nats-server pairs with the map itself. */
  keyWithoutValue: 'syntax-key-without-value',
  /** Warning: a size suffix nats-server accepts but then drops the value for (`1kbb`). */
  droppedValue: 'syntax-dropped-value',
  /** Warning: a NUL byte, after which nats-server reads nothing. */
  nulByte: 'syntax-nul-byte',
} as const;

export type SyntaxCodeValue = (typeof SyntaxCode)[keyof typeof SyntaxCode];
