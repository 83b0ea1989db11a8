/**
 * Reusing a tree after five common edits: typing inside a quoted string, typing inside an
 * unquoted word value (a host, a name, a subject), typing or deleting digits of an integer,
 * typing inside an unquoted key, and typing or deleting blanks (spaces and tabs) between tokens,
 * as when indenting a line.
 *
 * Such an edit changes at most that one value or key name and moves every later offset by the
 * same amount; nothing else about the tree can change, so the tree is patched in place instead
 * of parsed again (a parse is most of what an edit of a big file allocates). Anything else, or
 * anything this cannot prove harmless, is refused, and the caller parses the new text as usual.
 */
import type { ArrayValue, Comment, Document, Entry, Include, IntegerValue, KeyValue, MapValue, Position, Range, StringValue, SyntaxProblem, Value } from './ast';
import { BOOLEAN_WORDS, LINES, lineAt, PositionMapper, readInteger } from './nodes';
import { readArrayElements, readMapStatements } from './fastReader';
import { OPENED_HERE, readStatementsAgain } from './parser';
import { firstFrom, nodeListsOf } from './nodeLists';

/** One replaced stretch of text: `[start, oldEnd)` of the old text is `[start, newEnd)` of the new. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Characters compared at once while looking for where two texts differ: big, then small. */
const BIG_CHUNK = 32768;
const CHUNK = 512;

/**
 * The stretch in which two texts differ, from their common beginning and end (one edit or
 * several close together look the same). Undefined when the texts are equal.
 */
