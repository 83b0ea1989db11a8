/**
 * Reusing a tree after an edit inside a quoted string, the commonest edit while typing a value.
 *
 * Such an edit changes that string's value and moves every later offset by the same amount;
 * nothing else about the tree can change, so the tree is patched in place instead of parsed
 * again (a parse is most of what an edit of a big file allocates). Anything else, or anything
 * this cannot prove harmless, is refused, and the caller parses the new text as usual.
 */
import type { Document, Entry, Include, KeyValue, StringValue, Value } from './ast';
import { LINES, type PositionMapper } from './nodes';

/** One replaced stretch of text: `[start, oldEnd)` of the old text is `[start, newEnd)` of the new. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Characters compared at once while looking for where two texts differ. */
const CHUNK = 1024;

/**
 * The stretch in which two texts differ, from their common beginning and end (one edit or
 * several close together look the same). Undefined when the texts are equal.
 */
export function differingStretch(oldText: string, newText: string): TextEdit | undefined {
  if (oldText === newText) return undefined;
  const shorter = Math.min(oldText.length, newText.length);
  // Whole chunks first (comparing two slices is a memory compare), then character by character.
  let start = 0;
  while (start + CHUNK <= shorter && oldText.slice(start, start + CHUNK) === newText.slice(start, start + CHUNK)) start += CHUNK;
  while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd - CHUNK >= start && newEnd - CHUNK >= start && oldText.slice(oldEnd - CHUNK, oldEnd) === newText.slice(newEnd - CHUNK, newEnd)) {
    oldEnd -= CHUNK;
    newEnd -= CHUNK;
  }
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/**
 * Patches `tree` (parsed from `oldText`) in place into the tree of `newText` when the texts
 * differ only inside one quoted string value, and returns that string's node; the tree then
 * equals a parse of `newText` (values from the old text stay slices of it). Returns undefined,
 * leaving the tree untouched, for any other edit.
 */
export function patchQuotedStringEdit(tree: Document, oldText: string, newText: string, edit: TextEdit): StringValue | undefined {
  const lines = (tree as unknown as { [LINES]: PositionMapper })[LINES];
  if (tree.errors.length > 0 || tree.end !== oldText.length || !lines.hasLineStarts(tree.lineStarts)) return undefined;
  if (!onlyPlainCharacters(oldText, edit.start, edit.oldEnd) || !onlyPlainCharacters(newText, edit.start, edit.newEnd)) return undefined;
  // Right after a `\r` (in a string spanning lines), an edit could split or join a `\r\n`.
  if (oldText.charCodeAt(edit.start - 1) === 0x0d) return undefined;
  const node = quotedStringAround(tree.entries, edit);
  if (!node) return undefined;
  const interior = oldText.slice(node.start + 1, node.end - 1);
  // An escape sequence makes the value differ from the text between the quotes.
  if (node.value !== interior) return undefined;

  const delta = edit.newEnd - edit.oldEnd;
  if (delta !== 0) shiftOffsets(tree, edit.start, edit.oldEnd, delta);
  lines.retext(newText);
  // A copy, not a slice: a slice would keep this version's whole text alive with the tree.
  node.value = structuredClone(newText.slice(node.start + 1, node.end - 1));
  return node;
}

/**
 * Characters that mean the same inside and outside a quoted string's content: printable ASCII
 * except quotes and the backslash. No line break, so no line moves.
 */
function onlyPlainCharacters(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 /* " */ || c === 0x27 /* ' */ || c === 0x5c /* \ */) return false;
  }
  return true;
}

/** The double- or single-quoted string value whose content holds the whole edit, if any. */
function quotedStringAround(entries: Entry[], edit: TextEdit): StringValue | undefined {
  let items: readonly (Entry | Value)[] = entries;
  for (;;) {
    const item = items.find((candidate) => candidate.start < edit.start && edit.oldEnd < candidate.end);
    if (!item) return undefined;
    let value: Value | undefined;
    if (item.kind === 'keyValue') {
      if (edit.start < (item as unknown as { keyEnd: number }).keyEnd) return undefined;
      value = item.value;
    } else if (item.kind === 'include') return undefined;
    else value = item;
    if (!value) return undefined;
    switch (value.kind) {
      case 'map':
        items = value.entries;
        continue;
      case 'array':
        items = value.elements;
        continue;
      case 'string':
        if (value.style !== 'double' && value.style !== 'single') return undefined;
        return value.start < edit.start && edit.oldEnd < value.end ? value : undefined;
      default:
        return undefined;
    }
  }
}

/**
 * Moves every offset at or after `from` (the end of the removed text) by `delta`; subtrees
 * ending before it are skipped.
 */
function shiftOffsets(tree: Document, editStart: number, from: number, delta: number): void {
  const move = (offset: number): number => (offset >= from ? offset + delta : offset);
  const stack: (Entry | Value)[] = [];
  const visitAll = (items: readonly (Entry | Value)[]): void => {
    // Items are in text order: those wholly before `from` need nothing.
    for (let i = items.length - 1; i >= 0 && items[i].end >= from; i--) stack.push(items[i]);
  };
  visitAll(tree.entries);
  while (stack.length > 0) {
    const item = stack.pop()!;
    item.start = move(item.start);
    item.end = move(item.end);
    switch (item.kind) {
      case 'keyValue':
        shiftKeyValue(item, move);
        if (item.value) stack.push(item.value);
        break;
      case 'include':
        shiftInclude(item, move);
        break;
      case 'map':
        visitAll(item.entries);
        break;
      case 'array':
        visitAll(item.elements);
        break;
    }
  }
  for (let i = tree.comments.length - 1; i >= 0 && tree.comments[i].end >= from; i--) {
    const comment = tree.comments[i];
    comment.start = move(comment.start);
    comment.end = move(comment.end);
  }
  // A line may start right where text was typed (in a string spanning lines); it stays. Later
  // line starts are after the removed text, which holds no line break.
  const lineStarts = tree.lineStarts;
  for (let i = lineStarts.length - 1; i >= 0 && lineStarts[i] > editStart; i--) lineStarts[i] += delta;
  tree.end = move(tree.end);
}

function shiftKeyValue(entry: KeyValue, move: (offset: number) => number): void {
  const fields = entry as unknown as { keyEnd: number; separatorAt: number };
  fields.keyEnd = move(fields.keyEnd);
  if (fields.separatorAt >= 0) fields.separatorAt = move(fields.separatorAt);
}

function shiftInclude(include: Include, move: (offset: number) => number): void {
  include.keyword.start = move(include.keyword.start);
  include.keyword.end = move(include.keyword.end);
  if (include.path) {
    include.path.start = move(include.path.start);
    include.path.end = move(include.path.end);
  }
}
