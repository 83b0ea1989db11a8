import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, tokenizeText } from './tokenize';

// Runaway check of the TextMate grammar against the nats-server conformance corpus (CI clones
// the repository with shared/ beside it). Every file that nats-server 2.9.10 lexes without a
// "Parse error" must come out of the grammar with all begin/end rules closed and with no
// `invalid.illegal` token: anything else means a rule swallowed text that nats-server reads fine.
const corpusRoot = path.join(repoRoot, '..', 'shared', 'corpus', 'nats-server');

/** Corpus files that `nats-server -t` (2.9.10) rejects with a lexer/parser error. */
const REJECTED_BY_LEXER = new Map([
  ['server/configs/malformed_cluster_address.conf', "Parse error on line 3: 'Expected a map value terminator ... but got 'f''"],
  ['server/configs/malformed_listen_address.conf', "Parse error on line 2: 'Expected a top-level value to end ... but got 'f''"],
  ['server/configs/reload/invalid.conf', "Parse error on line 3: 'Expected value but found new line'"],
]);

function findConfFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...findConfFiles(full));
    else if (name.endsWith('.conf')) found.push(full);
  }
  return found.sort();
}

test('grammar: corpus files that nats-server lexes cleanly close every rule and have no invalid token', async () => {
  const files = findConfFiles(corpusRoot).map((f) => path.relative(corpusRoot, f).split(path.sep).join('/'));
  assert.ok(files.length > 50, `expected the corpus at ${corpusRoot}, found ${files.length} files`);
  const problems: string[] = [];
  let checked = 0;
  for (const relative of files) {
    if (REJECTED_BY_LEXER.has(relative)) continue;
    checked++;
    const result = await tokenizeText(readFileSync(path.join(corpusRoot, relative), 'utf8'));
    if (result.stoppedEarly) problems.push(`${relative}: tokenization stopped early`);
    if (result.finalDepth !== 1) {
      problems.push(`${relative}: ends inside an open rule (depth ${result.finalDepth}): ${result.openScopes.join(' ')}`);
    }
    result.lines.forEach(({ tokens }, index) => {
      for (const token of tokens) {
        if (token.scopes.some((s) => s.startsWith('invalid.'))) {
          problems.push(`${relative}:${index + 1}: ${JSON.stringify(token.text)} is ${token.scopes.join(' ')}`);
        }
      }
    });
  }
  assert.ok(checked > 50);
  assert.deepEqual(problems, []);
});

test('grammar: corpus files rejected by the nats-server lexer are still in the corpus', () => {
  for (const relative of REJECTED_BY_LEXER.keys()) {
    assert.ok(statSync(path.join(corpusRoot, relative)).isFile(), relative);
  }
});

test('grammar: a block closed by an indented `)` runs to the end, as nats-server reads it', async () => {
  // Sanity check that the runaway detection above can fail at all.
  const result = await tokenizeText('a: (\n  text\n  )\nb: 1\n');
  assert.equal(result.finalDepth > 1, true);
  assert.ok(result.openScopes.includes('string.unquoted.block.nats-conf'), result.openScopes.join(' '));
});