export function differingStretch(oldText: string, newText: string): TextEdit | undefined {
  if (oldText === newText) return undefined;
  const shorter = Math.min(oldText.length, newText.length);
  // Whole chunks first (comparing two slices is a memory compare), then character by character.
  let start = 0;
  for (const size of [BIG_CHUNK, CHUNK]) {
    while (start + size <= shorter && oldText.slice(start, start + size) === newText.slice(start, start + size)) start += size;
  }
  while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  for (const size of [BIG_CHUNK, CHUNK]) {
    while (oldEnd - size >= start && newEnd - size >= start && oldText.slice(oldEnd - size, oldEnd) === newText.slice(newEnd - size, newEnd)) {
      oldEnd -= size;
      newEnd -= size;
    }
  }
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/**
 * differingStretch, with whole lines typed or removed moved to the start of a line: comparing
 * the texts finds `"B"\n  "A"` typed inside the element `"A"` when the line `  "B"` was typed
 * before it (both make the same text), and the patches read whole elements and statements. An
 * insertion or a removal that holds a line break moves back, as long as the character before it
 * is its last one (the same text results), to the nearest place where a line starts; it stays
 * where it is when there is none.
 */
export function alignedStretch(oldText: string, newText: string): TextEdit | undefined {
  const edit = differingStretch(oldText, newText);
  if (!edit || (edit.oldEnd !== edit.start && edit.newEnd !== edit.start)) return edit;
  const inserted = edit.oldEnd === edit.start;
  const text = inserted ? newText : oldText;
  const to = inserted ? edit.newEnd : edit.oldEnd;
  // Not indexOf: it would search on past the edit, through a text that may have no line break left.
  let lineBreak = edit.start;
  while (lineBreak < to && text.charCodeAt(lineBreak) !== 0x0a) lineBreak++;
  if (lineBreak === to) return edit;
  let shift = 0;
  while (edit.start - shift > 0 && text.charCodeAt(edit.start - shift - 1) !== 0x0a) {
    if (text.charCodeAt(edit.start - shift - 1) !== text.charCodeAt(to - shift - 1)) return edit;
    shift++;
  }
  if (shift === 0 || edit.start - shift === 0) return edit;
  const start = edit.start - shift;
  return inserted ? { start, oldEnd: start, newEnd: edit.newEnd - shift } : { start, oldEnd: edit.oldEnd - shift, newEnd: start };
}

/** A key renamed in place by {@link patchKeyEdit}: the entry, the map it is in, its name before. */
export interface KeyRename {
  entry: KeyValue;
  parent: MapValue | Document;
  oldName: string;
}

/**
 * Statements of a map read again by {@link patchMapStatements}: `removed`, the entries that were
 * at `at` in `map.entries`, are `added` now; `removedStrings` are the string values that were in
 * the removed entries (their nodes read their text from the new text now).
 */
export interface StatementsChange {
  /** The map whose statements were read again: a map value, or the top level. */
  map: MapValue | Document;
  at: number;
  removed: Entry[];
  added: Entry[];
  removedStrings: string[];
}

/**
 * What {@link patchTreeEdit} did: `value` for an edit of a scalar value (with the value's text
 * before it, quotes left out), `blanks` for one of blanks between tokens (both leave every key as
 * it was; blanks change no value either), the key it renamed, or the statements of a map it read
 * again (lines added to a map or removed from it).
 */
/**
 * What {@link patchArrayElements} did: the list, where the elements read again start, the elements
 * that went and those that came, and the strings of the removed ones as they were.
 */
export interface ElementsChange {
  array: ArrayValue;
  at: number;
  removed: Value[];
  added: Value[];
  removedStrings: string[];
}

export type TreePatch =
  | { kind: 'value'; value: Value; before: string }
  | { kind: 'blanks' }
  | ({ kind: 'key' } & KeyRename)
  | ({ kind: 'statements' } & StatementsChange)
  | ({ kind: 'elements' } & ElementsChange);

/**
 * Patches `tree` (parsed from `oldText`) in place into the tree of `newText` when the edit is
 * one of the kinds above; the tree then equals a parse of `newText` (string values are read
 * from the new text). Returns undefined, leaving the tree untouched, for any other edit.
 */
export function patchTreeEdit(tree: Document, oldText: string, newText: string, edit: TextEdit): TreePatch | undefined {
  const value =
    patchQuotedStringEdit(tree, oldText, newText, edit) ??
    patchUnquotedWordEdit(tree, oldText, newText, edit) ??
    patchIntegerEdit(tree, oldText, newText, edit);
  if (value) {
    // The edit was inside the token, so its end moved by the edit's length change.
    const quote = value.kind === 'string' && value.style !== 'unquoted' ? 1 : 0;
    const before = oldText.slice(value.start + quote, value.end - (edit.newEnd - edit.oldEnd) - quote);
    return { kind: 'value', value, before };
  }
  if (patchBlankEdit(tree, oldText, newText, edit)) return { kind: 'blanks' };
  const rename = patchKeyEdit(tree, oldText, newText, edit);
  if (rename) return { kind: 'key', ...rename };
  const statements = patchMapStatements(tree, oldText, newText, edit);
  if (statements) return { kind: 'statements', ...statements };
  const elements = patchArrayElements(tree, oldText, newText, edit);
  return elements ? { kind: 'elements', ...elements } : undefined;
}

/**
 * The quoted-string case of {@link patchTreeEdit}: the texts differ only inside one quoted string
 * value without escapes, and the edit removes and types printable ASCII only. Returns the
 * string's node.
 */
export function patchQuotedStringEdit(tree: Document, oldText: string, newText: string, edit: TextEdit): StringValue | undefined {
  const lines = linesOf(tree, oldText, edit, 'offLine');
  if (!lines) return undefined;
  if (!onlyCharacters(isPlainInString, oldText, newText, edit)) return undefined;
  const node = quotedStringAround(tree, edit);
  if (!node) return undefined;
  const interior = oldText.slice(node.start + 1, node.end - 1);
  // An escape sequence makes the value differ from the text between the quotes.
  if (node.value !== interior) return undefined;

  shiftOffsets(tree, edit);
  // Its value is the text between its quotes (it equalled it before), read from the new text (nodes.ts).
  lines.retext(newText);
  return node;
}

/**
 * The unquoted-word case of {@link patchTreeEdit}: letters, digits, `_`, `.` and `-` typed or
 * deleted after the first character of an unquoted string value that starts with a letter, up to
 * its end, leaving a word that is not one of nats-server's boolean words. Such a value is read up
 * to the next blank, line break, `,`, `;`, `]` or `}`, none of which the edit can type or remove,
 * so it stays one unquoted string. Returns the string's node.
 */
export function patchUnquotedWordEdit(tree: Document, oldText: string, newText: string, edit: TextEdit): StringValue | undefined {
  const lines = linesOf(tree, oldText, edit, 'offLine');
  if (!lines || !onlyCharacters(isWordCharacter, oldText, newText, edit)) return undefined;
  const value = valueAround(tree, edit);
  // A word starting with a digit, `-` or `$` is read as a number or a variable first.
  if (value?.kind !== 'string' || value.style !== 'unquoted' || !isLetter(oldText.charCodeAt(value.start))) return undefined;
  // An escape sequence (read by the state machine) makes the value differ from its text.
  if (value.value !== oldText.slice(value.start, value.end)) return undefined;
  const word = newText.slice(value.start, value.end + edit.newEnd - edit.oldEnd);
  if (BOOLEAN_WORDS.has(word.toLowerCase())) return undefined;

  // Typing at the end of the word lengthens it: the ends there move with it.
  shiftOffsets(tree, edit, true);
  // Its value is the word as it is now in the text (see patchQuotedStringEdit).
  lines.retext(newText);
  return value;
}

/**
 * The key case of {@link patchTreeEdit}: letters, digits, `_` and `-` typed or deleted after the
 * first letter of an unquoted key, up to its end. Such a key runs to the next blank, `:` or `=`,
 * none of which the edit can type or remove; a key that would read `include` is refused (with a
 * path after it, it is the directive).
 */
export function patchKeyEdit(tree: Document, oldText: string, newText: string, edit: TextEdit): KeyRename | undefined {
  const lines = linesOf(tree, oldText, edit, 'offLine');
  if (!lines || !onlyCharacters(isKeyCharacter, oldText, newText, edit)) return undefined;
  const found = tokenAround(tree, edit);
  if (found?.kind !== 'key') return undefined;
  const { entry } = found;
  const keyEnd = (entry as unknown as { keyEnd: number }).keyEnd;
  if (entry.key.quote !== undefined || !isLetter(oldText.charCodeAt(entry.start)) || oldText.slice(entry.start, keyEnd) !== entry.name) return undefined;
  const name = newText.slice(entry.start, keyEnd + edit.newEnd - edit.oldEnd);
  if (name.toLowerCase() === 'include') return undefined;

  // Typing at the end of the key lengthens it: its end moves with it.
  shiftOffsets(tree, edit, true);
  lines.retext(newText);
  const oldName = entry.name;
  (entry as { name: string }).name = structuredClone(name);
  return { entry, parent: found.parent, oldName };
}

/**
 * The integer case of {@link patchTreeEdit}: digits typed or deleted after the first character
 * of an integer's digits and up to their end, leaving an integer nats-server reads as such.
 * Returns the integer's node.
 */
export function patchIntegerEdit(tree: Document, oldText: string, newText: string, edit: TextEdit): IntegerValue | undefined {
  const lines = linesOf(tree, oldText, edit, 'offLine');
  if (!lines || !onlyCharacters(isDigit, oldText, newText, edit)) return undefined;
  const value = valueAround(tree, edit);
  if (value?.kind !== 'integer') return undefined;
  // Typing before the first character would make the token start elsewhere; typing in the suffix could make it no size.
  const digitsEnd = value.start + value.digits.length;
  if (edit.start <= value.start || edit.oldEnd > digitsEnd) return undefined;
  const delta = edit.newEnd - edit.oldEnd;
  const reading = readInteger(newText.slice(value.start, value.end + delta));
  if (reading.kind !== 'ok') return undefined;

  // Typing at the end of the digits lengthens the token: the ends there move with it.
  shiftOffsets(tree, edit, true);
  lines.retext(newText);
  value.value = reading.value;
  value.digits = structuredClone(reading.digits);
  value.suffix = structuredClone(reading.suffix);
  value.multiplier = reading.multiplier;
  return value;
}

/**
 * The blank case of {@link patchTreeEdit}: spaces and tabs typed or deleted where no token is,
 * leaving at least one blank between tokens that had one.
 */
export function patchBlankEdit(tree: Document, oldText: string, newText: string, edit: TextEdit): boolean {
  const lines = linesOf(tree, oldText, edit, 'offLine');
  // At offset 0 the text could stop starting with a byte order mark.
  if (!lines || edit.start === 0) return false;
  if (!onlyCharacters(isBlank, oldText, newText, edit)) return false;
  // Deleting every blank between two tokens would join them.
  if (edit.newEnd === edit.start && !separates(newText.charCodeAt(edit.start - 1)) && !separates(newText.charCodeAt(edit.start))) return false;
  if (touchesToken(tree, edit)) return false;
  shiftOffsets(tree, edit);
  lines.retext(newText);
  return true;
}

/** Maps nested deeper than this are not read again in part (the whole parse decides about them). */
const MAX_PATCHED_DEPTH = 100;

/**
 * Any other edit inside one map, between its braces and not inside one of its entries only (a
 * line added to an account, one removed, an entry pasted or cut): the map's statements around
 * the edit are read again, from the start of the first one the edit touches (or follows) to the
 * start of the first one after it, or to the map's `}`. The text before that stretch is as it
 * was, so a statement starts there, and so does one at its end, after which the text is as it
 * was too: the rest of the tree stands. Refused (undefined, the tree untouched) unless the new
 * text there is whole statements the fast reader knows, without an include, ending exactly
 * there. The top level is a map too, between its first statement and its last: what comes
 * before the first (a byte order mark, braces) and after the last (a dangling key) is the state
 * machine's to read.
 */
export function patchMapStatements(tree: Document, oldText: string, newText: string, edit: TextEdit): StatementsChange | undefined {
  const lines = linesOf(tree, oldText, edit, 'any');
  if (!lines || hasCarriageReturn(oldText, edit.start, edit.oldEnd) || hasCarriageReturn(newText, edit.start, edit.newEnd)) return undefined;
  // Near the most problems a parse lists, which it lists depends on all of them.
  if (tree.errors.length >= MAX_PATCHED_PROBLEMS) return undefined;
  const found = mapHolding(tree, edit);
  if (!found) return undefined;
  const { map, depth } = found;
  const entries = map.entries;
  let stretch = stretchOf(entries, edit, map.kind === 'document' ? undefined : map.start + 1, map.end - 1, oldText);
  if (!stretch) return undefined;
  // A key without a value before the stretch (alone on its line, it took the next line's first
  // word and left it again: parser.ts) would take the first word of the stretch: read from it.
  const before = entries[stretch.first - 1];
  if (before?.kind === 'keyValue' && !before.value) {
    if (!afterSeparator(oldText, before.start)) return undefined;
    stretch = { ...stretch, first: stretch.first - 1, from: before.start };
  }
  const { from, oldTo, closes } = stretch;
  // The top level's end (a dangling key) and a byte order mark at its start are the state machine's.
  if (map.kind === 'document' && (closes || tree.hasBom || newText.charCodeAt(0) === 0xfeff)) return undefined;
  // An include read again would have to leave the document's list of them.
  if (tree.includes?.some((include) => include.start < oldTo && include.end > from)) return undefined;
  // A NUL byte ends what nats-server reads; the state machine reads on past it, and the end of a
  // parse warns about it, after every other problem.
  if (newText.indexOf('\0') >= 0) return undefined;
  const delta = edit.newEnd - edit.oldEnd;
  if (oldTo + delta - from > MAX_READ_AGAIN) return undefined;

  lines.retext(newText);
  const fast = readMapStatements(newText, lines, from, oldTo + delta, closes, depth);
  let read: { entries: Entry[]; comments: Comment[]; errors: SyntaxProblem[]; end: number } | undefined =
    fast && !fast.entries.some((entry) => entry.kind === 'include') ? { ...fast, errors: [], end: oldTo + delta } : undefined;
  let newLineStarts: number[] | undefined;
  if (!read) {
    // What the fast reader does not know (a syntax error, a key still waiting for its value):
    // the state machine, from the same state a parse of the whole text is in there, up to
    // where a statement of the old text starts again (the map's `}` at the latest).
    newLineStarts = tree.lineStarts.slice();
    moveLineStarts(newLineStarts, newText, edit);
    const closer = map.kind === 'map' ? map.end - 1 + delta : -1;
    const stopsAt = (offset: number): boolean | undefined => {
      // A syntax error can make the rest of a long map one statement: parsed whole instead.
      if (offset - from > MAX_READ_AGAIN) return undefined;
      if (offset < oldTo + delta) return false;
      if (offset === closer) return true;
      const next = firstFrom(entries, offset - delta);
      return next < entries.length && entries[next].start === offset - delta;
    };
    const again = readStatementsAgain(newText, lines, new PositionMapper(newLineStarts, newText), newLineStarts, from, map.kind === 'map' ? map.start : undefined, stopsAt, MAX_PATCHED_PROBLEMS);
    if (again && again.includes.length === 0 && tree.errors.length + again.errors.length < MAX_PATCHED_PROBLEMS) read = again;
  }
  if (!read) {
    lines.retext(oldText);
    return undefined;
  }
  // The state machine may have read on to a later statement, past the stretch.
  const oldEnd = read.end - delta;
  const after = oldEnd === oldTo ? stretch.after : read.end === map.end - 1 + delta && map.kind === 'map' ? entries.length : firstFrom(entries, oldEnd);
  const readStretch: Stretch = { ...stretch, after, oldTo: oldEnd, closes: after === entries.length };
  if (oldEnd > oldTo && tree.includes?.some((include) => include.start < oldEnd && include.end > from)) {
    lines.retext(oldText);
    return undefined;
  }
  const errors = tree.errors.length === 0 && read.errors.length === 0
    ? undefined
    : problemsAfterReading(tree, oldText, newText, edit, readStretch, read.errors, newLineStarts);
  if (errors === null) {
    lines.retext(oldText);
    return undefined;
  }
  const { removed, removedStrings } = replaceItems(tree, lines, oldText, newText, edit, entries, readStretch, read.entries, read.comments);
  if (errors) tree.errors.splice(0, tree.errors.length, ...errors);
  return { map, at: stretch.first, removed, added: read.entries, removedStrings };
}

/**
 * The most text read again in place: a parse of the whole is as quick for more, and the lists a
 * patch splices its nodes into take them as arguments (a stack's worth at most).
 */
const MAX_READ_AGAIN = 65536;

/** Beyond this many problems a parse stops listing them (parser.ts maxProblems): such trees are parsed whole. */
const MAX_PATCHED_PROBLEMS = 900;

/**
 * The tree's problems after the statements of `stretch` were read again with `read` among
 * them: those of the old statements go (including a problem past them that names one of their
 * keys: a key alone on its line that took the next line's first word), the new ones come in
 * their place, and those after them move with the text, in the order a parse of the whole new
 * text reports them. Null when that cannot be told this way: a problem at the very end of the
 * text (an unclosed map or quote, which reads what comes before it), or one about the
 * statements that points before them (a key alone on its line before them) or after them.
 */
function problemsAfterReading(
  tree: Document, oldText: string, newText: string, edit: TextEdit, stretch: Stretch, read: SyntaxProblem[], newLineStarts: number[] | undefined,
): SyntaxProblem[] | null {
  const { from, oldTo } = stretch;
  const oldStarts = tree.lineStarts;
  const offsetOf = (position: Position): number => oldStarts[position.line] + position.character;
  const within = (range: Range): boolean => {
    const at = offsetOf(range.start);
    return at >= from && at < oldTo;
  };
  // In the order of the old list (that of a parse), the new problems where the old ones of the statements were.
  const kept: SyntaxProblem[] = [];
  const later: number[] = [];
  let insertAt = -1;
  for (const problem of tree.errors) {
    const start = offsetOf(problem.range.start);
    if (start >= oldText.length) return null;
    const named = problem.related?.filter((related) => related.message !== OPENED_HERE) ?? [];
    if (start >= from && start < oldTo) {
      if (named.some((related) => !within(related.range))) return null;
    } else if (!named.some((related) => within(related.range))) {
      if (start >= oldTo) {
        // No parse makes one: the containers opened among the statements close among them.
        if (problem.related?.some((related) => within(related.range))) return null;
        later.push(kept.length);
      }
      kept.push(problem);
      continue;
    }
    if (insertAt < 0) insertAt = kept.length;
  }
  if (insertAt < 0) insertAt = later.length > 0 ? later[0] : kept.length;
  if (later.length > 0) {
    // Their messages may name lines ("opened on line 12"): only an edit that moves no line keeps them.
    if (lineBreaks(newText, edit.start, edit.newEnd) !== lineBreaks(oldText, edit.start, edit.oldEnd)) return null;
    // They move by the edit's length change (within their line, if it is the statements' last).
    const mapper = new PositionMapper(newLineStarts ?? moveLineStarts(oldStarts.slice(), newText, edit), newText);
    const delta = edit.newEnd - edit.oldEnd;
    const move = (range: Range): Range => (offsetOf(range.start) < oldTo ? range : mapper.range(offsetOf(range.start) + delta, offsetOf(range.end) + delta));
    for (const at of later) {
      const problem = kept[at];
      const moved: SyntaxProblem = { ...problem, range: move(problem.range) };
      if (problem.related) moved.related = problem.related.map((related) => ({ ...related, range: move(related.range) }));
      kept[at] = moved;
    }
  }
  kept.splice(insertAt, 0, ...read);
  return kept;
}

/** The `\n`s in `text` from `from` to `to` (what nats-server counts as lines). */
export function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * Any other edit inside one list, between its brackets and not inside one of its elements only
 * (a cipher suite, a route or a user added on a line of its own, one removed): the list's
 * elements around the edit are read again, as {@link patchMapStatements} reads a map's
 * statements, from the start of the first element the edit touches (or of the one before the
 * gap it is in) to the start of the first one after it, or to the list's `]`.
 */
export function patchArrayElements(tree: Document, oldText: string, newText: string, edit: TextEdit): ElementsChange | undefined {
  const lines = linesOf(tree, oldText, edit);
  if (!lines || hasCarriageReturn(oldText, edit.start, edit.oldEnd) || hasCarriageReturn(newText, edit.start, edit.newEnd)) return undefined;
  const found = arrayHolding(tree, edit);
  if (!found) return undefined;
  const { array, depth } = found;
  const elements = array.elements;
  const stretch = stretchOf(elements, edit, array.start + 1, array.end - 1, oldText);
  if (!stretch || stretch.oldTo + edit.newEnd - edit.oldEnd - stretch.from > MAX_READ_AGAIN) return undefined;

  lines.retext(newText);
  const read = readArrayElements(newText, lines, stretch.from, stretch.oldTo + edit.newEnd - edit.oldEnd, stretch.closes, depth);
  if (!read) {
    lines.retext(oldText);
    return undefined;
  }
  const { removed, removedStrings } = replaceItems(tree, lines, oldText, newText, edit, elements, stretch, read.elements, read.comments);
  return { array, at: stretch.first, removed, added: read.elements, removedStrings };
}

/** Which items of a container a patch reads again (see {@link stretchOf}). */
interface Stretch {
  /** The first item read again, and the first after them (`after` the number of items when `closes`). */
  first: number;
  after: number;
  /** Where the text read again starts and, in the old text, ends: the next item's start or the closer. */
  from: number;
  oldTo: number;
  closes: boolean;
}

/**
 * The items (statements or elements) of a container an edit touches: from the one it starts in
 * (or right after), else the one before the gap it starts in, whose separator it may change, else
 * `inside` (just after the opener; undefined: refused); to the first item after the edit, or the
 * container's closer at `closer`. An item starting right where the edit ends keeps its text: the
 * stretch ends at its start, where the reader must find the end of an item.
 */
function stretchOf(items: readonly (Entry | Value)[], edit: TextEdit, inside: number | undefined, closer: number, oldText: string): Stretch | undefined {
  let touched = firstFrom(items, edit.start);
  if (touched > 0 && items[touched - 1].end >= edit.start) touched--;
  let first: number;
  let from: number;
  if (touched < items.length && items[touched].start <= edit.start) {
    first = touched;
    from = items[touched].start;
  } else if (touched > 0) {
    first = touched - 1;
    from = items[first].start;
  } else {
    if (inside === undefined) return undefined;
    first = 0;
    from = inside;
  }
  // The reader starts where an item may start after a separator; the state machine can start
  // an item elsewhere (a lone `/` before a key makes the blank after it part of the key).
  if (first < items.length && from === items[first].start && !afterSeparator(oldText, from)) return undefined;
  const after = Math.max(first, firstFrom(items, edit.oldEnd));
  const closes = after === items.length;
  return { first, after, from, oldTo: closes ? closer : items[after].start, closes };
}

/** Whether only blanks stand between `at` and a line break, `{`, `[`, `,`, `;` or the start of the text before it. */
function afterSeparator(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 0x0a || c === 0x0d || c === 0x7b || c === 0x5b || c === 0x2c || c === 0x3b;
}

/**
 * Puts `read`, the items read again from the new text, in place of the stretch's in `items`,
 * with their comments; later offsets and the line starts follow. Returns the removed items and
 * their strings as they were.
 */
function replaceItems<T extends Entry | Value>(
  tree: Document, lines: PositionMapper, oldText: string, newText: string, edit: TextEdit,
  items: T[], stretch: Stretch, read: T[], readComments: Comment[],
): { removed: T[]; removedStrings: string[] } {
  const { first, after, from, oldTo } = stretch;
  // The strings of the items read again, while their nodes still read the old text.
  lines.retext(oldText);
  const removed = items.slice(first, after);
  const removedStrings = stringsOf(removed);
  lines.retext(newText);

  const lists = nodeListsOf(tree);
  lists.remove(from, oldTo);
  items.splice(first, after - first);
  const comments = tree.comments;
  const firstComment = firstFrom(comments, from);
  comments.splice(firstComment, firstFrom(comments, oldTo) - firstComment);
  shiftOffsets(tree, edit, false, false);
  moveLineStarts(tree.lineStarts, newText, edit);
  items.splice(first, 0, ...read);
  lists.insert(read);
  comments.splice(firstComment, 0, ...readComments);
  return { removed, removedStrings };
}

/**
 * The innermost list that holds the edit (through maps and lists) when none of its elements
 * holds it whole, except as their inside or as a scalar (read again whole: a line typed after
 * an element can look like text typed inside it, `"B"\n  "A"` after `"A"`, to the comparison
 * of the texts); with how many maps and lists deep it is, itself counted. Undefined when the
 * innermost container is a map, or the edit is inside a key or a map's scalar value.
 */
function arrayHolding(tree: Document, edit: TextEdit): { array: ArrayValue; depth: number } | undefined {
  const within = (item: Entry | Value): boolean => item.start < edit.start && edit.oldEnd < item.end;
  let array: ArrayValue | undefined;
  let depth = 0;
  let items: readonly (Entry | Value)[] = tree.entries;
  for (;;) {
    // The last item starting before the edit is the only one that can hold it.
    const item = items[firstFrom(items, edit.start) - 1];
    if (!item || !within(item)) return array && depth <= MAX_PATCHED_DEPTH ? { array, depth } : undefined;
    const value = item.kind === 'keyValue' ? item.value : item.kind === 'include' ? undefined : item;
    if (array && value === item && value.kind !== 'map' && value.kind !== 'array') return depth <= MAX_PATCHED_DEPTH ? { array, depth } : undefined;
    if ((value?.kind !== 'map' && value?.kind !== 'array') || !within(value)) return undefined;
    depth++;
    if (value.kind === 'map') {
      array = undefined;
      items = value.entries;
    } else {
      array = value;
      items = value.elements;
    }
  }
}

/**
 * The innermost map (or the top level) that holds the edit and none of whose entries holds it
 * whole, except as their map's inside; with how many maps and lists deep it is.
 */
function mapHolding(tree: Document, edit: TextEdit): { map: MapValue | Document; depth: number } | undefined {
  const within = (item: Entry | Value): boolean => item.start < edit.start && edit.oldEnd < item.end;
  let map: MapValue | Document = tree;
  let depth = 0;
  let items: readonly Entry[] = tree.entries;
  for (;;) {
    // The last item starting before the edit is the only one that can hold it.
    const entry = items[firstFrom(items, edit.start) - 1];
    if (!entry || !within(entry)) return depth <= MAX_PATCHED_DEPTH ? { map, depth } : undefined;
    const value = entry.kind === 'keyValue' ? entry.value : undefined;
    // Inside a key, a scalar, a list or an include: not a map's statements.
    if (value?.kind !== 'map' || !within(value)) return undefined;
    map = value;
    depth++;
    items = value.entries;
  }
}

/** The string values anywhere in `entries` (statements or list elements). */
function stringsOf(entries: readonly (Entry | Value)[]): string[] {
  const strings: string[] = [];
  const stack: (Entry | Value | undefined)[] = [...entries];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item || item.kind === 'include') continue;
    if (item.kind === 'keyValue') stack.push(item.value);
    else if (item.kind === 'string') strings.push(item.value);
    else if (item.kind === 'map') stack.push(...item.entries);
    else if (item.kind === 'array') stack.push(...item.elements);
  }
  return strings;
}

