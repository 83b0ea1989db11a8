/**
 * The semantic checks after an edit the parser patched in place (parser/patch.ts) with the
 * resolution kept: only the blocks the edit can change are visited again, and every other
 * block's findings are the last analysis's (analysis/semantics.ts keeps them block by block).
 * Visiting the blocks of a 5,000-line config was most of what typing into it cost.
 *
 * Such an edit changes one scalar value or one key name, or only blanks, or statements of one map
 * (lines added or removed). So:
 * - the blocks around the edited value, key or statements (the innermost one and those above
 *   it) are visited again, and the innermost's blocks below it are walked again (a renamed key
 *   or new statements can bring or take blocks, and their paths carry the names);
 * - a block whose findings point at the edited line or a line next to it is visited again (its
 *   ranges, or the text of a fix, may have moved), and when lines moved, one whose findings
 *   point at any line after the edit;
 * - every other block reads nothing the edit changed: its findings are kept.
 *
 * An edit of the top level's own keys (a scalar value typed into, a key renamed that holds one,
 * lines of such keys added or removed) brings or takes no block: the top level is visited again,
 * and so are the blocks whose checks read the top level's bindings (BlockWalker.topLevelRead).
 *
 * Anything this cannot bound (a map or list of the top level edited, a map the walk reached
 * twice) makes the caller check all. So does a value read through a `$NAME`: variables are
 * scoped by the maps they are set in, so the reference is under the innermost block anyway, but
 * nothing here should depend on that rule of the resolver.
 */
import type { Document, Range, Value } from '../parser/ast';
import type { TreePatch } from '../parser/patch';
import type { ServerVersion } from '../knowledge/versions';
import type { BlockWalker, BlockWalkInput } from './blocks';
import type { Diagnostic } from './diagnostic';
import { containersAround, containersOfMap, readThroughVariable, type ValuePath } from './patchScope';
import { isOwnScalar } from './resolve';
import { recording, semanticFindings, semanticVisitor, type SemanticRecord } from './semantics';

/** The patched edit: what the parser's patch did, and the line it starts on (undefined: the text did not change). */
export interface PatchedEdit {
  patch: TreePatch;
  line: number | undefined;
  /** How many lines the text after the edit moved down (up when negative). */
  linesMoved: number;
}

/**
 * checkSemantics' diagnostics after `edit`, from `previous`, the record of the last analysis
 * (the same target, the resolution kept); `keep` gets the new record as checkSemantics' does.
 * Undefined when the edit's reach cannot be bounded: the caller then checks everything.
 */
export function recheckSemantics(
  input: BlockWalkInput,
  target: ServerVersion,
  walker: BlockWalker,
  previous: SemanticRecord,
  edit: PatchedEdit,
  keep: (record: SemanticRecord) => void,
): Diagnostic[] | undefined {
  // A patch leaves the tree's problems as they were (parser/patch.ts), so the blocks they make
  // incomplete (tlsRules.ts) are the same: a tree with problems is rechecked like any other.
  if (previous.target !== target || previous.walk.orderDependent) return undefined;
  const { blocks, depths } = previous.walk;
  const around = aroundEdit(input, edit.patch);
  if (around === undefined) return undefined;

  // The blocks around the edit, and the innermost of them, whose part of the walk is walked again.
  let innermost = -1;
  let innermostLevel = 0;
  const again = new Uint8Array(blocks.length);
  if (around.length > 0) {
    const levels = new Map<Value | Document, number>();
    around.forEach((container, level) => levels.set(container, level));
    for (let i = 0; i < blocks.length; i++) {
      const level = levels.get(blocks[i].node);
      if (level === undefined) continue;
      again[i] = 1;
      if (level > innermostLevel) {
        innermost = i;
        innermostLevel = level;
      } else if (level === innermostLevel && innermost >= 0) {
        return undefined; // one map checked in two places: each would be walked again
      }
    }
    if (innermost < 0) {
      // A list of the top level (not a block) edited inside: bail, as its elements may be blocks.
      if (around.length !== 1) return undefined;
      // The top level's own keys (aroundEdit allows only scalars there): the top level was
      // marked above; the blocks whose checks read it are too.
      for (let i = 0; i < blocks.length; i++) if (previous.readsTopLevel[i]) again[i] = 1;
    }
  }
  if (edit.line !== undefined) markFindingsNear(previous, edit.line, edit.linesMoved !== 0, again);

  const record: SemanticRecord = { target, walk: { blocks: [], depths: [], orderDependent: false }, found: [], ends: [], readsTopLevel: [] };
  const visit = recording(semanticVisitor(input, target, walker, record.found), record, walker);
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (i === innermost) {
      const end = partEnd(depths, i);
      if (!walker.walkPartFor(target, previous.walk, i, end, visit, record.walk)) return undefined;
      i = end - 1;
    } else if (again[i]) {
      record.walk.blocks.push(block);
      record.walk.depths.push(depths[i]);
      walker.visitAgain(block, visit);
    } else {
      record.walk.blocks.push(block);
      record.walk.depths.push(depths[i]);
      for (let f = i === 0 ? 0 : previous.ends[i - 1]; f < previous.ends[i]; f++) record.found.push(previous.found[f]);
      record.ends.push(record.found.length);
      record.readsTopLevel.push(previous.readsTopLevel[i]);
    }
  }
  walker.adoptWalk(target, record.walk.blocks);
  keep(record);
  return semanticFindings(record.found);
}

