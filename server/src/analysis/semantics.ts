/**
 * The semantic checks: every block of the resolved config, in the context nats-server reads it
 * in, against the schema (and, for `tls` blocks, the TLS rules).
 */
import type { ServerVersion } from '../knowledge/versions';
import { BlockWalker, type BlockWalkInput } from './blocks';
import type { Diagnostic } from './diagnostic';
import { checkBlockAgainstSchema } from './schemaRules';

export function checkSemantics(input: BlockWalkInput, target: ServerVersion): Diagnostic[] {
  const walker = new BlockWalker(input);
  const diagnostics: Diagnostic[] = [];
  const context = { walker, resolution: input.resolution, target };
  walker.walk((block, keyed) => {
    checkBlockAgainstSchema(context, block, keyed, diagnostics);
  });
  return diagnostics;
}