function hasCarriageReturn(text: string, from: number, to: number): boolean {
  // Not indexOf: it would search the rest of a text that has none.
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0x0d) return true;
  return false;
}

/**
 * The line starts after an edit that may add or remove line breaks (none of them `\r`): those in
 * the removed text go, those in the typed text come, later ones move.
 */
function moveLineStarts(lineStarts: number[], newText: string, edit: TextEdit): number[] {
  const first = lineAt(lineStarts, edit.start) + 1;
  let after = first;
  while (after < lineStarts.length && lineStarts[after] <= edit.oldEnd) after++;
  const delta = edit.newEnd - edit.oldEnd;
  for (let i = after; i < lineStarts.length; i++) lineStarts[i] += delta;
  const typed: number[] = [];
  for (let at = newText.indexOf('\n', edit.start); at >= 0 && at < edit.newEnd; at = newText.indexOf('\n', at + 1)) typed.push(at + 1);
  lineStarts.splice(first, after - first, ...typed);
  return lineStarts;
}

/**
 * The tree's line table, when the tree can be patched at all: parsed from `oldText`, and the
 * edit not right after a `\r`, where it could split or join a `\r\n`. With `problems`:
 * - `none`: the tree has none;
 * - `offLine`, for an edit that types and removes no line break inside one token or between
 *   two: the tree may have problems on other lines. The state machine reads such an edit's line
 *   to the same tokens and ends it in the same state, so every other line reads as before, with
 *   the same problems at the same places (none quotes a token of another line);
 * - `any`: the caller sorts the problems out itself (patchMapStatements).
 */
