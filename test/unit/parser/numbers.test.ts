import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts, arrayOf, assertSpan, claimInteger, firstValue, integerOf, kv, mapOf, plain, rejects, rejectsDate,
  stringOf, SyntaxCode, warns, pos,
} from './helpers';
import type { DateTimeValue, FloatValue } from '../../../server/src/parser/ast';

/** Go's int64 arithmetic, as a JS number. */
function int64(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

function integerValue(token: string, digits: string, suffix: string, multiplier: bigint): void {
  const text = `x: ${token}\n`;
  const expected = BigInt.asIntN(64, BigInt(digits) * multiplier);
  claimInteger(text, token, expected);
  const doc = accepts(text);
  const v = integerOf(firstValue(doc), token);
  assert.deepEqual(
    { value: v.value, digits: v.digits, suffix: v.suffix, multiplier: v.multiplier, dropped: v.dropped ?? false },
    { value: Number(expected), digits, suffix, multiplier: Number(multiplier), dropped: false },
    token,
  );
  assertSpan(text, v, [3, 3 + token.length], token);
}

function unquotedString(token: string, expected = token): void {
  const text = `x: ${token}\n`;
  const doc = accepts(text);
  const s = stringOf(firstValue(doc), token);
  assert.equal(s.value, expected, token);
  assert.equal(s.style, 'unquoted', token);
  assertSpan(text, s, [3, 3 + token.length], token);
}

describe('integers', () => {
  test('plain, with leading zeros, negative, zero', () => {
    integerValue('4222', '4222', '', 1n);
    integerValue('0012', '0012', '', 1n);
    integerValue('0', '0', '', 1n);
    integerValue('-42', '-42', '', 1n);
    integerValue('-0', '-0', '', 1n);
  });

  test('the int64 limits', () => {
    integerValue('9223372036854775807', '9223372036854775807', '', 1n);
    integerValue('-9223372036854775808', '-9223372036854775808', '', 1n);
  });

  test('out of int64 range (a parser error nats-server prints without a line)', () => {
    rejects('x: 9223372036854775808\n', SyntaxCode.integerOutOfRange, 1, { at: 3 });
    rejects('\nx: -9223372036854775809\n', SyntaxCode.integerOutOfRange, 2, { at: 4 });
    rejects('x: 99999999999999999999999k\n', SyntaxCode.integerOutOfRange, 1, { at: 3 });
  });

  test('things that look like numbers but are strings', () => {
    for (const token of ['+5', '1_000', '0x10', '5s', '500ms', '2s', '1h', '3secret', '123abc', '1kx', '1ks', '1kbs', '-1ks', '1b', '1i', '5ms']) {
      unquotedString(token);
    }
  });

  test('the first character after the digits is taken literally into the string', () => {
    // A positive integer followed by anything but a terminator becomes an unquoted string, and
    // that first character is kept as is (even `]`, `'` or a backslash).
    unquotedString('1]', '1]');
    unquotedString('12]ab', '12]ab');
    unquotedString("5'x", "5'x");
    unquotedString('5\\x41', '5\\x41');
    rejects('port: 1]]\n', SyntaxCode.expectedValueEnd, 1, { at: 8 });
  });

  test('a number followed by a non-space NO-BREAK SPACE is a string', () => {
    const text = 'x: 4222\u00a0\n';
    const doc = accepts(text);
    assert.equal(stringOf(firstValue(doc)).value, '4222\u00a0');
  });

  test('negative numbers do not turn into strings', () => {
    rejects('x: -5x\n', SyntaxCode.expectedValueEnd, 1, { at: 5 });
    rejects('x: -5s\n', SyntaxCode.expectedValueEnd, 1, { at: 5 });
  });

  test('a - must be followed by a digit', () => {
    rejects('x: -x\n', SyntaxCode.expectedDigit, 1);
    rejects('x: - 5\n', SyntaxCode.expectedDigit, 1);
    rejects('x: -\n', SyntaxCode.expectedDigit, 2);
  });
});

describe('size suffixes', () => {
  const table: Array<[string, bigint]> = [
    ['k', 10n ** 3n], ['kb', 1n << 10n], ['ki', 1n << 10n], ['kib', 1n << 10n],
    ['m', 10n ** 6n], ['mb', 1n << 20n], ['mi', 1n << 20n], ['mib', 1n << 20n],
    ['g', 10n ** 9n], ['gb', 1n << 30n], ['gi', 1n << 30n], ['gib', 1n << 30n],
    ['t', 10n ** 12n], ['tb', 1n << 40n], ['ti', 1n << 40n], ['tib', 1n << 40n],
    ['p', 10n ** 15n], ['pb', 1n << 50n], ['pi', 1n << 50n], ['pib', 1n << 50n],
    ['e', 10n ** 18n], ['eb', 1n << 60n], ['ei', 1n << 60n], ['eib', 1n << 60n],
  ];

  for (const [suffix, multiplier] of table) {
    test(`suffix ${suffix} multiplies by ${multiplier}, in any case`, () => {
      const upper = suffix.toUpperCase();
      const mixed = suffix[0].toUpperCase() + suffix.slice(1);
      for (const s of new Set([suffix, upper, mixed])) {
        integerValue(`1${s}`, '1', s, multiplier);
        integerValue(`-3${s}`, '-3', s, multiplier);
      }
    });
  }

  test('the remembered examples', () => {
    integerValue('1K', '1', 'K', 1000n);
    integerValue('1KiB', '1', 'KiB', 1024n);
    integerValue('-1KB', '-1', 'KB', 1024n);
    integerValue('2MI', '2', 'MI', 1n << 20n);
    integerValue('1gib', '1', 'gib', 1n << 30n);
    integerValue('0012k', '0012', 'k', 1000n);
  });

  test('multiplication wraps around like Go int64', () => {
    integerValue('10e', '10', 'e', 10n ** 18n);
    const v = integerOf(firstValue(accepts('x: 10e\n')));
    assert.equal(v.value, int64(10n * 10n ** 18n));
    assert.equal(v.value, -8446744073709551616);
    integerValue('8eb', '8', 'eb', 1n << 60n);
    assert.equal(integerOf(firstValue(accepts('x: 8eb\n'))).value, -9223372036854775808);
    integerValue('-8eb', '-8', 'eb', 1n << 60n);
  });

  test('a digit after the suffix ends the number', () => {
    const doc = rejects('x: 1K8\n', SyntaxCode.expectedValueEnd, 1, { at: 5 });
    const v = integerOf(firstValue(doc));
    assert.equal(v.value, 1000);
    assert.equal(v.suffix, 'K');
    rejects('x: 1e999\n', SyntaxCode.expectedValueEnd, 1, { at: 5 });
  });

  test('unknown suffix combinations are accepted and silently dropped (a warning)', () => {
    for (const token of ['1kbb', '1kbi', '1kii', '1KBB', '1kbib']) {
      const text = `port: ${token}\n`;
      const doc = warns(text, [SyntaxCode.droppedValue]);
      const v = integerOf(firstValue(doc, 'port'), token);
      assert.equal(v.dropped, true, token);
      assert.equal(v.digits, '1');
      assert.equal(v.suffix, token.slice(1));
      assertSpan(text, v, [6, 6 + token.length], token);
      const w = doc.errors[0];
      assert.equal(w.natsLine, 1);
      assert.deepEqual(pos(w.range.start), { line: 0, character: 6 });
    }
    const doc = warns('a: 1\nb { c: -2kbb }\n', [SyntaxCode.droppedValue]);
    assert.equal(doc.errors[0].natsLine, 2);
  });

  test('a suffixed number is an integer before } and ;, but a string before ]', () => {
    // `tls { cipher_suites: [ 1k] }` reports `unrecognized cipher 1k`, while `[ 1k ]` holds an int64.
    let doc = accepts('x: [ 1k]\n');
    assert.deepEqual(plain(firstValue(doc)), { array: ['1k'] });
    doc = accepts('x: [ 1k ]\n');
    assert.deepEqual(plain(firstValue(doc)), { array: [{ integer: 1000 }] });
    rejects('x: 1k]\n', SyntaxCode.expectedValueEnd, 1, { at: 5 });
    doc = accepts('a { x: 1k}\n');
    assert.deepEqual(plain(firstValue(doc, 'a')), { map: [['x', { integer: 1000 }]] });
    doc = accepts('x: 1k}\n');
    assert.equal(integerOf(firstValue(doc)).value, 1000);
    doc = accepts('port: 1k;\n');
    assert.equal(integerOf(firstValue(doc, 'port')).value, 1000);
  });
});

describe('floats', () => {
  function floatValue(token: string, expected: number): void {
    const text = `x: ${token}\n`;
    const doc = accepts(text);
    const v = firstValue(doc) as FloatValue;
    assert.equal(v.kind, 'float', token);
    assert.equal(v.value, expected, token);
    assertSpan(text, v, [3, 3 + token.length], token);
  }

  test('digits . digits', () => {
    floatValue('1.5', 1.5);
    floatValue('0.25', 0.25);
    floatValue('-1.5', -1.5);
    floatValue('00.5', 0.5);
    floatValue('3.14159', 3.14159);
  });

  test('a float before ] or }', () => {
    let doc = accepts('x: [ 1.5]\n');
    assert.deepEqual(plain(firstValue(doc)), { array: [{ float: 1.5 }] });
    doc = accepts('a { x: 1.5}\n');
    assert.deepEqual(plain(firstValue(doc, 'a')), { map: [['x', { float: 1.5 }]] });
  });

  test('a missing digit after the dot', () => {
    rejects('x: 1.x\n', SyntaxCode.floatMissingDigit, 1, { covers: 5 });
    rejects('x: 1.\n', SyntaxCode.floatMissingDigit, 2);
    rejects('x: 1. \n', SyntaxCode.floatMissingDigit, 1, { covers: 5 });
  });

  test('a leading dot', () => {
    rejects('x: .5\n', SyntaxCode.floatLeadingDot, 1, { at: 3 });
    rejects('x: -.5\n', SyntaxCode.floatLeadingDot, 1);
    rejects('a: 1\nx: .5\n', SyntaxCode.floatLeadingDot, 2);
  });

  test('a letter after the digits: the next state complains', () => {
    rejects('x: 1.5s\n', SyntaxCode.expectedValueEnd, 1, { at: 6 });
    rejects('x: 1.5e3\n', SyntaxCode.expectedValueEnd, 1, { at: 6 });
    rejects('a { x: 1.5s }\n', SyntaxCode.mapValueEnd, 1, { at: 10 });
  });

  test('out of float64 range', () => {
    rejects(`x: 1${'0'.repeat(400)}.0\n`, SyntaxCode.floatOutOfRange, 1, { at: 3 });
  });
});

describe('IP-like values', () => {
  test('two dots make an unquoted string', () => {
    unquotedString('127.0.0.1:4222');
    unquotedString('10.0.0.1');
    unquotedString('1.2.3-4:5');
    unquotedString('1.2.3');
  });

  test('before ] it ends the element', () => {
    const doc = accepts('x: [ 1.2.3]\n');
    assert.deepEqual(plain(firstValue(doc)), { array: ['1.2.3'] });
  });

  test('any other character after it is an error', () => {
    rejects('x: 1.2.3a\n', SyntaxCode.expectedValueEnd, 1, { at: 8 });
  });
});

describe('datetimes', () => {
  test('YYYY-MM-DDTHH:MM:SSZ', () => {
    for (const token of ['2016-01-02T03:04:05Z', '2016-02-29T00:00:00Z']) {
      const text = `x: ${token}\n`;
      const doc = accepts(text);
      const v = firstValue(doc) as DateTimeValue;
      assert.equal(v.kind, 'datetime');
      assert.equal(v.value, token);
      assertSpan(text, v, [3, 3 + token.length], token);
    }
    const doc = accepts('x: [ 2016-01-02T03:04:05Z]\n');
    assert.deepEqual(plain(firstValue(doc)), { array: [{ datetime: '2016-01-02T03:04:05Z' }] });
  });

  test('lexer errors', () => {
    rejects('x: 2016-01-0xT03:04:05Z\n', SyntaxCode.invalidDateTime, 1);
    rejects('x: 2016-01-02 03:04:05Z\n', SyntaxCode.invalidDateTime, 1);
    rejects('x: 2016-01-02T03:04:05\n', SyntaxCode.invalidDateTime, 2);
    rejects('x: 12-34\n', SyntaxCode.invalidDateTime, 1);
    rejects('a: 1\nx: 2016-1-02T03:04:05Z\n', SyntaxCode.invalidDateTime, 2);
  });

  test('calendar-invalid dates are rejected by the parser', () => {
    rejectsDate('x: 2016-13-45T10:00:00Z\n', 1, { at: 3 });
    rejectsDate('x: 2016-02-30T00:00:00Z\n', 1, { at: 3 });
    rejectsDate('x: 2015-02-29T00:00:00Z\n', 1, { at: 3 });
    rejectsDate('\n\nx: 2016-01-01T24:00:00Z\n', 3, { at: 5 });
  });

  test('text glued after the Z', () => {
    rejects('x: 2016-01-02T03:04:05Zabc\n', SyntaxCode.expectedValueEnd, 1, { at: 23 });
  });
});

describe('the integer-before-] quirk', () => {
  test('[1] never closes: 1] is a string', () => {
    // With a trailing newline the array value-end state meets EOF on line 2.
    let doc = rejects('x: [1]\n', SyntaxCode.arrayValueEnd, 2);
    const arr = arrayOf(firstValue(doc));
    assert.equal(arr.closed, false);
    assert.equal(stringOf(arr.elements[0]).value, '1]');
    rejects('x: [1]', SyntaxCode.arrayValueEnd, 1);
    rejects('x: [1,2]\n', SyntaxCode.arrayValueEnd, 2);
    // The next line's key is taken as the next element, and its value is the stray character.
    rejects('x: [1]\ny: 2\n', SyntaxCode.arrayValueEnd, 2, { at: 10 });
    doc = rejects('a { x: [1] }\n', SyntaxCode.arrayValueEnd, 1, { at: 11 });
    assert.equal(kv(mapOf(firstValue(doc, 'a')).entries[0]).key.name, 'x');
  });

  test('[ 1 ], [1 ], [ -1] and [ 1k] close normally', () => {
    for (const text of ['x: [ 1 ]\n', 'x: [1 ]\n', 'x: [1, 2 ]\n']) {
      const doc = accepts(text);
      const arr = arrayOf(firstValue(doc));
      assert.equal(arr.closed, true);
      assert.equal(integerOf(arr.elements[0]).value, 1);
    }
    assert.deepEqual(plain(firstValue(accepts('x: [ -1]\n'))), { array: [{ integer: -1 }] });
    assert.deepEqual(plain(firstValue(accepts('x: [ 1k]\n'))), { array: ['1k'] });
  });
});