/**
 * The maps around the edited value or key, from the document down (the blocks made of them are
 * visited again); empty for blanks; the document alone for an edit of the top level's own keys.
 * Undefined when the edit's reach cannot be bounded.
 */
function aroundEdit(input: BlockWalkInput, patch: TreePatch): (Value | Document)[] | undefined {
  const { tree, resolution } = input;
  let path: ValuePath | undefined;
  let value: Value | undefined;
  switch (patch.kind) {
    case 'blanks':
      return [];
    case 'value':
      value = patch.value;
      path = containersAround(tree, value);
      break;
    case 'key':
      value = patch.entry.value;
      // A key of the top level holding a map or a list could bring or take blocks.
      if (patch.parent.kind === 'document' && !isOwnScalar(value)) return undefined;
      path = containersOfMap(tree, patch.parent);
      break;
    case 'statements':
      path = containersOfMap(tree, patch.map);
      break;
    case 'elements':
      path = containersAround(tree, patch.array);
      path?.containers.add(patch.array);
      break;
  }
  if (!path || readThroughVariable(resolution, value, path)) return undefined;
  return [tree, ...path.containers];
}

/** Where the part of the walk under block `i` ends (the blocks after it that are deeper). */
function partEnd(depths: readonly number[], i: number): number {
  let end = i + 1;
  while (end < depths.length && depths[end] > depths[i]) end++;
  return end;
}

/**
 * Marks the blocks with a finding that points at `line` or a line next to it, or, when the lines
 * after the edit moved, at any line from there on.
 */
function markFindingsNear(record: SemanticRecord, line: number, linesMoved: boolean, marks: Uint8Array): void {
  const last = linesMoved ? Infinity : line + 1;
  let from = 0;
  for (let i = 0; i < record.ends.length; i++) {
    const to = record.ends[i];
    for (let f = from; f < to && !marks[i]; f++) {
      if (rangesIn(record.found[f], 0).some((range) => range.start.line <= last && range.end.line >= line - 1)) marks[i] = 1;
    }
    from = to;
  }
}

/** Every range in a finding, its data included (fixes carry the ranges they edit). */
function rangesIn(item: unknown, depth: number): Range[] {
  if (typeof item !== 'object' || item === null || depth > 8) return [];
  if (isRange(item)) return [item];
  const ranges: Range[] = [];
  for (const inner of Array.isArray(item) ? item : Object.values(item)) ranges.push(...rangesIn(inner, depth + 1));
  return ranges;
}

function isRange(item: object): item is Range {
  const { start, end } = item as Partial<Range>;
  return typeof start?.line === 'number' && typeof end?.line === 'number';
}