function linesOf(tree: Document, oldText: string, edit: TextEdit, problems: 'none' | 'offLine' | 'any' = 'none'): PositionMapper | undefined {
  const lines = (tree as unknown as { [LINES]: PositionMapper })[LINES];
  if (tree.end !== oldText.length || !lines.hasLineStarts(tree.lineStarts)) return undefined;
  if (tree.errors.length > 0 && problems !== 'any' && !(problems === 'offLine' && problemsOffLine(tree, lineAt(tree.lineStarts, edit.start), oldText.length))) return undefined;
  return oldText.charCodeAt(edit.start - 1) === 0x0d ? undefined : lines;
}

/**
 * Whether `line` is outside every problem of the tree and what it points at. A problem at the
 * very end of the text (a raw block, a quote or a path that never ends) also covers every line
 * from what it points at (the `(`, the quote) to the end: the state machine read them as part
 * of that and made no node of them.
 */
function problemsOffLine(tree: Document, line: number, textLength: number): boolean {
  const lastLine = tree.lineStarts.length - 1;
  const endCharacter = textLength - tree.lineStarts[lastLine];
  return tree.errors.every((problem) => {
    const { start, end } = problem.range;
    const atEnd = start.line === lastLine && start.character === endCharacter;
    let first = start.line;
    for (const { range } of problem.related ?? []) {
      if (atEnd) first = Math.min(first, range.start.line);
      else if (line >= range.start.line && line <= range.end.line) return false;
    }
    return line < first || line > end.line;
  });
}

