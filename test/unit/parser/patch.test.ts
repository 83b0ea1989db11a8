/**
 * parser/patch.ts: finding the stretch two texts differ in, and patching a tree in place for an
 * edit inside a quoted string, an unquoted word or an integer, or of blanks between tokens. A patched tree must be indistinguishable from a parse of
 * the new text (every field, every offset, every range); a refused edit must leave the tree
 * exactly as it was.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { alignedStretch, differingStretch, patchArrayElements, patchBlankEdit, patchIntegerEdit, patchKeyEdit, patchMapStatements, patchQuotedStringEdit, patchTreeEdit, patchUnquotedWordEdit, type TextEdit } from '../../../server/src/parser/patch';
import type { Document, Entry, StringValue, Value } from '../../../server/src/parser/ast';
import { arrayOf, at, findKey, kv, mapOf, parse, rangeOf, stringOf, SyntaxCode, treeDump, typedThenDeleted } from './helpers';

// ---------------------------------------------------------------------------------------------
// differingStretch

/** Applies the stretch: the old text outside it, the new text inside it. */
function applyStretch(oldText: string, newText: string, edit: TextEdit): string {
  return oldText.slice(0, edit.start) + newText.slice(edit.start, edit.newEnd) + oldText.slice(edit.oldEnd);
}

/** The stretch is right (it rebuilds the new text) and as short as the common prefix and suffix allow. */
function assertStretch(oldText: string, newText: string, expected?: TextEdit): void {
  const edit = differingStretch(oldText, newText);
  assert.ok(edit, 'different texts must have a differing stretch');
  assert.equal(applyStretch(oldText, newText, edit), newText);
  assert.ok(edit.start <= edit.oldEnd && edit.oldEnd <= oldText.length && edit.start <= edit.newEnd && edit.newEnd <= newText.length);
  assert.equal(edit.oldEnd - edit.newEnd, oldText.length - newText.length);
  // Maximal common prefix: the first characters of the stretches differ (or one is empty).
  if (edit.start < edit.oldEnd && edit.start < edit.newEnd) assert.notEqual(oldText[edit.start], newText[edit.start], 'prefix not maximal');
  // Maximal common suffix (without overlapping the prefix).
  if (edit.oldEnd > edit.start && edit.newEnd > edit.start) assert.notEqual(oldText[edit.oldEnd - 1], newText[edit.newEnd - 1], 'suffix not maximal');
  if (expected) assert.deepEqual(edit, expected);
}

/** `count` characters that repeat with period 7, so chunks of them compare equal. */
function filler(count: number): string {
  let text = '';
  while (text.length < count) text += 'abcdefg';
  return text.slice(0, count);
}

