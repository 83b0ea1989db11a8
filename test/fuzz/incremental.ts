/**
 * Typing into a config, for the incremental analysis: chains of random edits of a seed, each
 * analysis the `previous` of the next as in the editor, each compared with a fresh analysis of
 * the same text. Shared by incremental.test.ts and the campaign (campaign.ts).
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import type { Analysis, LanguageService, ServerVersion } from '../../server/src/languageService';
import type { Document, Entry, IntegerValue, Key, StringValue, Value } from '../../server/src/parser/ast';
import { parse } from '../../server/src/parser/parser';
import { treeDump } from '../unit/parser/helpers';
import { resolutionDump } from '../unit/analysis/helpers';
import { pathBaseOf } from './arbitraries';
import { PropertyViolation } from './properties';
import type { Seed } from './seeds';

/** Edits per chain. */
export const EDITS_PER_CHAIN = 4;
/** Bigger seeds make each comparison slow (two analyses and two tree dumps per edit) and add little. */
const MAX_SEED_LENGTH = 6000;

/** Typed inside a string: mostly characters the patch accepts, now and then one it must refuse. */
const IN_STRING_CHARACTERS = [...'abcxyzXYZ0189 _-.:/*$#{}[]=,;@'.repeat(4), '\n', '"', "'", '\\', '\t', 'é'];
/** Typed into an unquoted word: mostly what the patch takes, now and then a word's end or a boolean's letters. */
const WORD_CHARACTERS = [...'abcxyzXYZ019_.-'.repeat(3), ...'trueyson', ' ', ',', '}', '#', '$', '/', '\n', 'é'];
/** Typed into a key: mostly what the patch takes, now and then a key's end, a quote or `include`'s letters. */
const KEY_CHARACTERS = [...'abcxyzXYZ019_-'.repeat(3), ...'includeport', ' ', ':', '=', '.', '"', '$', '\n', 'é'];
/** Typed into an integer: mostly digits, now and then something that makes it no integer. */
const INTEGER_CHARACTERS = [...'0123456789'.repeat(3), '.', '-', 'k', 'x', ' '];
/** Typed at a blank: mostly spaces and tabs (indenting, aligning), now and then something else. */
const BLANK_CHARACTERS = [...' \t'.repeat(8), 'x', '\n', '#'];
/** Typed anywhere: structure as much as text. */
const ANY_CHARACTERS = [...'ab1 :=,;{}[]"\'#/\\$\n\r\t\0é', 'include '];

/** Lines typed or pasted into a map: other entries, a new one, a comment, an empty line, a block. */
const LINES_ADDED = ['  extra_key: 1', '  tag: "x y"', '  # a comment', '', '  verify: true', '  timeout: "2s"', '  port: 4222, debug: true', '  inner { a: 1 }', '  list: [1, 2]', '  x: $Y'];