/** A blank, a line break, or the end of the text (NaN): nothing a token continues across. */
function separates(c: number): boolean {
  return isBlank(c) || c === 0x0a || c === 0x0d || Number.isNaN(c);
}

/**
 * Whether the edit reaches into a token: a key, a separator, a scalar value, an include
 * directive, or a comment (which runs to the end of its line, so typing right after it
 * lengthens it). Typing right before or after any other token only moves it.
 */
function touchesToken(tree: Document, edit: TextEdit): boolean {
  const { start, oldEnd } = edit;
  const inside = (from: number, to: number): boolean => start < to && oldEnd > from;
  if (tree.comments.some((comment) => start <= comment.end && oldEnd > comment.start)) return true;
  // An empty include path is where the blanks before it end: blanks typed there would move its
  // start past its end.
  if (tree.includes?.some(({ path }) => path !== undefined && path.start === path.end && start <= path.start && path.start <= oldEnd)) return true;
  let items: readonly (Entry | Value)[] = tree.entries;
  for (;;) {
    const item = items.find((candidate) => inside(candidate.start, candidate.end));
    // Between the items of a map, an array or the top level: blanks only, unless right after a
    // raw block, whose `)` must end its line.
    if (!item) return items.some((candidate) => candidate.end === start && endsWithRawBlock(candidate));
    if (item.kind === 'include') return true;
    let value: Value;
    if (item.kind === 'keyValue') {
      const { keyEnd, separatorAt } = item as unknown as { keyEnd: number; separatorAt: number };
      if (inside(item.start, keyEnd) || (separatorAt >= 0 && inside(separatorAt, separatorAt + 1))) return true;
      if (!item.value) return true;
      // Otherwise between the key, the separator and the value, or inside the value.
      if (!inside(item.value.start, item.value.end)) return false;
      value = item.value;
    } else value = item;
    if (value.kind === 'map') items = value.entries;
    else if (value.kind === 'array') items = value.elements;
    else return true;
  }
}

