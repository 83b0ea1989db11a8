/**
 * `include`: path resolution, loading, merging and the include diagnostics. Each behaviour was
 * checked by hand against nats-server 2.9.10 (`nats-server -t -c`); the result is noted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KeyValue, MapValue } from '../../../server/src/parser/ast';
import { parse } from '../../../server/src/parser/parser';
import {
  collectIncludes,
  prefetchIncludes,
  resolveIncludePath,
} from '../../../server/src/analysis/includes';
import { createNodeEnvironment } from '../../../server/src/nodeEnvironment';
import { analyzeText, fakeEnvironment, rangeOf, summary } from './helpers';

const posix = process.platform !== 'win32';

function keyNamed(entries: MapValue['entries'], name: string): KeyValue {
  const found = entries.find((entry): entry is KeyValue => entry.kind === 'keyValue' && entry.key.name === name);
  assert.ok(found, `no key ${name}`);
  return found;
}

test('include paths join the includer folder like Go filepath.Join', { skip: !posix }, () => {
  assert.equal(resolveIncludePath('/conf/main.conf', 'a.conf'), '/conf/a.conf');
  assert.equal(resolveIncludePath('/conf/main.conf', 'sub/a.conf'), '/conf/sub/a.conf');
  assert.equal(resolveIncludePath('/conf/sub/a.conf', 'deeper/b.conf'), '/conf/sub/deeper/b.conf');
  assert.equal(resolveIncludePath('/conf/sub/a.conf', '../b.conf'), '/conf/b.conf');
  // 2.9.10: `include /srv/conf/inc/a.conf` in /srv/conf/i7.conf opens /srv/conf/srv/conf/inc/a.conf.
  assert.equal(resolveIncludePath('/srv/conf/i7.conf', '/srv/conf/inc/a.conf'), '/srv/conf/srv/conf/inc/a.conf');
  // 2.9.10: `include ""` reads the folder itself ("read .: is a directory").
  assert.equal(resolveIncludePath('/conf/main.conf', ''), '/conf');
});

test('collectIncludes finds includes at any depth, in document order', () => {
  const document = parse('include a.conf\ncluster {\n  include b.conf\n}\nlist: [ { include c.conf } ]\ninclude d.conf\n');
  assert.deepEqual(
    collectIncludes(document).map((include) => include.path?.value),
    ['a.conf', 'b.conf', 'c.conf', 'd.conf'],
  );
});

test('prefetch reads each reachable file once, nested includes relative to their own folder', async () => {
  const environment = fakeEnvironment({
    '/conf/sub/a.conf': 'include deeper/b.conf\ninclude deeper/b.conf\n',
    '/conf/sub/deeper/b.conf': 'include ../a.conf\n',
  });
  const document = parse('include sub/a.conf\ninclude missing.conf\ninclude main.conf\n');
  const cache = await prefetchIncludes({ path: '/conf/main.conf', document }, environment);
  assert.deepEqual([...environment.reads.entries()].sort(), [
    ['/conf/missing.conf', 1],
    ['/conf/sub/a.conf', 1],
    ['/conf/sub/deeper/b.conf', 1],
  ]);
  assert.equal(cache.get('/conf/sub/a.conf')?.status, 'ok');
  assert.equal(cache.get('/conf/missing.conf')?.status, 'not-found');
  assert.equal(cache.get('/conf/main.conf'), undefined); // the root is never re-read
  assert.equal(cache.truncated, false);
});

test('included variables are visible to later references in the includer (2.9.10: valid)', async () => {
  const text = 'include sub/a.conf\nport: $P\n';
  const files = { '/conf/sub/a.conf': 'P: 4333\ninclude deeper/b.conf\n', '/conf/sub/deeper/b.conf': 'Q: 1\n' };
  const analysis = await analyzeText(text, { files });
  assert.deepEqual(summary(analysis), []);
  const [reference] = [...analysis.resolution.variables.values()];
  assert.equal(reference.source, 'config');
  if (reference.source !== 'config') return;
  assert.equal(reference.uri, 'file:///conf/sub/a.conf');
  const included = analysis.resolution.files.get('/conf/sub/a.conf');
  assert.ok(included);
  assert.equal(reference.definition, keyNamed(included.document.entries, 'P'));
  assert.ok(analysis.resolution.usedAsVariable.has(reference.definition));
  // Q (from the nested include) is merged too but unused (2.9.10: unknown field "Q").
  const top = analysis.resolution.maps.get(analysis.tree);
  assert.deepEqual([...(top?.keys() ?? [])], ['P', 'Q', 'port']);
  assert.equal(top?.get('Q')?.uri, 'file:///conf/sub/deeper/b.conf');
  assert.ok(!analysis.resolution.usedAsVariable.has(top!.get('Q')!.definition));

  const include = analysis.resolution.includes.get(analysis.tree.entries[0] as never);
  assert.equal(include?.status, 'ok');
  assert.equal(include?.status === 'ok' && include.path, '/conf/sub/a.conf');
  assert.equal(include?.status === 'ok' && include.document, included.document);
});

test('a reference before the include does not see its keys (2.9.10: can not be found)', async () => {
  const text = 'port: $Y\ninclude y.conf\n';
  const analysis = await analyzeText(text, { files: { '/conf/y.conf': 'Y: 4333\n' } });
  assert.deepEqual(summary(analysis), ['variable-undefined@0:6-0:8']);
});

test('an included file cannot see the includer variables (2.9.10: error parsing include file)', async () => {
  const text = 'X: 4222\ninclude uses_x.conf\n';
  const analysis = await analyzeText(text, { files: { '/conf/uses_x.conf': '\nport: $X\n' } });
  assert.deepEqual(summary(analysis), ['include-parse-error@1:8-1:19']);
  const [diagnostic] = analysis.diagnostics;
  assert.equal(diagnostic.severity, 'error');
  assert.match(diagnostic.message, /"uses_x\.conf" has an error on line 2: Variable "\$X" is not defined/);
  assert.deepEqual(diagnostic.related, [
    {
      uri: 'file:///conf/uses_x.conf',
      range: { start: { line: 1, character: 6 }, end: { line: 1, character: 8 } },
      message: analysis.diagnostics[0].related?.[0].message,
    },
  ]);
  // The environment is still consulted (2.9.10 with X=4555: valid).
  const withEnv = await analyzeText(text, { files: { '/conf/uses_x.conf': 'port: $X\n' }, env: { X: '4555' } });
  assert.deepEqual(summary(withEnv), []);
});

test('include inside a block merges into that block (2.9.10: valid; not visible after the block)', async () => {
  const files = { '/conf/y.conf': 'Y: 4333\n' };
  const inside = await analyzeText('cluster {\n  include y.conf\n  port: $Y\n}\n', { files });
  assert.deepEqual(summary(inside), []);
  const cluster = keyNamed(inside.tree.entries, 'cluster').value as MapValue;
  assert.deepEqual([...(inside.resolution.maps.get(cluster)?.keys() ?? [])], ['Y', 'port']);

  const after = await analyzeText('cluster {\n  include y.conf\n}\nport: $Y\n', { files });
  assert.deepEqual(summary(after), ['variable-undefined@3:6-3:8']);
});

test('merge order: later keys override the include, the include overrides earlier keys', async () => {
  // 2.9.10 with bad_port.conf = `port: "abc"`: include then `port: 2` is valid; `port: 2` then
  // include reports the string from bad_port.conf.
  const files = { '/conf/bad_port.conf': 'port: "abc"\n' };
  const later = await analyzeText('include bad_port.conf\nport: 2\n', { files });
  const laterTop = later.resolution.maps.get(later.tree);
  assert.equal(laterTop?.get('port')?.uri, 'file:///conf/main.conf');
  const earlier = await analyzeText('port: 2\ninclude bad_port.conf\n', { files });
  const earlierTop = earlier.resolution.maps.get(earlier.tree);
  assert.equal(earlierTop?.get('port')?.uri, 'file:///conf/bad_port.conf');
  assert.equal(earlierTop?.get('port')?.resolved?.kind, 'string');
});

test('a missing include is include-not-found at the path (2.9.10: open ...: no such file or directory)', async () => {
  const text = 'port: 4222\ninclude "sub/missing.conf"\n';
  const analysis = await analyzeText(text);
  assert.deepEqual(summary(analysis), ['include-not-found@1:8-1:26']);
  const [diagnostic] = analysis.diagnostics;
  assert.equal(diagnostic.severity, 'error');
  assert.deepEqual(diagnostic.range, rangeOf(text, '"sub/missing.conf"'));
  assert.match(diagnostic.message, /not found: \/conf\/sub\/missing\.conf/);
  assert.match(diagnostic.message, /relative to the folder of the file that contains the include \(\/conf\)/);
  assert.deepEqual(diagnostic.data, { written: 'sub/missing.conf', path: '/conf/sub/missing.conf' });
});

test('an absolute include path is joined under the includer folder', { skip: !posix }, async () => {
  // 2.9.10: `include /nonexist/x.conf` -> open nonexist/x.conf (joined to ".").
  const text = 'include /etc/nats/tls.conf\n';
  const files = { '/etc/nats/tls.conf': 'port: 1\n' };
  const analysis = await analyzeText(text, { files });
  assert.deepEqual(summary(analysis), ['include-not-found@0:8-0:26']);
  assert.match(analysis.diagnostics[0].message, /not found: \/conf\/etc\/nats\/tls\.conf/);
  assert.match(analysis.diagnostics[0].message, /absolute path is not used as is/);
  const joined = await analyzeText(text, { files: { '/conf/etc/nats/tls.conf': 'port: 1\n' } });
  assert.deepEqual(summary(joined), []);
});

test('a folder or unreadable include is include-unreadable (2.9.10: read sub: is a directory)', async () => {
  const files = {
    '/conf/sub': { folder: true as const },
    '/conf/big.conf': { failure: { ok: false as const, reason: 'too-large' as const, message: '/conf/big.conf is larger than 16777216 bytes' } },
  };
  const analysis = await analyzeText('include sub\ninclude big.conf\ninclude ""\n', { files: { ...files, '/conf': { folder: true } } });
  assert.deepEqual(summary(analysis), [
    'include-unreadable@0:8-0:11',
    'include-unreadable@1:8-1:16',
    'include-unreadable@2:8-2:10',
  ]);
  assert.match(analysis.diagnostics[0].message, /\/conf\/sub cannot be read: \/conf\/sub is a folder/);
  assert.deepEqual(analysis.diagnostics[1].data, { written: 'big.conf', path: '/conf/big.conf', reason: 'too-large' });
});

test('an include cycle is include-cycle naming the chain (2.9.10: stack overflow crash)', async () => {
  const self = await analyzeText('port: 1\ninclude main.conf\n');
  assert.deepEqual(summary(self), ['include-cycle@1:8-1:17']);
  assert.match(self.diagnostics[0].message, /Include cycle: main\.conf → main\.conf/);
  assert.match(self.diagnostics[0].message, /stack overflow/);

  const files = { '/conf/b.conf': 'include main.conf\n' };
  const pair = await analyzeText('include b.conf\n', { files });
  assert.deepEqual(summary(pair), ['include-parse-error@0:8-0:14']);
  assert.match(pair.diagnostics[0].message, /Include cycle: main\.conf → b\.conf → main\.conf/);
  assert.deepEqual(pair.diagnostics[0].related?.[0].uri, 'file:///conf/b.conf');
  assert.deepEqual(pair.diagnostics[0].related?.[0].range, { start: { line: 0, character: 8 }, end: { line: 0, character: 17 } });
});

test('a syntax error in an included file is include-parse-error naming file and line', async () => {
  // 2.9.10: error parsing include file 'inc_syntax.conf', Parse error on line 3: ...
  const files = { '/conf/inc_syntax.conf': 'a: 1\nb: [\n' };
  const analysis = await analyzeText('include inc_syntax.conf\n', { files });
  assert.deepEqual(summary(analysis), ['include-parse-error@0:8-0:23']);
  const [diagnostic] = analysis.diagnostics;
  assert.equal(diagnostic.severity, 'error');
  assert.match(diagnostic.message, /^The included file "inc_syntax\.conf" has an error on line 3: /);
  assert.equal(diagnostic.related?.[0].uri, 'file:///conf/inc_syntax.conf');
  assert.deepEqual(diagnostic.data, { written: 'inc_syntax.conf', path: '/conf/inc_syntax.conf', line: 3 });
});

test('the line named for an included file counts \\n only, like nats-server (2.9.10: "on line 1" after a lone CR)', async () => {
  const files = { '/conf/cr.conf': 'a: 1\rb: $NOPE\n' };
  const analysis = await analyzeText('include cr.conf\n', { files });
  assert.deepEqual(summary(analysis), ['include-parse-error@0:8-0:15']);
  assert.match(analysis.diagnostics[0].message, /has an error on line 1: Variable "\$NOPE"/);
  // The related location is an editor range: the lone CR starts line 2 there.
  assert.deepEqual(analysis.diagnostics[0].related?.[0].range, { start: { line: 1, character: 3 }, end: { line: 1, character: 8 } });
});

test('errors in nested includes surface at the root include with the whole chain related', async () => {
  // 2.9.10: error parsing include file 'n/a.conf', error parsing include file 'm/b.conf', Parse error on line 2
  const files = { '/conf/n/a.conf': 'include m/b.conf\n', '/conf/n/m/b.conf': 'x: [\n' };
  const analysis = await analyzeText('include n/a.conf\n', { files });
  assert.deepEqual(summary(analysis), ['include-parse-error@0:8-0:16']);
  const related = analysis.diagnostics[0].related ?? [];
  assert.deepEqual(
    related.map((r) => `${r.uri}@${r.range.start.line}`),
    // b.conf's problem, then its own related note ("opened here") in b.conf
    ['file:///conf/n/a.conf@0', 'file:///conf/n/m/b.conf@1', 'file:///conf/n/m/b.conf@0'],
  );
  assert.match(analysis.diagnostics[0].message, /"n\/a\.conf" has an error on line 1: The included file "m\/b\.conf" has an error on line 2/);
});

test('a dangling final key in an included file: ignored for 2.9, an error for later versions', async () => {
  const files = { '/conf/d.conf': 'port: 1\ndebug\n' };
  const old = await analyzeText('include d.conf\n', { files, serverVersion: '2.9' });
  assert.deepEqual(summary(old), []);
  const latest = await analyzeText('include d.conf\n', { files });
  assert.deepEqual(summary(latest), ['include-parse-error@0:8-0:14']);
});

test('an untitled document reports its includes as information, and softens undefined variables', async () => {
  const text = 'include tls.conf\nport: $P\n';
  const analysis = await analyzeText(text, { path: undefined });
  assert.deepEqual(summary(analysis), ['include-unresolved@0:8-0:16', 'variable-undefined@1:6-1:8']);
  assert.equal(analysis.diagnostics[0].severity, 'information');
  assert.equal(analysis.diagnostics[1].severity, 'warning');
  assert.match(analysis.diagnostics[1].message, /include that could not be read/);
  assert.equal([...analysis.resolution.includes.values()][0].status, 'no-base');
});

test('an include without a usable path adds nothing to the syntax error', async () => {
  const analysis = await analyzeText('include [ a ]\n');
  assert.ok(analysis.diagnostics.length > 0);
  assert.ok(analysis.diagnostics.every((d) => d.code.startsWith('syntax-')));
});

test('a file included twice is read and resolved once, and merged twice', async () => {
  const files = { '/conf/bad_port.conf': 'port: "abc"\n' };
  const environment = fakeEnvironment(files);
  // 2.9.10: include twice then `port: 2` -> valid.
  const analysis = await analyzeText('include bad_port.conf\ninclude bad_port.conf\nport: 2\n', { environment });
  assert.deepEqual(summary(analysis), []);
  assert.equal(environment.reads.get('/conf/bad_port.conf'), 1);
  assert.equal(analysis.resolution.includes.size, 2);
});

test('10,000 includes in one file work', async () => {
  const count = 10_000;
  const files: Record<string, string> = {};
  let text = '';
  for (let i = 0; i < count; i++) {
    files[`/conf/parts/p${i}.conf`] = `v${i}: ${i}\n`;
    text += `include parts/p${i}.conf\n`;
  }
  text += `last: $v${count - 1}\n`;
  const analysis = await analyzeText(text, { files });
  assert.deepEqual(summary(analysis), []);
  assert.equal(analysis.resolution.maps.get(analysis.tree)?.size, count + 1);
});

test('a chain of 500 nested includes works; past the depth limit is include-limit', async () => {
  const files: Record<string, string> = {};
  let folder = '/conf';
  for (let i = 0; i < 500; i++) {
    files[`${folder}/n/next.conf`] = `d${i}: ${i}\n${i < 499 ? 'include n/next.conf\n' : ''}`;
    folder += '/n';
  }
  const deep = await analyzeText('include n/next.conf\nport: $d499\n', { files });
  assert.deepEqual(summary(deep), []);

  const limited = await analyzeText('include n/next.conf\nport: $d1\n', { files, service: { includeLimits: { maxDepth: 3 } } });
  assert.deepEqual(summary(limited), ['include-limit@0:8-0:19']);
  assert.equal(limited.diagnostics[0].severity, 'warning');
  assert.match(limited.diagnostics[0].message, /more than 3 levels deep/);
});

test('more included files than the file limit: the rest is include-limit', async () => {
  const files: Record<string, string> = {};
  let text = '';
  for (let i = 0; i < 5; i++) {
    files[`/conf/p${i}.conf`] = `v${i}: ${i}\n`;
    text += `include p${i}.conf\n`;
  }
  const analysis = await analyzeText(text, { files, service: { includeLimits: { maxFiles: 3 } } });
  assert.deepEqual(summary(analysis), ['include-limit@3:8-3:15', 'include-limit@4:8-4:15']);
  assert.match(analysis.diagnostics[0].message, /more than 3 files are included/);
});

test('with the node environment: real folders, nested relative paths, missing files', { skip: !posix }, async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nats-conf-includes-'));
  try {
    mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
    writeFileSync(path.join(root, 'sub', 'a.conf'), 'P: 4333\ninclude deeper/b.conf\n');
    writeFileSync(path.join(root, 'sub', 'deeper', 'b.conf'), 'Q: $P2\n');
    const mainPath = path.join(root, 'main.conf');
    const text = 'include sub/a.conf\nport: $P\ninclude sub\ninclude nope.conf\n';
    const analysis = await analyzeText(text, {
      path: mainPath,
      uri: pathToFileURL(mainPath).href,
      environment: createNodeEnvironment({ P2: '1' }),
    });
    assert.deepEqual(summary(analysis), ['include-unreadable@2:8-2:11', 'include-not-found@3:8-3:17']);
    const top = analysis.resolution.maps.get(analysis.tree);
    assert.equal(top?.get('Q')?.uri, pathToFileURL(path.join(root, 'sub', 'deeper', 'b.conf')).href);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
