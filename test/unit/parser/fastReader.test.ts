/**
 * The fast reader (server/src/parser/fastReader.ts) against the state machine: where it takes a
 * text, its tree must be the state machine's, field for field; where the text needs the state
 * machine (errors, escapes, quirks), it must give up. The fuzzer checks the same on a million
 * inputs; these are the constructs by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseWithStateMachine } from '../../../server/src/parser/parser';
import { readOrdinaryConfig } from '../../../server/src/parser/fastReader';
import { treeDifference } from '../../fuzz/properties';

function assertFast(text: string): void {
  const fast = readOrdinaryConfig(text);
  assert.ok(fast, `the fast reader gave up on ${JSON.stringify(text)}`);
  const slow = parseWithStateMachine(text);
  assert.deepEqual(slow.errors, [], `the state machine finds problems in ${JSON.stringify(text)}`);
  assert.equal(treeDifference(fast, slow), undefined, `trees differ for ${JSON.stringify(text)}`);
}

function assertGivesUp(text: string): void {
  assert.equal(readOrdinaryConfig(text), undefined, `the fast reader took ${JSON.stringify(text)}`);
}

const TAKEN: Record<string, string> = {
  'keys and separators': 'a: 1\nb = 2\nc 3\n"quoted key": x\n\'single key\' = y\nwith-dash_and.dot: z\n',
  'strings': 'a: "double"\nb: \'single\'\nc: unquoted/path*\nd: "multi\nline"\ne: "#not a comment"\nf: #hash-text\n',
  'numbers': 'a: 42\nb: -7\nc: 4MB\nd: 1k\ne: 64mib\nf: 1.5\ng: -0.25\nh: 007\ni: 123456789012345678\nj: 10e\n',
  'numbers that are text': 'a: 10s\nb: 2h30m\nc: 127.0.0.1\nd: 0.0.0.0:4222\ne: 1kx\nf: 5x5\ng: [1k]\n',
  'booleans and variables': 'a: true\nb: FALSE\nc: yes\nd: No\ne: on\nf: off\ng: $VAR\nh: $2a$11$abcdefghijklmnopqrstuu\ni: truex\n',
  'maps and arrays': 'a { b: 1, c: [1, 2, 3 ], d { e: "x" } }\nf: [\n  { g: 1 }\n  { h: [ ] }\n]\ni: {}\nj: []\nk: [a, b,]\n',
  'separators between statements': 'a: 1; b: 2, c: 3\nm { x: 1; y: 2, z: 3 }\n',
  'comments': '# top\n// slashes\na: 1 # after\nb { # in map\n  c: 2 // after\n}\nd: [ # in array\n  1 # after element\n]\n',
  'include directives': 'include "a.conf"\ninclude \'b.conf\'\ninclude c.conf\nm {\n  INCLUDE ./d.conf\n}\n',
  'CRLF and lone CR line ends': 'a: 1\r\nb {\r\n  c: 2\r\n}\rd: [1,\r 2 ]\r\n',
  'key then value on the next line': 'a\n  1\nm {\n  b:\n    2\n}\n',
  'non-ASCII inside values and comments': 'a: "héllo ✓"\nb: café\n# ünïcode\n',
  'an empty file and blank lines': '\n\n   \n\t\n',
};

for (const [name, text] of Object.entries(TAKEN)) {
  test(`fast reader takes ${name} and builds the state machine's tree`, () => assertFast(text));
}

test('the fast reader takes an empty text', () => assertFast(''));

test('the fast reader keeps key names and items right in big maps and arrays', () => {
  // More distinct names than its name table first holds, quoted and not; more items than it copies inline.
  const keys = Array.from({ length: 600 }, (_, i) => `key_${i}`);
  const top = keys.map((key, i) => `${key}: ${i}\n"${key}": [${keys.slice(0, i % 9).map((k) => `"${k}"`).join(', ')}]\n`).join('');
  assertFast(`${top}m { ${keys.map((key) => `${key}: x`).join(', ')} }\n`);
});

const GIVEN_UP: Record<string, string> = {
  'an escape in a double-quoted string': 'a: "tab\\there"\n',
  'an escape in an unquoted value': 'a: x\\y\n',
  'a raw block': 'a: (\nraw\n)\n',
  'a datetime': 'a: 2024-01-01T00:00:00Z\n',
  'a BOM': '\ufeffa: 1\n',
  'a NUL byte': 'a: 1\n\0',
  'a dangling key at the end': 'a: 1\nb',
  'a missing value at the top level': 'a:\n1\n',
  'a lone slash': 'a: 1 / b: 2\n',
  'an unclosed map': 'a { b: 1\n',
  'an unclosed string': 'a: "open\n',
  'a leading comma in an array': 'a: [, 1]\n',
  'a key without a value in a map': 'a { b }\n',
  'a single quote ending an unquoted value': "a: it's\n",
  'an unknown size suffix (dropped by nats-server)': 'a: 1kbb\n',
  'an integer out of range': 'a: 99999999999999999999\n',
  'a Unicode digit': 'a: \u0661\n',
  'a vertical tab': 'a:\u000b1\n',
  'a non-breaking space between statements': 'a: 1\u00a0\n',
  'an include without a path': 'include\n',
  // The closing brace of a JSON-style file reads as a key without a value.
  'braces around the whole file': '{\n  "a": 1,\n  "b": { "c": [1, 2 ] }\n}\n',
  'nesting deeper than the fast reader recurses': `${'a { '.repeat(300)}${'} '.repeat(300)}\n`,
};

for (const [name, text] of Object.entries(GIVEN_UP)) {
  test(`fast reader leaves ${name} to the state machine`, () => {
    assertGivesUp(text);
    // parse() still answers, through the state machine.
    const tree = parse(text);
    assert.equal(treeDifference(tree, parseWithStateMachine(text)), undefined);
  });
}