describe('differingStretch', () => {
  test('equal texts have none, also long ones and empty ones', () => {
    assert.equal(differingStretch('', ''), undefined);
    assert.equal(differingStretch('a: 1', 'a: 1'), undefined);
    const long = filler(5000);
    assert.equal(differingStretch(long, long.slice()), undefined);
  });

  test('insertion, deletion and replacement at the start, in the middle and at the end', () => {
    assertStretch('hello', 'Xhello', { start: 0, oldEnd: 0, newEnd: 1 });
    assertStretch('hello', 'ello', { start: 0, oldEnd: 1, newEnd: 0 });
    assertStretch('hello', 'jello', { start: 0, oldEnd: 1, newEnd: 1 });
    assertStretch('hello', 'heXllo', { start: 2, oldEnd: 2, newEnd: 3 });
    assertStretch('hello', 'helo', { start: 3, oldEnd: 4, newEnd: 3 }); // the second of two equal l's
    assertStretch('hello', 'heYYlo', { start: 2, oldEnd: 3, newEnd: 4 });
    assertStretch('hello', 'helloX', { start: 5, oldEnd: 5, newEnd: 6 });
    assertStretch('hello', 'hell', { start: 4, oldEnd: 5, newEnd: 4 });
    assertStretch('hello', 'hellp', { start: 4, oldEnd: 5, newEnd: 5 });
    assertStretch('', 'abc', { start: 0, oldEnd: 0, newEnd: 3 });
    assertStretch('abc', '', { start: 0, oldEnd: 3, newEnd: 0 });
    assertStretch('abc', 'xyz', { start: 0, oldEnd: 3, newEnd: 3 });
  });

  test('a repeated character: the stretch starts after the longest common prefix', () => {
    assertStretch('aaa', 'aaaa', { start: 3, oldEnd: 3, newEnd: 4 });
    assertStretch('aaaa', 'aaa', { start: 3, oldEnd: 4, newEnd: 3 });
    assertStretch('x: "aa"', 'x: "aaa"', { start: 6, oldEnd: 6, newEnd: 7 });
  });

  test('edits on, just before and just after the 1024-character chunk boundaries, from either end', () => {
    const base = filler(4100);
    for (const offset of [1022, 1023, 1024, 1025, 2047, 2048, 2049, 3072, 4100 - 1025, 4100 - 1024, 4100 - 1023]) {
      const inserted = base.slice(0, offset) + 'XY' + base.slice(offset);
      assertStretch(base, inserted, { start: offset, oldEnd: offset, newEnd: offset + 2 });
      const deleted = base.slice(0, offset) + base.slice(offset + 3);
      const deletion = differingStretch(base, deleted)!;
      // A deleted stretch of a periodic text may be found elsewhere; only its length is fixed.
      assertStretch(base, deleted);
      assert.equal(deletion.oldEnd - deletion.start, 3);
      const replaced = base.slice(0, offset) + 'Z' + base.slice(offset + 1);
      assertStretch(base, replaced, { start: offset, oldEnd: offset + 1, newEnd: offset + 1 });
    }
    // Texts shorter than a chunk, exactly a chunk, and differing only in their length.
    assertStretch(filler(1024), filler(1025), { start: 1024, oldEnd: 1024, newEnd: 1025 });
    assertStretch(filler(2048), filler(1024), { start: 1024, oldEnd: 2048, newEnd: 1024 });
    assertStretch(`X${filler(3000)}`, `Y${filler(3000)}`, { start: 0, oldEnd: 1, newEnd: 1 });
    assertStretch(`${filler(3000)}X`, `${filler(3000)}Y`, { start: 3000, oldEnd: 3001, newEnd: 3001 });
  });

  test('random edits of random texts around the chunk size (fixed seed)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 3000 });
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 40 }), (old, from, length, inserted) => {
        const start = from % (old.length + 1);
        const end = Math.min(old.length, start + (length % 50));
        const next = old.slice(0, start) + inserted + old.slice(end);
        if (next === old) assert.equal(differingStretch(old, next), undefined);
        else assertStretch(old, next);
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// patchQuotedStringEdit

/** Every node of a tree with an offset span, keys, include keywords and comments included. */
function spannedNodes(tree: Document): Array<{ start: number; end: number; range: unknown; kind?: string }> {
  const found: Array<{ start: number; end: number; range: unknown; kind?: string }> = [...tree.comments];
  const stack: Array<Entry | Value> = [...tree.entries];
  while (stack.length > 0) {
    const item = stack.pop()!;
    found.push(item);
    if (item.kind === 'keyValue') {
      found.push(item.key);
      if (item.separator) found.push(item.separator);
      if (item.value) stack.push(item.value);
    } else if (item.kind === 'include') {
      found.push(item.keyword);
      if (item.path) found.push(item.path);
    } else if (item.kind === 'map') stack.push(...item.entries);
    else if (item.kind === 'array') stack.push(...item.elements);
  }
  return found;
}

/** Each needle of `newText` is the span of a node of the tree, whose range is where the needle is. */
function assertRangesOf(tree: Document, newText: string, needles: string[]): void {
  const nodes = spannedNodes(tree);
  for (const needle of needles) {
    const start = at(newText, needle);
    const node = nodes.find((candidate) => candidate.start === start && candidate.end === start + needle.length);
    assert.ok(node, `no node spans ${JSON.stringify(needle)} at ${start} in the patched tree`);
    assert.deepEqual(treeDump(node.range), rangeOf(newText, start, start + needle.length), `range of ${JSON.stringify(needle)}`);
  }
}

/**
 * Parses `oldText`, patches it into `newText`, and checks the tree equals a parse of `newText`
 * in every field. Returns the patched tree and the node the patch returned.
 */
function patchAccepted(oldText: string, newText: string): { tree: Document; node: StringValue } {
  const tree = parse(oldText);
  assert.deepEqual(tree.errors, [], 'the old text must parse cleanly');
  const edit = differingStretch(oldText, newText);
  assert.ok(edit);
  const node = patchQuotedStringEdit(tree, oldText, newText, edit);
  assert.ok(node, `the edit ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)} was refused`);
  assert.deepEqual(treeDump(tree), treeDump(parse(newText)), `patched tree of ${JSON.stringify(newText)}`);
  // The node returned is the edited string as it now stands in the new text.
  assert.equal(node.kind, 'string');
  assert.equal(newText.slice(node.start + 1, node.end - 1), node.value);
  assert.ok(node.start < edit.start && edit.newEnd < node.end, 'the returned node holds the edit');
  return { tree, node };
}

/** The edit is refused: undefined, and the tree is exactly as before (values, offsets, lines). */
function patchRefused(oldText: string, newText: string): void {
  const tree = parse(oldText);
  const before = treeDump(tree);
  const lineStarts = tree.lineStarts.slice();
  const edit = differingStretch(oldText, newText);
  assert.ok(edit);
  assert.equal(patchQuotedStringEdit(tree, oldText, newText, edit), undefined, `the edit ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)} was accepted`);
  assert.deepEqual(treeDump(tree), before, 'a refused edit changed the tree');
  assert.deepEqual(tree.lineStarts, lineStarts);
}

/** What follows the edited line in several cases (every needle below occurs once). */
const LATER = 'bee: 2 # a remark\ninclude "other.conf"\ncee: [ 1, "zed", { dee: 3 } ] // last\n';

describe('patchQuotedStringEdit: accepted edits give the tree of the new text', () => {
  test('insertion in a double-quoted value at the top level; later entries, include, comments and lines move', () => {
    const oldText = `a: "hello"\n${LATER}`;
    const newText = `a: "helXYlo"\n${LATER}`;
    const { tree, node } = patchAccepted(oldText, newText);
    assert.equal(node, kv(tree.entries[0]).value);
    assert.equal(node.value, 'helXYlo');
    assert.deepEqual(treeDump(node.range), rangeOf(newText, 3, 12));
    // Same-line neighbours move by the inserted length; nodes on later lines keep their columns.
    assertRangesOf(tree, newText, ['"helXYlo"', 'bee', '2', '# a remark', 'include', '"other.conf"', 'cee', '[ 1, "zed", { dee: 3 } ]', '"zed"', 'dee', '3', '// last']);
    assert.equal(tree.end, newText.length);
    assert.equal(tree.includes?.[0].path?.start, at(newText, '"other.conf"'));
  });

  test('same-line followers move: a comment, a later value and a key on the edited line', () => {
    const oldText = 'a: [ "one", "two", 3 ] # tail\nbee: 1';
    const newText = 'a: [ "one", "twoooo", 3 ] # tail\nbee: 1';
    const { tree, node } = patchAccepted(oldText, newText);
    assert.equal(node, arrayOf(kv(tree.entries[0]).value).elements[1]);
    assertRangesOf(tree, newText, ['"twoooo"', '3', '# tail', '[ "one", "twoooo", 3 ]', 'bee']);
  });

  test('deletion in a single-quoted value', () => {
    const oldText = `a: 'hello world'\n${LATER}`;
    const newText = `a: 'hello'\n${LATER}`;
    const { tree, node } = patchAccepted(oldText, newText);
    assert.equal(node.value, 'hello');
    assert.equal(node.style, 'single');
    assertRangesOf(tree, newText, ["'hello'", 'bee', '# a remark', '"other.conf"', '// last']);
  });

  test('replacement, longer and shorter, in double and single quotes', () => {
    patchAccepted('a: "abc" , b: 1', 'a: "aXYZc" , b: 1');
    patchAccepted("a: 'abcdef', b: 1", "a: 'aZf', b: 1");
    patchAccepted('a: "abc"; b: "xyz"', 'a: "abc"; b: "xQz"');
  });

  test('in a nested map: the enclosing maps end later, their keys do not move', () => {
    const oldText = 'a {\n  b { c: "xyz", d: 1 }\n  e: "q"\n}\nf: 2\n';
    const newText = 'a {\n  b { c: "x-long-y-z", d: 1 }\n  e: "q"\n}\nf: 2\n';
    const { tree, node } = patchAccepted(oldText, newText);
    const b = mapOf(findKey(mapOf(kv(tree.entries[0]).value).entries, 'b')?.value);
    assert.equal(node, findKey(b.entries, 'c')?.value);
    assertRangesOf(tree, newText, ['"x-long-y-z"', 'd', '1', '{ c: "x-long-y-z", d: 1 }', 'e', '"q"', 'f']);
    // The outer map spans from its brace to the new position of its closing brace.
    const outer = mapOf(kv(tree.entries[0]).value);
    assert.equal(outer.end, newText.indexOf('}\nf') + 1);
  });

  test('in an array and in an array of maps', () => {
    patchAccepted('list: [ "a", "b", "c" ]\nx: 1', 'list: [ "a", "bbb", "c" ]\nx: 1');
    const oldText = 'users: [\n  { user: "u", password: "pw" }\n  { user: "v", password: "other" }\n]\nx: 1\n';
    const newText = 'users: [\n  { user: "u", password: "pw-longer" }\n  { user: "v", password: "other" }\n]\nx: 1\n';
    const { tree, node } = patchAccepted(oldText, newText);
    const first = mapOf(arrayOf(kv(tree.entries[0]).value).elements[0]);
    assert.equal(node, findKey(first.entries, 'password')?.value);
    assert.equal(node.value, 'pw-longer');
    assertRangesOf(tree, newText, ['"pw-longer"', '{ user: "u", password: "pw-longer" }', '"v"', '"other"', 'x']);
  });

  test('emptying a string and typing into an empty one', () => {
    const { node } = patchAccepted('a: "x"\nb: 1', 'a: ""\nb: 1');
    assert.equal(node.value, '');
    patchAccepted("a: ''\nb: 1", "a: 'typed'\nb: 1");
    patchAccepted('a: "abc" # c', 'a: "" # c');
  });

  test('at the very start and end of the content (next to each quote)', () => {
    patchAccepted('a: "bc"\nd: 1', 'a: "Xbc"\nd: 1');
    patchAccepted('a: "bc"\nd: 1', 'a: "bcX"\nd: 1');
    patchAccepted('a: "bc"\nd: 1', 'a: "c"\nd: 1');
    patchAccepted('a: "bc"\nd: 1', 'a: "b"\nd: 1');
    // The string ends the text: nothing after it to move.
    patchAccepted('a: "bc"', 'a: "bcde"');
  });

  test('characters with a meaning outside quotes mean nothing inside them', () => {
    patchAccepted('a: "x"\nb: 1', 'a: "x # not a comment // nor this { [ $VAR } ] = : , ;"\nb: 1');
    patchAccepted("a: 'x'\nb: 1", "a: 'x include no.conf '\nb: 1");
  });

  test('a string deep in the text: the chunked comparison and the shift of many later nodes', () => {
    const head = Array.from({ length: 150 }, (_, i) => `k${i}: "value ${i}"`).join('\n');
    const tail = Array.from({ length: 150 }, (_, i) => `m${i} { n: [ ${i}, "s${i}" ] } # c${i}`).join('\n');
    const oldText = `${head}\ntarget: "abc"\n${tail}\n`;
    const newText = `${head}\ntarget: "abc, def, ghi"\n${tail}\n`;
    const { tree } = patchAccepted(oldText, newText);
    assertRangesOf(tree, newText, ['target', '"abc, def, ghi"', 'm0', '"s0"', '# c0', 'm149', '"s149"', '# c149']);
  });

  test('CRLF line ends', () => {
    const oldText = 'a: "abc"\r\nkey: "d" # e\r\nlast: 1\r\n';
    const newText = 'a: "abXc"\r\nkey: "d" # e\r\nlast: 1\r\n';
    const { tree } = patchAccepted(oldText, newText);
    assertRangesOf(tree, newText, ['key', '"d"', '# e', 'last', '1']);
    const third = 'a: "abXc"\r\nkey: "dd" # e\r\nlast: 1\r\n';
    assertRangesOf(patchAccepted(newText, third).tree, third, ['# e', 'last']);
  });

  test('a multi-line string: an edit on its first line, or inside a later line, moves what follows', () => {
    const oldText = 'a: "first\nsecond line\nthird"\nbee: 1 # c\n';
    const edited = 'a: "fiXrst\nsecond line\nthird"\nbee: 1 # c\n';
    assertRangesOf(patchAccepted(oldText, edited).tree, edited, ['bee', '# c']);
    patchAccepted(oldText, 'a: "first\nsecond-line\nthird"\nbee: 1 # c\n');
    patchAccepted(oldText, 'a: "first\nsecond line\nthirdX"\nbee: 1 # c\n');
    // Deleting the first character of a line keeps the line's start.
    patchAccepted(oldText, 'a: "first\necond line\nthird"\nbee: 1 # c\n');
    // Typing at the start of a line inside the string keeps that line's start where it is.
    const typedAtLineStart = 'a: "first\nXsecond line\nthird"\nbee: 1 # c\n';
    const { tree } = patchAccepted(oldText, typedAtLineStart);
    assert.deepEqual(treeDump(tree.entries[0].range), rangeOf(typedAtLineStart, 0, at(typedAtLineStart, '"\nbee') + 1));
    assertRangesOf(tree, typedAtLineStart, ['bee', '# c']);
  });

  test('a multi-line string: an edit right after a carriage return is refused (it could split or join a CRLF)', () => {
    patchRefused('x: "ab\r\ncd"\ny: 1', 'x: "ab\rX\ncd"\ny: 1');
    patchRefused('x: "ab\rX\ncd"\ny: 1', 'x: "ab\r\ncd"\ny: 1');
    patchRefused('x: "ab\rcd"\ny: 1', 'x: "ab\rXcd"\ny: 1');
  });

  test('the same tree patched again and again, as while typing', () => {
    let text = 'a { b: "" }\nc: "x" # d\n';
    const tree = parse(text);
    for (const typed of ['t', 'ty', 'typ', 'type', 'typed', 'type', 'tyXe', 'tyXe rest']) {
      const next = `a { b: "${typed}" }\nc: "x" # d\n`;
      const edit = differingStretch(text, next)!;
      const node = patchQuotedStringEdit(tree, text, next, edit);
      assert.ok(node, `typing ${typed} was refused`);
      assert.equal(node.value, typed);
      assert.deepEqual(treeDump(tree), treeDump(parse(next)), `after typing ${typed}`);
      text = next;
    }
  });
});

describe('patchQuotedStringEdit: refused edits leave the tree untouched', () => {
  test('an edit touching or replacing a quote', () => {
    patchRefused('a: "xy"\nb: 1', 'a: xy"\nb: 1'); // the opening quote deleted
    patchRefused('a: "xy"\nb: 1', 'a: "xyz\nb: 1'); // the closing quote replaced
    patchRefused('a: "xy"\nb: 1', 'a: Q"xy"\nb: 1'); // typed just before the opening quote
    patchRefused('a: "xy"\nb: 1', 'a: "xy"Q\nb: 1'); // typed just after the closing quote
    patchRefused('a: "xy"\nb: 1', "a: 'xy'\nb: 1"); // the quotes changed
  });

  test('an edit in a key, quoted or not', () => {
    patchRefused('abc: "x"\nb: 1', 'abXc: "x"\nb: 1');
    patchRefused('"abc": "x"\nb: 1', '"abXc": "x"\nb: 1');
    patchRefused("'abc': 'x'\nb: 1", "'ac': 'x'\nb: 1");
    patchRefused('m { "abc": "x" }', 'm { "abcd": "x" }');
  });

  test('an edit in an unquoted string, a number or another kind of value', () => {
    patchRefused('a: hello\nb: 1', 'a: helXlo\nb: 1');
    patchRefused('a: 123\nb: 1', 'a: 1243\nb: 1');
    patchRefused('a: true\nb: 1', 'a: trueX\nb: 1');
    patchRefused('a: [ one, two ]', 'a: [ one, twoX ]');
  });

  test('an edit in a string with an escape sequence (its value is not its text)', () => {
    patchRefused('a: "a\\tb"\nb: 1', 'a: "aX\\tb"\nb: 1');
    patchRefused('a: "a\\\\b"\nb: 1', 'a: "a\\\\bX"\nb: 1');
  });

  test('inserting a newline, a quote, a backslash, a tab or a non-ASCII character', () => {
    for (const typed of ['\n', '\r', '"', "'", '\\', '\t', 'é', '\u{1F600}', '\u007f', '\0']) {
      patchRefused('a: "xy"\nb: 1', `a: "x${typed}y"\nb: 1`);
      patchRefused("a: 'xy'\nb: 1", `a: 'x${typed}y'\nb: 1`);
    }
    // Removing one is refused as well: the value may have depended on it.
    patchRefused('a: "x\ty"\nb: 1', 'a: "xy"\nb: 1');
    patchRefused('a: "xéy"\nb: 1', 'a: "xy"\nb: 1');
    patchRefused('a: "x\ny"\nb: 1', 'a: "xy"\nb: 1');
  });

  test('an edit spanning two strings', () => {
    patchRefused('a: "xy"\nb: "zw"', 'a: "xQ"\nb: "Qw"');
    patchRefused('a: ["xy", "zw"]', 'a: ["xQw"]');
  });

  test('an edit in an include path or in a comment', () => {
    patchRefused('include "a.conf"\nb: 1', 'include "ab.conf"\nb: 1');
    patchRefused("m { include 'a.conf' }\nb: 1", "m { include 'a.confX' }\nb: 1");
    patchRefused('# hello\na: "x"', '# helXlo\na: "x"');
    patchRefused('a: "x" // hello\nb: 1', 'a: "x" // heXllo\nb: 1');
  });

  test('a tree with a syntax error or a warning on the edited line, or pointing at it', () => {
    patchRefused('a: "xy" ]\nb: 1\n', 'a: "xQy" ]\nb: 1\n');
    patchRefused('x { a: "xy"\n  b ]\n}\n', 'x { a: "xQy"\n  b ]\n}\n');
    // A key without a value at the end is a warning of 2.9.10 (an error of later releases).
    patchRefused('a: "xy" b', 'a: "xQy" b');
  });

  test('a tree that was not parsed from the old text', () => {
    const tree = parse('a: "xy"\nb: 1');
    const before = treeDump(tree);
    const oldText = 'a: "xy"\nb: 12';
    const newText = 'a: "xQy"\nb: 12';
    assert.equal(patchQuotedStringEdit(tree, oldText, newText, differingStretch(oldText, newText)!), undefined);
    assert.deepEqual(treeDump(tree), before);
  });
});

// ---------------------------------------------------------------------------------------------
// patchBlankEdit

/** The blank edit is patched: the tree then equals a parse of the new text in every field. */
function blankAccepted(oldText: string, newText: string): Document {
  const tree = parse(oldText);
  assert.deepEqual(tree.errors, [], 'the old text must parse cleanly');
  const edit = differingStretch(oldText, newText)!;
  assert.ok(patchBlankEdit(tree, oldText, newText, edit), `the edit ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)} was refused`);
  assert.deepEqual(treeDump(tree), treeDump(parse(newText)), `patched tree of ${JSON.stringify(newText)}`);
  return tree;
}

/** The blank edit is refused, and the tree is exactly as before. */
function blankRefused(oldText: string, newText: string): void {
  const tree = parse(oldText);
  const before = treeDump(tree);
  const edit = differingStretch(oldText, newText)!;
  assert.equal(patchBlankEdit(tree, oldText, newText, edit), false, `the edit ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)} was accepted`);
  assert.deepEqual(treeDump(tree), before, 'a refused edit changed the tree');
}

describe('patchBlankEdit: spaces and tabs between tokens', () => {
  const config = 'a {\n  b: 1\n  c: [ "x", 2 ] # note\n}\nd: "e"\n';

  test('indenting a line and taking the indentation back; later tokens, comments and lines move', () => {
    const indented = 'a {\n    b: 1\n  c: [ "x", 2 ] # note\n}\nd: "e"\n';
    assertRangesOf(blankAccepted(config, indented), indented, ['b', '1', 'c', '"x"', '2', '# note', 'd', '"e"']);
    assertRangesOf(blankAccepted(indented, config), config, ['b', '1', '# note', 'd']);
    // A line with no indentation yet, and a tab instead of spaces.
    blankAccepted('a: 1\nb: 2\n', 'a: 1\n  b: 2\n');
    blankAccepted(config, config.replace('  c:', '\tc:'));
  });

  test('blanks around separators, between elements, before a comment, at a line end and at the end of the text', () => {
    blankAccepted('a: 1\n', 'a : 1\n');
    blankAccepted('a:1\n', 'a: 1\n');
    blankAccepted('a = [ 1, 2 ]\n', 'a = [ 1,   2 ]\n');
    blankAccepted('a: 1 # c\n', 'a: 1    # c\n');
    blankAccepted('a: 1\nb: 2\n', 'a: 1  \nb: 2\n');
    const tree = blankAccepted('a: 1\n', 'a: 1\n\t ');
    assert.equal(tree.end, 'a: 1\n\t '.length);
  });

  test('blanks typed before an empty include path at the end of the text are refused', () => {
    blankRefused('port: 4222\ninclude ', 'port: 4222\ninclude \t');
    blankRefused('port: 4222\ninclude \n', 'port: 4222\ninclude  \n');
  });

  test('edits that reach into a token or would join two are refused', () => {
    blankRefused('abc: 1\n', 'a bc: 1\n');
    blankRefused('a: foo\n', 'a: f oo\n');
    blankRefused('a: 4MB\n', 'a: 4 MB\n');
    blankRefused('a: "x y"\n', 'a: "x  y"\n');
    blankRefused('a 1\n', 'a1\n');
    blankRefused('a: [ 1 2 ]\n', 'a: [ 12 ]\n');
    // nats-server reads `2]` as one word: the blank before `]` must stay.
    blankRefused('a: [ 1, 2 ]\n', 'a: [ 1, 2]\n');
    // A comment runs to the end of its line: blanks after it are part of it.
    blankRefused('a: 1 # c\n', 'a: 1 # c \n');
    blankRefused('a: 1 # c d\n', 'a: 1 # c  d\n');
    blankRefused('include "a.conf"\nb: 1\n', 'include  "a.conf"\nb: 1\n');
    // At offset 0 (where a byte order mark would be), and in a tree with a syntax error.
    blankRefused('a: 1\n', ' a: 1\n');
    blankRefused('a: 1\nb: [\n', 'a: 1\n b: [\n');
    // Anything but spaces and tabs.
    blankRefused('a: 1\nb: 2\n', 'a: 1\n\nb: 2\n');
    // The `)` of a raw block must end its line.
    blankRefused('a: (\nraw text\n)\nb: 1\n', 'a: (\nraw text\n) \nb: 1\n');
    // Right after a carriage return: a blank between `\r` and `\n` splits a line break in two,
    // and deleting blanks between them joins two into one.
    blankRefused('a: 1\r\nb: 2\r\n', 'a: 1\r \nb: 2\r\n');
    blankRefused('a: 1\r \nb: 2\r\n', 'a: 1\r\nb: 2\r\n');
    blankAccepted('a: 1\r\nb: 2\r\n', 'a: 1\r\n  b: 2\r\n');
  });

  test('patchTreeEdit takes either kind, and a quoted string holding blanks goes the string way', () => {
    const tree = parse('a: "x y"\nb: 1\n');
    assert.deepEqual(patchTreeEdit(tree, 'a: "x y"\nb: 1\n', 'a: "x  y"\nb: 1\n', differingStretch('a: "x y"\nb: 1\n', 'a: "x  y"\nb: 1\n')!), { kind: 'value', value: kv(tree.entries[0]).value, before: 'x y' });
    assert.deepEqual(treeDump(tree), treeDump(parse('a: "x  y"\nb: 1\n')));
    assert.deepEqual(patchTreeEdit(tree, 'a: "x  y"\nb: 1\n', 'a: "x  y"\n  b: 1\n', differingStretch('a: "x  y"\nb: 1\n', 'a: "x  y"\n  b: 1\n')!), { kind: 'blanks' });
    assert.deepEqual(treeDump(tree), treeDump(parse('a: "x  y"\n  b: 1\n')));
    // Into a key: the key case, which says which key it renamed.
    const patched = patchTreeEdit(tree, 'a: "x  y"\n  b: 1\n', 'a: "x  y"\n  bb: 1\n', differingStretch('a: "x  y"\n  b: 1\n', 'a: "x  y"\n  bb: 1\n')!);
    assert.deepEqual(patched, { kind: 'key', entry: tree.entries[1], parent: tree, oldName: 'b' });
    assert.deepEqual(treeDump(tree), treeDump(parse('a: "x  y"\n  bb: 1\n')));
  });
});

// ---------------------------------------------------------------------------------------------
// patchIntegerEdit

type Patch = (tree: Document, oldText: string, newText: string, edit: TextEdit) => unknown;

/** `patch` takes the edit: the tree then equals a parse of the new text in every field. */
function patchedBy(patch: Patch, oldText: string, newText: string): Document {
  const tree = parse(oldText);
  assert.deepEqual(tree.errors, [], 'the old text must parse cleanly');
  const node = patch(tree, oldText, newText, differingStretch(oldText, newText)!);
  assert.ok(node, `the edit ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)} was refused`);
  assert.deepEqual(treeDump(tree), treeDump(parse(newText)), `patched tree of ${JSON.stringify(newText)}`);
  return tree;
}

/** `patch` refuses the edit, and the tree is exactly as before. */
function refusedBy(patch: Patch, oldText: string, newText: string): void {
  const tree = parse(oldText);
  const before = treeDump(tree);
  assert.equal(patch(tree, oldText, newText, differingStretch(oldText, newText)!), undefined, `the edit ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)} was accepted`);
  assert.deepEqual(treeDump(tree), before, 'a refused edit changed the tree');
}

/** `patch` takes an edit in a tree with problems on other lines: the tree, its problems included, is that of a fresh parse. */
function patchedDespiteProblems(patch: Patch, oldText: string, newText: string): void {
  const tree = parse(oldText);
  assert.notEqual(tree.errors.length, 0, 'the old text must have a problem');
  assert.ok(patch(tree, oldText, newText, differingStretch(oldText, newText)!), `the edit ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)} was refused`);
  assert.deepEqual(treeDump(tree), treeDump(parse(newText)), `patched tree of ${JSON.stringify(newText)}`);
}

describe('an edit within one line of a tree with problems on other lines', () => {
  test('is patched like any other, and the problems stay what and where they were', () => {
    patchedDespiteProblems(patchQuotedStringEdit, 'a: "xy"\nb: [1, 2', 'a: "xQy"\nb: [1, 2');
    patchedDespiteProblems(patchQuotedStringEdit, 'a: "xy"\nb', 'a: "xQy"\nb');
    // A problem that points back at its map's `{` (for context): the lines between read as ever.
    patchedDespiteProblems(patchQuotedStringEdit, 'x {\n  a: "xy"\n  b ]\n}\n', 'x {\n  a: "xyz"\n  b ]\n}\n');
    patchedDespiteProblems(patchIntegerEdit, 'a: 1\nb: [\n', 'a: 12\nb: [\n');
    patchedDespiteProblems(patchUnquotedWordEdit, 'a: host\nb: [\n', 'a: hosts\nb: [\n');
    patchedDespiteProblems(patchKeyEdit, 'abc: 1\nb: [\n', 'abxc: 1\nb: [\n');
    patchedDespiteProblems(patchBlankEdit, 'a: 1\nb: [\n', 'a:  1\nb: [\n');
    // A key typed on a line of its own takes the next line's first word as its value: the problem
    // there names the key, so its line is read again as statements (patchMapStatements).
    const account = 'A {\n  jetstream: enabled\n  max\n  users: [\n    { user: u, password: p }\n  ]\n}\nport: 1\n';
    refusedBy(patchKeyEdit, account, account.replace('  max\n', '  maxx\n'));
    patchedDespiteProblems(patchTreeEdit, account, account.replace('  max\n', '  maxx\n'));
  });

  test('is refused on a line between a problem and what it points at (found by `npm run fuzz`)', () => {
    // The raw block never ends (its `)` is indented), so the problem is at the end and points at
    // the `(`: the lines between are the block's, though it made no node. Unindented, the `)` ends it.
    blankRefused('x: (\nfoo\n  )\n', 'x: (\nfoo\n)\n');
    refusedBy(patchQuotedStringEdit, 'a: ("x"\nb: "yz"\n', 'a: ("x"\nb: "yQz"\n');
    refusedBy(patchQuotedStringEdit, 'a: "x\nb: "yz"\n', 'a: "x\nb: "yQz"\n');
  });
});

const integerAccepted = (oldText: string, newText: string) => patchedBy(patchIntegerEdit, oldText, newText);
const integerRefused = (oldText: string, newText: string) => refusedBy(patchIntegerEdit, oldText, newText);

describe('patchIntegerEdit: digits typed into an integer', () => {
  test('typing at the end, in the middle and deleting; later tokens and comments move', () => {
    const config = 'a {\n  port: 4222 # client port\n  max: [ 1, 20 ]\n}\nb: "x"\n';
    const longer = config.replace('4222', '42223');
    const tree = integerAccepted(config, longer);
    assertRangesOf(tree, longer, ['42223', '# client port', 'max', '1', '20', 'b', '"x"']);
    assert.equal((kv(mapOf(kv(tree.entries[0]).value).entries[0]).value as { value: number }).value, 42223);
    assertRangesOf(integerAccepted(longer, config), config, ['4222', '# client port', '20', 'b']);
    integerAccepted(config, config.replace('[ 1, 20 ]', '[ 1, 250 ]'));
    integerAccepted(config, config.replace('[ 1, 20 ]', '[ 17, 20 ]'));
  });

  test('a size suffix and a minus sign stay, and the value follows the digits', () => {
    const tree = integerAccepted('max_payload: 4MB\n', 'max_payload: 48MB\n');
    const value = (tree.entries[0] as { value?: { value: number; digits: string; suffix: string } }).value!;
    assert.deepEqual([value.value, value.digits, value.suffix], [48 * 2 ** 20, '48', 'MB']);
    integerAccepted('a: -5\n', 'a: -55\n');
    integerAccepted('a: 12345678901234\n', 'a: 123456789012345678\n');
  });

  test('edits that would not leave an integer where the old one was are refused', () => {
    integerRefused('a: 12\n', 'a: 312\n'); // before the first digit: the token would start elsewhere
    integerRefused('a: 12\nb: 1\n', 'a: 1\nb: 1\n'.replace('1\nb', '\nb')); // all digits gone
    integerRefused('a: 4MB\n', 'a: 4M0B\n'); // in the suffix
    integerRefused('a: -5\n', 'a: -\n');
    integerRefused('a: 1\n', 'a: 1.5\n');
    integerRefused('a: 1\n', 'a: 1x\n');
    integerRefused('a: 9223372036854775807\n', 'a: 92233720368547758070\n'); // past int64
    integerRefused('a: "12"\n', 'a: "132"\n'); // a string, which the string case takes
    integerRefused('a12: 1\n', 'a132: 1\n');
    integerRefused('a: 1 ]\nb: 2\n', 'a: 12 ]\nb: 2\n'); // a syntax error on the line
  });

  test('patchTreeEdit takes digits typed into an integer', () => {
    const tree = parse('a: 1\nb: 2\n');
    assert.deepEqual(patchTreeEdit(tree, 'a: 1\nb: 2\n', 'a: 10\nb: 2\n', differingStretch('a: 1\nb: 2\n', 'a: 10\nb: 2\n')!), { kind: 'value', value: kv(tree.entries[0]).value, before: '1' });
    assert.deepEqual(treeDump(tree), treeDump(parse('a: 10\nb: 2\n')));
  });
});

describe('patchUnquotedWordEdit: typing inside an unquoted word value', () => {
  const wordAccepted = (oldText: string, newText: string) => patchedBy(patchUnquotedWordEdit, oldText, newText);
  const wordRefused = (oldText: string, newText: string) => refusedBy(patchUnquotedWordEdit, oldText, newText);

  test('typing in the middle and at the end, deleting; later tokens, comments and lines move', () => {
    const config = 'cluster {\n  name: bench-cluster # the name\n  host: 0.0.0.0\n}\nlist: [ alpha, beta ]\n';
    const longer = config.replace('bench-cluster', 'bench-clusters');
    const tree = wordAccepted(config, longer);
    assertRangesOf(tree, longer, ['bench-clusters', '# the name', 'host', '0.0.0.0', 'list', 'alpha', 'beta']);
    assert.equal((kv(mapOf(kv(tree.entries[0]).value).entries[0]).value as StringValue).value, 'bench-clusters');
    assertRangesOf(wordAccepted(longer, config), config, ['bench-cluster', '# the name', 'beta']);
    wordAccepted(config, config.replace('bench-cluster', 'bench_cluster.2'));
    wordAccepted(config, config.replace('bench-cluster', 'b'));
    wordAccepted(config, config.replace('[ alpha, beta ]', '[ alphas, beta ]'));
    wordAccepted(config, config.replace('[ alpha, beta ]', '[ alpha, bet ]'));
    wordAccepted('subject: foo.bar\n', 'subject: foo.bar.baz\n');
  });

  test('edits that could change what the word is read as are refused', () => {
    wordRefused('a: ye\nb: 1\n', 'a: yes\nb: 1\n'); // a boolean word
    wordRefused('a: tru\n', 'a: True\n');
    wordRefused('a: yes\n', 'a: yess\n'); // a boolean now, text after the edit
    wordRefused('a: host\n', 'a: Xhost\n'); // before the first character: the token would start elsewhere
    wordRefused('a: host\n', 'a: ho st\n'); // a blank splits it
    wordRefused('a: host\n', 'a: ho,st\n');
    wordRefused('a: host\n', 'a: ho}st\n');
    wordRefused('a: host\n', 'a: ho#st\n');
    wordRefused('a: host\n', 'a: hoést\n');
    wordRefused('a: $host\n', 'a: $hosts\n'); // a variable
    wordRefused('a: 1abc\n', 'a: 1abcd\n'); // starts with a digit: read as a number first
    wordRefused('a: -abc\n', 'a: -abcd\n');
    wordRefused('a: /var/log\n', 'a: /var/logs\n'); // starts with no letter
    wordRefused('a: "host"\n', 'a: "hosts"\n'); // a quoted string, which the string case takes
    wordRefused('a: un\\tquoted\n', 'a: uan\\tquoted\n'); // an escape: the value is not the text
    wordRefused('host: a\n', 'hosts: a\n'); // a key
    wordRefused('a: host ]\nb: 2\n', 'a: hosts ]\nb: 2\n'); // a syntax error on the line
  });

  test('patchTreeEdit takes typing inside a word', () => {
    const tree = parse('a: host\nb: 2\n');
    assert.deepEqual(patchTreeEdit(tree, 'a: host\nb: 2\n', 'a: hosts\nb: 2\n', differingStretch('a: host\nb: 2\n', 'a: hosts\nb: 2\n')!), { kind: 'value', value: kv(tree.entries[0]).value, before: 'host' });
    assert.deepEqual(treeDump(tree), treeDump(parse('a: hosts\nb: 2\n')));
  });
});

describe('patchKeyEdit: typing inside an unquoted key', () => {
  const keyAccepted = (oldText: string, newText: string) => patchedBy(patchKeyEdit, oldText, newText);
  const keyRefused = (oldText: string, newText: string) => refusedBy(patchKeyEdit, oldText, newText);

  test('typing in the middle and at the end, deleting; the value, later tokens and lines move', () => {
    const config = 'tls {\n  cert_file: "a.pem" # the cert\n  timeout = 2\n}\nlist: [ { user: x } ]\n';
    const typo = config.replace('cert_file', 'cert_files');
    const tree = keyAccepted(config, typo);
    assertRangesOf(tree, typo, ['cert_files', '"a.pem"', '# the cert', 'timeout', '2', 'list', 'user', 'x']);
    assert.equal(kv(mapOf(kv(tree.entries[0]).value).entries[0]).name, 'cert_files');
    assertRangesOf(keyAccepted(typo, config), config, ['cert_file', '"a.pem"', 'timeout']);
    keyAccepted(config, config.replace('timeout =', 'time-out_2 ='));
    keyAccepted(config, config.replace('user:', 'users:'));
    keyAccepted(config, config.replace('tls {', 'tlsx {'));
    keyAccepted(config, config.replace('cert_file', 'c'));
  });

  test('the rename says which entry, in which map, had which name', () => {
    const oldText = 'a { bb: 1 }\n';
    const tree = parse(oldText);
    const rename = patchKeyEdit(tree, oldText, 'a { bxb: 1 }\n', differingStretch(oldText, 'a { bxb: 1 }\n')!);
    const map = mapOf(kv(tree.entries[0]).value);
    assert.deepEqual(rename, { entry: map.entries[0], parent: map, oldName: 'bb' });
  });

  test('edits that could change what the key is, or that are not in a key, are refused', () => {
    keyRefused('abc: 1\n', 'Xabc: 1\n'); // before the first character
    keyRefused('abc: 1\n', 'ab c: 1\n');
    keyRefused('abc: 1\n', 'ab:c: 1\n');
    keyRefused('abc: 1\n', 'ab.c: 1\n');
    keyRefused('abc: 1\n', 'abé: 1\n');
    keyRefused('includ: 1\n', 'include: 1\n'); // `include` with a path is the directive
    keyRefused('"abc": 1\n', '"abxc": 1\n'); // quoted
    keyRefused('_abc: 1\n', '_abxc: 1\n'); // starts with no letter
    keyRefused('abc: host\n', 'abc: hosts\n'); // a value
    keyRefused('abc: 1 ]\nb: 2\n', 'abxc: 1 ]\nb: 2\n'); // a syntax error on the line
  });
});

// ---------------------------------------------------------------------------------------------
// patchMapStatements

/** A patch that reads a container's items again (patchMapStatements, patchArrayElements). */
type ReadAgain = (tree: Document, oldText: string, newText: string, edit: TextEdit) => unknown;

/** Items read again: the tree then equals a parse of the new text, its line starts too. `findEdit` finds the edit as the analyzer does. */
function readAgainAccepted(patch: ReadAgain, oldText: string, newText: string, findEdit = differingStretch): Document {
  const tree = parse(oldText);
  assert.deepEqual(tree.errors, [], 'the old text must parse cleanly');
  const edit = findEdit(oldText, newText)!;
  assert.ok(patch(tree, oldText, newText, edit), `the edit ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)} was refused`);
  const fresh = parse(newText);
  assert.deepEqual(treeDump(tree), treeDump(fresh), `patched tree of ${JSON.stringify(newText)}`);
  assert.deepEqual(tree.lineStarts, fresh.lineStarts, 'line starts');
  return tree;
}

/** Refused: undefined, and the tree is exactly as before (values, offsets, lines). */
function readAgainRefused(patch: ReadAgain, oldText: string, newText: string, findEdit = differingStretch): void {
  const tree = parse(oldText);
  const before = treeDump(tree);
  const lineStarts = tree.lineStarts.slice();
  const edit = findEdit(oldText, newText)!;
  assert.equal(patch(tree, oldText, newText, edit), undefined, `the edit ${JSON.stringify(oldText)} -> ${JSON.stringify(newText)} was accepted`);
  assert.deepEqual(treeDump(tree), before, 'a refused edit changed the tree');
  assert.deepEqual(tree.lineStarts, lineStarts);
  assert.equal(tree.entries[0]?.range.start.line, parse(oldText).entries[0]?.range.start.line);
}

const statementsAccepted = (oldText: string, newText: string) => readAgainAccepted(patchMapStatements, oldText, newText);
const statementsRefused = (oldText: string, newText: string) => readAgainRefused(patchMapStatements, oldText, newText);

/**
 * Types `typed` into `text` at `at` one character per edit, then deletes it the same way: each
 * edit is patched (but one that types or deletes a line break, when a problem follows: its
 * message could name a line), and the tree is that of a parse.
 */
function typedByLetter(text: string, at: number, typed: string): void {
  let current = text;
  let tree = parse(current);
  for (const next of typedThenDeleted(text, at, typed)) {
    const movesLines = next.split('\n').length !== current.split('\n').length;
    const patched = patchTreeEdit(tree, current, next, differingStretch(current, next)!) !== undefined;
    assert.equal(patched, !movesLines, `${JSON.stringify(current)} -> ${JSON.stringify(next)}`);
    if (!patched) tree = parse(next);
    current = next;
    const fresh = parse(current);
    assert.deepEqual(treeDump(tree), treeDump(fresh), `patched tree of ${JSON.stringify(current)}`);
    assert.deepEqual(tree.lineStarts, fresh.lineStarts, 'line starts');
  }
}

describe('patchMapStatements: lines added to a map or removed from it', () => {
  const config = 'server_name: a\naccounts {\n  A {\n    jetstream: enabled\n    users: [ { user: u, password: "p" } ]\n  }\n  # last\n  B { x: 1 }\n}\nport: 4222 // end\n';

  test('a line added after an entry and removed again; later entries, comments and lines move', () => {
    const added = config.replace('jetstream: enabled\n', 'jetstream: enabled\n    bogus_entry: 1\n');
    assertRangesOf(statementsAccepted(config, added), added, ['bogus_entry', 'users', '# last', 'B', 'port', '// end']);
    assertRangesOf(statementsAccepted(added, config), config, ['users', '# last', 'port']);
    // The edit the benchmark makes: the line break typed at the end of the line.
    statementsAccepted(config, config.replace('jetstream: enabled', 'jetstream: enabled\n    bogus_entry: 1'));
  });

  test('at the start of a map, between entries, at its end, several lines, with comments and blank lines', () => {
    statementsAccepted(config, config.replace('A {\n', 'A {\n    first: "1"\n'));
    statementsAccepted(config, config.replace('    users:', '    # about users\n\n    max_connections: 10\n    users:'));
    statementsAccepted(config, config.replace('  B { x: 1 }\n', '  B { x: 1 }\n  C { y: "2", z { w: true } }\n'));
    statementsAccepted(config, config.replace('B { x: 1 }', 'B { x: 1, y: 2; z: "3" }'));
    statementsAccepted(config, config.replace('B { x: 1 }', 'B { }'));
    statementsAccepted('a {\n}\n', 'a {\n  b: 1\n}\n');
  });

  test('lines removed: an entry, a comment, every entry of a map, an entry and the separator before it', () => {
    statementsAccepted(config, config.replace('    jetstream: enabled\n', ''));
    statementsAccepted(config, config.replace('  # last\n', ''));
    statementsAccepted(config, config.replace('\n    jetstream: enabled\n    users: [ { user: u, password: "p" } ]\n', '\n'));
    statementsAccepted('a { x: 1, y: 2 }\n', 'a { x: 1 }\n');
  });

  test('the top level between its first statement and its last: lines added and removed, one-line statements, an include elsewhere', () => {
    const added = config.replace('accounts {', 'debug: true\naccounts {');
    assertRangesOf(statementsAccepted(config, added), added, ['debug', 'accounts', '# last', 'port', '// end']);
    statementsAccepted(added, config);
    statementsAccepted(config, config.replace('server_name: a\n', ''));
    statementsAccepted(config, `debug: true\n${config}`);
    statementsAccepted('a: 1\nb: 2\nc: 3\n', 'a: 1\nb: 2; x: "4", y = 5 # why\nc: 3\n');
    statementsAccepted('a: 1\ninclude "x.conf"\nb: 2\nc: 3\n', 'a: 1\ninclude "x.conf"\nb: 2\nnew: true\nc: 3\n');
  });

  test('refused: the top level after its last statement, a byte order mark, an include, statements that run to the end of the text or leave their map', () => {
    statementsRefused(config, config.replace('port: 4222', 'port: 4222\ndebug: true'));
    statementsRefused('a: 1\nb: 2\n', '\ufeffa: 1\nb: 2\n');
    statementsRefused('\ufeffa: 1\nb: 2\n', 'x: 0\na: 1\nb: 2\n');
    statementsRefused('\ufeffa: 1\nb: 2\n', '\ufeffa: 1\nx: 0\nb: 2\n');
    statementsRefused('a: 1\nb: 2\n', 'a: 1\ninclude "x.conf"\nb: 2\n');
    statementsRefused(config, config.replace('  B { x: 1 }\n', '  B { x: 1 }\n  include "other.conf"\n'));
    statementsRefused('a {\n  include "x.conf"\n  b: 1\n}\n', 'a {\n  b: 1\n}\n');
    // An opened block or string runs past the statements, to the end of the text.
    statementsRefused(config, config.replace('  B { x: 1 }\n', '  B { x: 1 }\n  C {\n'));
    statementsRefused(config, config.replace('  B { x: 1 }\n', '  B { x: 1 }\n  C: "\n'));
    // The map's brace, CRLF line ends, a tree with a problem at the end of the text (it reads what comes before it).
    statementsRefused('a { x: 1 }\nb: 2\n', 'a { x: 1 \nb: 2\n');
    statementsRefused('a {\r\n  x: 1\r\n}\r\n', 'a {\r\n  x: 1\r\n  y: 2\r\n}\r\n');
    statementsRefused('a {\n  x: 1\n}\nb: [\n', 'a {\n  x: 1\n  y: 2\n}\nb: [\n');
    // A statement the state machine starts after a lone `/`: its key holds the blank after it,
    // where the fast reader would start another (found by `npm run fuzz`).
    statementsRefused('B: {\n  / users: ["x"]\n  c: 2\n}\n', 'B: {\n  / users: ["x"]\n\td: 1\n  c: 2\n}\n');
  });

  test('what the fast reader does not know is read by the state machine, with its problems: braces, escapes, a missing separator', () => {
    statementsAccepted('a: 1\nb: 2\n', 'a: 1\n{ x: 1 }\nb: 2\n');
    statementsAccepted('a: 1\nb: 2\nc: 3\n', 'a: 1\nb: 2 }\nc: 3\n');
    statementsAccepted(config, config.replace('  B { x: 1 }\n', '  B { x: "\\t" }\n  C: 1\n'));
    const joined = statementsAccepted('a { x: 1, y: 2 }\n', 'a { x: 1 y: 2 }\n');
    assert.deepEqual(joined.errors.map((problem) => problem.code), [SyntaxCode.mapValueEnd]);
  });

  test('a key typed on a line of its own, letter by letter, then its value: the problem its line makes comes and goes with it, later problems move', () => {
    const account = 'A {\n  jetstream: enabled\n  users: [\n    { user: u, password: p }\n  ]\n}\nport: 1\nb: [ 1 2 ]\nc: 3\n';
    typedByLetter(account, account.indexOf('\n  users'), '\n  max: 10');
    // At the top level, a value must be on its key's line: `max:` at the end of one waits for it there.
    typedByLetter(account, account.indexOf('\nport'), '\nmax: 10');
    typedByLetter(account, account.indexOf('\nb: ['), '\nmax 10');
  });

  test('refused: statements read on into an include, or a NUL byte (the end of a parse warns about it, after every other problem)', () => {
    statementsRefused('tls {\n  include "x.conf"\n}\n', 'tls {0  include "x.conf"\n}\n');
    statementsRefused('a {\n  x: "ab"\n  y: 2 3\n}\n', 'a {\n  x: "ab"\u0000\n  y: 2 3\n}\n');
    statementsRefused('a {\n  x: 1\n}\n', 'a {\n  x: 1\n  \u0000\n}\n');
  });

  test('a raw block typed over the next statements is read again in place, up to 64 KB; past that the text is parsed whole', () => {
    const config = (lines: number) => `a {\n  x: 1\n${'  k: v\n'.repeat(lines)})\n  y: 2\n}\nb: 1\n`;
    const typed = (lines: number) => config(lines).replace('  x: 1\n', '  x: 1\n  w: (\n');
    const tree = parse(config(100));
    assert.ok(patchMapStatements(tree, config(100), typed(100), differingStretch(config(100), typed(100))!));
    assert.deepEqual(treeDump(tree), treeDump(parse(typed(100))));
    readAgainRefused(patchMapStatements, config(12000), typed(12000));
    // A paste that long is parsed whole too.
    readAgainRefused(patchMapStatements, 'a {\n  x: 1\n}\n', `a {\n  x: 1\n${'  k: v\n'.repeat(12000)}}\n`);
    readAgainRefused(patchArrayElements, 'a: [\n  1\n]\n', `a: [\n  1\n${'  2\n'.repeat(20000)}]\n`);
  });

  test('refused: a tree with about as many problems as a parse lists (which it lists depends on all of them)', () => {
    const broken = `a {\n${'  k: v\n  = 1\n'.repeat(1100)}}\n`;
    assert.match(parse(broken).errors.at(-1)!.message, /more problems were not listed/);
    readAgainRefused(patchMapStatements, broken, broken.replace('  = 1\n', '  x = 1\n'));
  });

  test('refused: a problem about the statements read again that names a key before them', () => {
    // `m` takes `users:` as its value: the problem at `[` names `m`, which a read of the users line alone would not see.
    const account = 'A {\n  m\n  users: [\n    { user: u, password: p }\n  ]\n}\n';
    assert.equal(parse(account).errors.length, 1);
    readAgainRefused(patchMapStatements, account, account.replace('users: [', 'userz: ['));
  });

  test('a line typed right after a key without a value is read again from that key, which takes its first word now', () => {
    const account = 'A {\n  m\n  users: [\n    { user: u, password: p }\n  ]\n}\n';
    const tree = parse(account);
    const next = account.replace('  users', '  x: 1\n  users');
    assert.ok(patchMapStatements(tree, account, next, differingStretch(account, next)!));
    const fresh = parse(next);
    assert.deepEqual(treeDump(tree), treeDump(fresh));
    assert.match(tree.errors[0].message, /^'m' on line 2 has no value on its line, so nats-server takes 'x:' on line 3 as its value/);
  });

  test('one tree patched again and again: lines added, typed into, moved and removed, as in an editor', () => {
    let text = config;
    const tree = parse(text);
    const step = (next: string, patched = true) => {
      const edit = differingStretch(text, next)!;
      assert.equal(patchTreeEdit(tree, text, next, edit) !== undefined, patched, `${JSON.stringify(text)} -> ${JSON.stringify(next)}`);
      text = next;
      const fresh = parse(text);
      assert.deepEqual(treeDump(tree), treeDump(fresh), `patched tree of ${JSON.stringify(text)}`);
      assert.deepEqual(tree.lineStarts, fresh.lineStarts, 'line starts');
    };
    step(text.replace('  B { x: 1 }\n', '  B { x: 1 }\n  C { y: "a" }\n'));
    step(text.replace('y: "a"', 'y: "ab"'));
    step(text.replace('    jetstream: enabled\n', '    jetstream: enabled\n    max_connections: 10\n'));
    step(text.replace('max_connections: 10', 'max_connections: 100'));
    step(text.replace('  # last\n', ''));
    step(text.replace('password: "p"', 'password: "pq"'));
    step(text.replace('    max_connections: 100\n', ''));
    step(text.replace('  C { y: "ab" }\n', ''));
    step(text.replace('port: 4222', 'port: 42222'));
    assert.equal(text, config.replace('password: "p"', 'password: "pq"').replace('  # last\n', '').replace('port: 4222', 'port: 42222'));
  });

  test('typed at the end of an entry: the entry is read again; inside a list (or a map in one): refused', () => {
    statementsAccepted(config, config.replace('jetstream: enabled', 'jetstream: enabledx'));
    statementsRefused(config, config.replace('users: [ {', 'users: [ { x: 1,'));
    statementsRefused('a { l: [\n  1\n] }\n', 'a { l: [\n  1\n  2\n] }\n');
  });
});

// ---------------------------------------------------------------------------------------------
// patchArrayElements and alignedStretch

/** List elements read again, the edit found as the analyzer finds it (alignedStretch). */
const elementsAccepted = (oldText: string, newText: string) => readAgainAccepted(patchArrayElements, oldText, newText, alignedStretch);
const elementsRefused = (oldText: string, newText: string) => readAgainRefused(patchArrayElements, oldText, newText, alignedStretch);

describe('patchArrayElements: lines added to a list or removed from it', () => {
  const config = 'tls {\n  cipher_suites: [\n    "TLS_A"\n    "TLS_B" # second\n  ]\n  curve_preferences: ["X25519", "CurveP256"]\n}\nusers: [\n  { user: a, password: "p1" }\n  { user: b, password: "p2" }\n]\nport: 4222\n';

  test('an element added on a line of its own after another, before the first, after the last; and removed; later nodes and lines move', () => {
    const added = config.replace('    "TLS_A"\n', '    "TLS_A"\n    "TLS_C"\n');
    assertRangesOf(elementsAccepted(config, added), added, ['"TLS_C"', '"TLS_B"', '# second', 'curve_preferences', 'port']);
    elementsAccepted(added, config);
    elementsAccepted(config, config.replace('[\n    "TLS_A"', '[\n    "TLS_0"\n    "TLS_A"'));
    elementsAccepted(config, config.replace('"TLS_B" # second\n', '"TLS_B" # second\n    "TLS_Z", 12, true\n'));
    elementsAccepted(config, config.replace('"X25519", ', ''));
    elementsAccepted(config, config.replace('["X25519", "CurveP256"]', '[]'));
    elementsAccepted('a: []\n', 'a: ["x"]\n');
    // On one line the comparison finds the new element inside the next one: that one is read again too.
    elementsAccepted('a: ["TLS_A", "TLS_B"]\n', 'a: ["TLS_A", "TLS_A2", "TLS_B"]\n');
    // A whole user, a map: the comparison finds it inside the first one; aligned, it is read whole.
    elementsAccepted(config, config.replace('users: [\n', 'users: [\n  { user: c, password: "p3" }\n'));
  });

  test('refused: a leading comma, an include-like or unknown text, an element that runs past the next one, the list\'s bracket, CRLF, a problem', () => {
    elementsRefused(config, config.replace('[\n    "TLS_A"', '[\n    , "TLS_A"'));
    elementsRefused(config, config.replace('    "TLS_A"\n', '    "TLS_A"\n    "TLS_\\t"\n'));
    elementsRefused(config, config.replace('    "TLS_A"\n', '    "TLS_A"\n    "TLS_C\n'));
    elementsRefused(config, config.replace('  ]\n  curve', '  \n  curve'));
    elementsRefused('a: [\r\n  1\r\n]\r\n', 'a: [\r\n  1\r\n  2\r\n]\r\n');
    elementsRefused('a: [\n  1\n]\nb: {\n', 'a: [\n  1\n  2\n]\nb: {\n');
    // Not in a list: a map's statements are patchMapStatements' business.
    elementsRefused(config, config.replace('port: 4222\n', 'port: 4222\ndebug: true\n'));
  });

  test('alignedStretch moves a line typed or removed whole to where a line starts, and leaves other edits as differingStretch finds them', () => {
    const oldText = 'a: [\n  "x1"\n  "x2"\n]\n';
    const newText = 'a: [\n  "x1"\n  "x0"\n  "x2"\n]\n';
    const found = differingStretch(oldText, newText)!;
    assert.ok(found.start > oldText.indexOf('"x2"'), 'the comparison finds the edit inside "x2"');
    const aligned = alignedStretch(oldText, newText)!;
    assert.deepEqual(aligned, { start: oldText.indexOf('  "x2"'), oldEnd: oldText.indexOf('  "x2"'), newEnd: oldText.indexOf('  "x2"') + '  "x0"\n'.length });
    assert.deepEqual(alignedStretch(newText, oldText), { start: aligned.start, oldEnd: aligned.newEnd, newEnd: aligned.start });
    // One line break typed at a line's end, a replacement, an edit within a line: as found.
    for (const [a, b] of [['a: 1\nb: 2\n', 'a: 1\n\nb: 2\n'], ['a: 1\n', 'a: 2\n'], ['a: "xy"\n', 'a: "xzy"\n']]) {
      assert.deepEqual(alignedStretch(a, b), differingStretch(a, b), `${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
    }
  });
});
