/**
 * The semantic checks: every block of the resolved config, in the context nats-server reads it
 * in, against the schema and, for `tls` blocks and the keys around TLS, the TLS rules.
 */
import type { ServerVersion } from '../knowledge/versions';
import { BlockWalker, type BlockVisitor, type BlockWalkInput, type WalkRecord } from './blocks';
import type { Diagnostic } from './diagnostic';
import { checkBlockAgainstSchema, SchemaCode } from './schemaRules';
import { TlsChecker, TlsCode } from './tlsRules';

/**
 * What checkSemantics found, block by block, kept by an editor's analysis so that the next one,
 * after a small edit, visits again only the blocks the edit can change (recheck.ts).
 */
export interface SemanticRecord {
  readonly target: ServerVersion;
  readonly walk: WalkRecord;
  /** Every block's findings in walk order, repeats not yet dropped; those of `walk.blocks[i]` end at `ends[i]`. */
  readonly found: Diagnostic[];
  readonly ends: number[];
  /** Whether the checks of `walk.blocks[i]` read the top level's bindings (BlockWalker.topLevelRead). */
  readonly readsTopLevel: boolean[];
}

/**
 * `walker` may be shared with the certificate check, so the blocks are walked once. With `keep`,
 * the findings are also handed to it block by block (see SemanticRecord).
 */
export function checkSemantics(input: BlockWalkInput, target: ServerVersion, walker = new BlockWalker(input), keep?: (record: SemanticRecord) => void): Diagnostic[] {
  const found: Diagnostic[] = [];
  const visit = semanticVisitor(input, target, walker, found);
  // The content of a key the target does not have is not checked: the key itself is the error.
  if (!keep) {
    walker.walkFor(target, visit);
    return semanticFindings(found);
  }
  const record: SemanticRecord = { target, walk: { blocks: [], depths: [], orderDependent: false }, found, ends: [], readsTopLevel: [] };
  walker.walkFor(target, recording(visit, record, walker), record.walk);
  keep(record);
  return semanticFindings(found);
}

/** The checks of one block: its keys against the schema, then the TLS rules. Findings go to `out`. */
export function semanticVisitor(input: BlockWalkInput, target: ServerVersion, walker: BlockWalker, out: Diagnostic[]): BlockVisitor {
  const context = { walker, resolution: input.resolution, target };
  const tls = new TlsChecker({ ...context, uri: input.uri, tree: input.tree });
  return (block, bindings, keys) => {
    checkBlockAgainstSchema(context, block, bindings, keys, out);
    tls.check(block, bindings, keys, out);
  };
}

/** `visit`, noting in `record` where each block's findings end and whether its checks read the top level. */
export function recording(visit: BlockVisitor, record: SemanticRecord, walker: BlockWalker): BlockVisitor {
  return (block, bindings, keys) => {
    walker.topLevelRead = false;
    visit(block, bindings, keys);
    record.ends.push(record.found.length);
    record.readsTopLevel.push(walker.topLevelRead);
  };
}

/** The diagnostics of the findings of every block, in walk order. */
export function semanticFindings(found: Diagnostic[]): Diagnostic[] {
  return withoutRepeats(withoutDuplicates(found));
}

/** A map given as $NAME in two places is checked twice; the same finding is shown once. */
function withoutRepeats(diagnostics: Diagnostic[]): Diagnostic[] {
  // By code and range, then message: no key string joining the (long) message is built for each
  // of the many findings of a big config. Most places have one message: kept as is.
  const seen = new Map<string, string | Set<string>>();
  return diagnostics.filter((diagnostic) => {
    const { start, end } = diagnostic.range;
    const place = `${diagnostic.code}|${start.line}:${start.character}-${end.line}:${end.character}`;
    const message = diagnostic.message;
    const messages = seen.get(place);
    if (messages === undefined) {
      seen.set(place, message);
      return true;
    }
    if (typeof messages === 'string') {
      if (messages === message) return false;
      seen.set(place, new Set([messages, message]));
      return true;
    }
    if (messages.has(message)) return false;
    messages.add(message);
    return true;
  });
}

/**
 * `tls: true` is a wrong kind for the schema rule too; the TLS rule says it better (and with
 * nats-server's view), so the schema's finding at the same key goes.
 */
function withoutDuplicates(diagnostics: Diagnostic[]): Diagnostic[] {
  const notAMap = diagnostics.filter((d) => d.code === TlsCode.notAMap);
  if (notAMap.length === 0) return diagnostics;
  const key = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}`;
  const taken = new Set(notAMap.map(key));
  return diagnostics.filter((d) => d.code !== SchemaCode.wrongType || !taken.has(key(d)));
}
