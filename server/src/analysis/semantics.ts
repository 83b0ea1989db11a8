/**
 * The semantic checks: every block of the resolved config, in the context nats-server reads it
 * in, against the schema and, for `tls` blocks and the keys around TLS, the TLS rules.
 */
import type { ServerVersion } from '../knowledge/versions';
import { BlockWalker, type BlockWalkInput } from './blocks';
import type { Diagnostic } from './diagnostic';
import { checkBlockAgainstSchema, SchemaCode } from './schemaRules';
import { TlsChecker, TlsCode } from './tlsRules';

/** `walker` may be shared with the certificate check, so the blocks are walked once. */
export function checkSemantics(input: BlockWalkInput, target: ServerVersion, walker = new BlockWalker(input)): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const context = { walker, resolution: input.resolution, target };
  const tls = new TlsChecker({ ...context, uri: input.uri, tree: input.tree });
  // The content of a key the target does not have is not checked: the key itself is the error.
  walker.walkFor(target, (block, bindings, keys) => {
    checkBlockAgainstSchema(context, block, bindings, keys, diagnostics);
    tls.check(block, bindings, keys, diagnostics);
  });
  return withoutRepeats(withoutDuplicates(diagnostics));
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
