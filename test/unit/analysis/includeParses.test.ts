/** Included files are read again for every analysis, but parsed again only when their text changed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyValue } from '../../../server/src/parser/ast';
import { parse } from '../../../server/src/parser/parser';
import { prefetchIncludes } from '../../../server/src/analysis/includes';
import { fakeEnvironment } from './helpers';

const root = { path: '/parses/main.conf', document: parse('include a.conf\n') };

async function includedDocument(text: string, name = 'a.conf') {
  const path = `/parses/${name}`;
  const main = name === 'a.conf' ? root : { path: root.path, document: parse(`include ${name}\n`) };
  const loaded = (await prefetchIncludes(main, fakeEnvironment({ [path]: text }))).get(path);
  assert.equal(loaded?.status, 'ok');
  return loaded.document;
}

test('an unchanged included file keeps its parse; a changed one is parsed again', async () => {
  const first = await includedDocument('port: 4222\n');
  assert.equal(await includedDocument('port: 4222\n'), first);
  const changed = await includedDocument('port: 4333\n');
  assert.notEqual(changed, first);
  assert.equal(((changed.entries[0] as KeyValue).value as { value: number }).value, 4333);
});

test('kept parses are bounded by their text: the least recently used go first, and a huge file is not kept', async () => {
  // Comments: quick to parse, and as long as wanted.
  const big = (letter: string) => `# ${letter.repeat(2_500_000)}\n`;
  const first = await includedDocument(big('a'), 'big-a.conf');
  assert.equal(await includedDocument(big('a'), 'big-a.conf'), first);
  await includedDocument(big('b'), 'big-b.conf'); // 5 million characters in all: a goes
  assert.notEqual(await includedDocument(big('a'), 'big-a.conf'), first);

  const huge = `# ${'c'.repeat(4_000_000)}\n`;
  assert.notEqual(await includedDocument(huge, 'huge.conf'), await includedDocument(huge, 'huge.conf'));
});