export interface Edit {
  /**
   * Inside a quoted string value, an unquoted word, a key or an integer of the current tree, at
   * a blank or line break, anywhere, or a whole line (removed, copied elsewhere or typed anew).
   */
  where: 'string' | 'word' | 'key' | 'integer' | 'blank' | 'anywhere' | 'line';
  /** Which string, word, key, integer or blank, or where in the text (taken modulo the candidates). */
  pick: number;
  /** How far into the string's content, the word, the key or the integer, modulo its length. */
  offset: number;
  deleted: number;
  inserted: string;
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ where: fc.constant('string' as const), pick: fc.nat(), offset: fc.nat(), deleted: fc.nat({ max: 3 }), inserted: fc.string({ unit: fc.constantFrom(...IN_STRING_CHARACTERS), maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ where: fc.constant('word' as const), pick: fc.nat(), offset: fc.nat(), deleted: fc.nat({ max: 2 }), inserted: fc.string({ unit: fc.constantFrom(...WORD_CHARACTERS), maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ where: fc.constant('key' as const), pick: fc.nat(), offset: fc.nat(), deleted: fc.nat({ max: 2 }), inserted: fc.string({ unit: fc.constantFrom(...KEY_CHARACTERS), maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ where: fc.constant('integer' as const), pick: fc.nat(), offset: fc.nat(), deleted: fc.nat({ max: 2 }), inserted: fc.string({ unit: fc.constantFrom(...INTEGER_CHARACTERS), maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ where: fc.constant('blank' as const), pick: fc.nat(), offset: fc.constant(0), deleted: fc.nat({ max: 2 }), inserted: fc.string({ unit: fc.constantFrom(...BLANK_CHARACTERS), maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ where: fc.constant('anywhere' as const), pick: fc.nat(), offset: fc.nat(), deleted: fc.nat({ max: 3 }), inserted: fc.string({ unit: fc.constantFrom(...ANY_CHARACTERS), maxLength: 3 }) }) },
  // deleted: lines removed at the picked line (0: a line added there, a copy of the line
  // `offset` picks or, when `inserted` is one, a line of LINES_ADDED).
  { weight: 2, arbitrary: fc.record({ where: fc.constant('line' as const), pick: fc.nat(), offset: fc.nat(), deleted: fc.nat({ max: 2 }), inserted: fc.constantFrom('', ...LINES_ADDED) }) },
);

/** The quoted string values, unquoted words, keys and integers of a tree (where typing is patched), in no particular order. */
function scalars(tree: Document): { strings: StringValue[]; words: StringValue[]; keys: Key[]; integers: IntegerValue[] } {
  const strings: StringValue[] = [];
  const words: StringValue[] = [];
  const keys: Key[] = [];
  const integers: IntegerValue[] = [];
  const stack: Array<Entry | Value | undefined> = [...tree.entries];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) continue;
    if (item.kind === 'keyValue') {
      keys.push(item.key);
      stack.push(item.value);
    } else if (item.kind === 'map') stack.push(...item.entries);
    else if (item.kind === 'array') stack.push(...item.elements);
    else if (item.kind === 'string' && (item.style === 'double' || item.style === 'single')) strings.push(item);
    else if (item.kind === 'string' && item.style === 'unquoted') words.push(item);
    else if (item.kind === 'integer') integers.push(item);
  }
  return { strings, words, keys, integers };
}

/** The text after the edit; `tree` is the current text's. */
function applyEdit(text: string, tree: Document, e: Edit): string {
  const { strings, words, keys, integers } = e.where === 'blank' || e.where === 'anywhere' ? { strings: [], words: [], keys: [], integers: [] } : scalars(tree);
  if (e.where === 'string' && strings.length > 0) {
    const target = strings[e.pick % strings.length];
    // Between the quotes: from just after the opening one to just before the closing one.
    const contentStart = target.start + 1;
    const contentEnd = target.end - 1;
    const at = contentStart + (e.offset % (contentEnd - contentStart + 1));
    return text.slice(0, at) + e.inserted + text.slice(Math.min(contentEnd, at + e.deleted));
  }
  const tokens = e.where === 'integer' ? integers : e.where === 'word' ? words : e.where === 'key' ? keys : [];
  if (tokens.length > 0) {
    // Anywhere in the token, its start and its end included.
    const target = tokens[e.pick % tokens.length];
    const at = target.start + (e.offset % (target.end - target.start + 1));
    return text.slice(0, at) + e.inserted + text.slice(Math.min(target.end, at + e.deleted));
  }
  if (e.where === 'line') {
    const lines = text.split('\n');
    const at = e.pick % lines.length;
    const added = e.deleted > 0 ? [] : [e.inserted !== '' ? e.inserted : lines[e.offset % lines.length]];
    lines.splice(at, e.deleted, ...added);
    return lines.join('\n');
  }
  const blanks = e.where === 'blank' ? blanksOf(text) : [];
  const at = blanks.length > 0 ? blanks[e.pick % blanks.length] : e.pick % (text.length + 1);
  return text.slice(0, at) + e.inserted + text.slice(at + e.deleted);
}

/** Offsets of the spaces, tabs and line breaks of a text (typing there is typing next to them). */
function blanksOf(text: string): number[] {
  const found: number[] = [];
  for (let i = 0; i < text.length; i++) if (' \t\r\n'.includes(text[i])) found.push(i);
  return found;
}

/** The old and new text around their first difference, for a failure message. */
function around(text: string, next: string): [string, string] {
  let at = 0;
  while (at < text.length && text[at] === next[at]) at++;
  return [text.slice(Math.max(0, at - 40), at + 40), next.slice(Math.max(0, at - 40), at + 40)];
}

/** Seeds the patch can apply to: without syntax problems, with a quoted string value. */
function typedInto(seed: Seed): boolean {
  const tree = parse(seed.text);
  return tree.errors.length === 0 && scalars(tree).strings.length > 0;
}

/** How many edits of a chain changed the text, and what their analyses reused. */
export interface ChainCounts {
  edits: number;
  changed: number;
  treeReused: number;
  resolutionReused: number;
}

export function emptyChainCounts(): ChainCounts {
  return { edits: 0, changed: 0, treeReused: 0, resolutionReused: 0 };
}

/** A seed to start from (mostly one typing can be patched in) and the edits of the chain. */
export function editChains(seeds: readonly Seed[]): fc.Arbitrary<[Seed, [Edit, ServerVersion][]]> {
  const small = seeds.filter((seed) => seed.text.length <= MAX_SEED_LENGTH);
  // Most chains start where typing can be patched; the rest (broken configs, no strings) check
  // that the other seeds are analyzed as usual.
  const typable = typableSeeds(seeds);
  if (typable.length === 0) throw new Error('no seed has a quoted string to type into');
  const versions: ServerVersion[] = ['latest', 'latest', 'latest', '2.9', '2.10'];
  return fc.tuple(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...typable) }, { weight: 1, arbitrary: fc.constantFrom(...small) }),
    fc.array(fc.tuple(edit, fc.constantFrom(...versions)), { minLength: EDITS_PER_CHAIN, maxLength: EDITS_PER_CHAIN }),
  );
}

/** Seeds of `seeds` that typing can be patched in: without syntax problems, with a quoted string value. */
export function typableSeeds(seeds: readonly Seed[]): Seed[] {
  return seeds.filter((seed) => seed.text.length <= MAX_SEED_LENGTH && typedInto(seed));
}

/**
 * Runs one chain: every analysis given the previous one must have the diagnostics and the tree
 * of a fresh analysis of its text.
 */
export async function checkEditChain(service: LanguageService, seed: Seed, edits: [Edit, ServerVersion][], counts: ChainCounts): Promise<void> {
  const document = (text: string) => ({ uri: `file://${seed.path}`, path: seed.path, text });
  const settings = (serverVersion: ServerVersion) => ({ serverVersion, pathBase: pathBaseOf(seed) });
  let text = seed.text;
  let previous: Analysis = await service.analyze(document(text), settings('latest'));
  for (const [e, serverVersion] of edits) {
    const next = applyEdit(text, previous.tree, e);
    const tree = previous.tree;
    const maps = previous.resolution.maps;
    const analysis = await service.analyze(document(next), settings(serverVersion), previous);
    const fresh = await service.analyze(document(next), settings(serverVersion));
    const where = `${seed.path} (${serverVersion}) after ${JSON.stringify(e)}: ${JSON.stringify(around(text, next))}`;
    if (!isDeepStrictEqual(analysis.diagnostics, fresh.diagnostics)) {
      throw new PropertyViolation(`diagnostics of ${where}: ${JSON.stringify(analysis.diagnostics)} instead of ${JSON.stringify(fresh.diagnostics)}`);
    }
    if (!isDeepStrictEqual(treeDump(analysis.tree), treeDump(fresh.tree))) throw new PropertyViolation(`tree of ${where} differs from a fresh parse`);
    if (!isDeepStrictEqual(resolutionDump(analysis), resolutionDump(fresh))) throw new PropertyViolation(`resolution of ${where} differs from a fresh one`);
    counts.edits++;
    if (next !== text) {
      counts.changed++;
      if (analysis.tree === tree) counts.treeReused++;
      if (analysis.resolution.maps === maps) counts.resolutionReused++;
    }
    text = next;
    previous = analysis;
  }
}