function endsWithRawBlock(item: Entry | Value): boolean {
  const value = item.kind === 'keyValue' ? item.value : item.kind === 'include' ? undefined : item;
  return value?.kind === 'string' && value.style === 'raw';
}

/** Whether every character the edit removed and every one it typed passes `accepts`. */
function onlyCharacters(accepts: (code: number) => boolean, oldText: string, newText: string, edit: TextEdit): boolean {
  for (let i = edit.start; i < edit.oldEnd; i++) if (!accepts(oldText.charCodeAt(i))) return false;
  for (let i = edit.start; i < edit.newEnd; i++) if (!accepts(newText.charCodeAt(i))) return false;
  return true;
}

/**
 * Characters that mean the same inside and outside a quoted string's content: printable ASCII
 * except quotes and the backslash. No line break, so no line moves.
 */
function isPlainInString(c: number): boolean {
  return c >= 0x20 && c <= 0x7e && c !== 0x22 /* " */ && c !== 0x27 /* ' */ && c !== 0x5c /* \ */;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** What the key patch types and removes: ASCII letters, digits, `_` and `-`. */
function isKeyCharacter(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 0x5f || c === 0x2d;
}

/** What the word patch types and removes: ASCII letters, digits, `_`, `.` and `-`. */
function isWordCharacter(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 0x5f || c === 0x2e || c === 0x2d;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** The double- or single-quoted string value whose content holds the whole edit, if any. */
function quotedStringAround(tree: Document, edit: TextEdit): StringValue | undefined {
  const value = valueAround(tree, edit);
  if (value?.kind !== 'string' || (value.style !== 'double' && value.style !== 'single')) return undefined;
  return value.start < edit.start && edit.oldEnd < value.end ? value : undefined;
}

/** A token that holds an edit: a key, with the map it is in, or a scalar value. */
type TokenAround = { kind: 'key'; entry: KeyValue; parent: MapValue | Document } | { kind: 'value'; value: Value };

/**
 * The key or scalar value (not an include or a comment) whose span holds the edit: from after
 * its first character to its end, inclusive.
 */
function tokenAround(tree: Document, edit: TextEdit): TokenAround | undefined {
  let parent: MapValue | Document = tree;
  let items: readonly (Entry | Value)[] = tree.entries;
  for (;;) {
    const item = items.find((candidate) => candidate.start < edit.start && edit.oldEnd <= candidate.end);
    if (!item || item.kind === 'include') return undefined;
    let value: Value | undefined;
    if (item.kind === 'keyValue') {
      const keyEnd = (item as unknown as { keyEnd: number }).keyEnd;
      if (edit.oldEnd <= keyEnd) return { kind: 'key', entry: item, parent };
      // From the key into what follows it.
      if (edit.start < keyEnd) return undefined;
      value = item.value;
    } else value = item;
    if (!value || !(value.start < edit.start && edit.oldEnd <= value.end)) return undefined;
    if (value.kind === 'map') {
      parent = value;
      items = value.entries;
    } else if (value.kind === 'array') items = value.elements;
    else return { kind: 'value', value };
  }
}

function valueAround(tree: Document, edit: TextEdit): Value | undefined {
  const found = tokenAround(tree, edit);
  return found?.kind === 'value' ? found.value : undefined;
}

/**
 * Moves the offsets after the edit by its length change: a start at or after the end of the
 * removed text (the token right after typed text moves), an end after the edit's start (the
 * token right before it stays), or at it too when the edit lengthens the token ending there.
 * Subtrees ending before the edit are skipped.
 */
function shiftOffsets(tree: Document, edit: TextEdit, endAtStartMoves = false, movesLineStarts = true): void {
  const delta = edit.newEnd - edit.oldEnd;
  if (delta === 0) return;
  const endFrom = endAtStartMoves ? edit.start : edit.start + 1;
  const moveStart = (offset: number): number => (offset >= edit.oldEnd ? offset + delta : offset);
  const moveEnd = (offset: number): number => (offset >= endFrom ? offset + delta : offset);
  // The nodes starting after the edit move whole, by class (nodeLists.ts); here, the few that
  // start before it and end after it: the token or statements edited and the maps around them.
  const stack: (Entry | Value)[] = [];
  const visitAll = (items: readonly (Entry | Value)[]): void => {
    for (let i = firstFrom(items, edit.oldEnd) - 1; i >= 0 && items[i].end >= endFrom; i--) stack.push(items[i]);
  };
  visitAll(tree.entries);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.kind === 'keyValue') {
      // An entry's separator is kept relative to its start, and its ends follow from its start,
      // name, separator and value (nodes.ts): the separator is read before the start moves.
      const separatorAt = (item as unknown as { separatorAt: number }).separatorAt;
      item.start = moveStart(item.start);
      if (separatorAt >= 0) (item as unknown as { separatorAt: number }).separatorAt = moveStart(separatorAt);
      const value = item.value;
      if (value && value.start < edit.oldEnd && value.end >= endFrom) stack.push(value);
      continue;
    }
    item.start = moveStart(item.start);
    item.end = moveEnd(item.end);
    switch (item.kind) {
      case 'include':
        shiftInclude(item, moveStart, moveEnd);
        break;
      case 'map':
        visitAll(item.entries);
        break;
      case 'array':
        visitAll(item.elements);
        break;
    }
  }
  nodeListsOf(tree).moveFrom(edit.oldEnd, delta);
  for (let i = tree.comments.length - 1; i >= 0 && tree.comments[i].end >= endFrom; i--) {
    const comment = tree.comments[i];
    comment.start = moveStart(comment.start);
    comment.end = moveEnd(comment.end);
  }
  // A line starting where text was typed (at a line's start, or in a string spanning lines)
  // stays; later ones move (the removed text holds no line break).
  if (movesLineStarts) {
    const lineStarts = tree.lineStarts;
    for (let i = lineStarts.length - 1; i >= 0 && lineStarts[i] > edit.start; i--) lineStarts[i] += delta;
  }
  // The document spans the whole text, blanks typed at its very end included.
  tree.end += delta;
}

type Move = (offset: number) => number;

function shiftInclude(include: Include, moveStart: Move, moveEnd: Move): void {
  include.keyword.start = moveStart(include.keyword.start);
  include.keyword.end = moveEnd(include.keyword.end);
  if (include.path) {
    include.path.start = moveStart(include.path.start);
    include.path.end = moveEnd(include.path.end);
  }
}
