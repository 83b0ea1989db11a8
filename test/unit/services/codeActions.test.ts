/**
 * Quick fixes: for each family, the exact titles and edits, and that applying the preferred fix
 * makes the diagnostic go away on a fresh analysis; "Fix all"; diagnostics without data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic as LspDiagnostic, TextEdit } from 'vscode-languageserver-types';
import type { Diagnostic } from '../../../server/src/analysis/diagnostic';
import { createLanguageService, type Analysis, type AnalysisSettings } from '../../../server/src/languageService';
import { companionNames, FIX_ALL_TITLE } from '../../../server/src/services/codeActions';
import { fakeEnvironment, type FakeFile } from '../analysis/helpers';

const URI = 'file:///conf/main.conf';
const PATH = '/conf/main.conf';
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

interface Options {
  files?: Record<string, FakeFile>;
  settings?: Partial<AnalysisSettings>;
  path?: string | undefined;
  only?: string[];
}

function toLsp(d: Diagnostic): LspDiagnostic {
  const severity = { error: 1, warning: 2, information: 3, hint: 4 }[d.severity] as LspDiagnostic['severity'];
  return { range: d.range, severity, code: d.code, source: d.source, message: d.message, ...(d.data !== undefined ? { data: d.data } : {}) };
}

async function analyze(text: string, options: Options = {}) {
  const service = createLanguageService(fakeEnvironment(options.files ?? {}));
  const path = 'path' in options ? options.path : PATH;
  const analyzed = await service.analyze({ uri: path ? URI : 'untitled:Untitled-1', path, text }, options.settings ?? {});
  // The certificate files these configs name do not exist: the certificate checks (cert-*) have their own tests.
  const analysis = { ...analyzed, diagnostics: analyzed.diagnostics.filter((d) => !d.code.startsWith('cert-')) };
  return { service, analysis };
}

/** The actions for the diagnostics with `code` (sent as a client would, with their data). */
async function actionsFor(text: string, code: string, options: Options = {}): Promise<{ actions: CodeAction[]; analysis: Analysis }> {
  const { service, analysis } = await analyze(text, options);
  const diagnostics = analysis.diagnostics.filter((d) => d.code === code);
  assert.ok(diagnostics.length > 0, `no ${code} in:\n${analysis.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  const actions = await service.codeActions(analysis, { range: diagnostics[0].range, diagnostics: diagnostics.map(toLsp), only: options.only });
  return { actions, analysis };
}

/** Title, and "*" for the preferred one. */
function titles(actions: CodeAction[]): string[] {
  return actions.map((a) => `${a.isPreferred ? '* ' : ''}${a.title}`);
}

function editsOf(action: CodeAction, uri = URI): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

/** Applies LSP text edits (non-overlapping, as the protocol requires) to `text`. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (p.line < starts.length ? starts[p.line] + p.character : text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start) || offset(b.range.end) - offset(a.range.end));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

async function codesOf(text: string, options: Options = {}): Promise<string[]> {
  return (await analyze(text, options)).analysis.diagnostics.map((d) => d.code);
}

/** Applies the preferred action and checks the code is gone; returns the new text. */
async function applyPreferred(text: string, code: string, actions: CodeAction[], options: Options = {}): Promise<string> {
  const preferred = actions.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1, `one preferred action for ${code}: ${titles(actions).join(' | ')}`);
  const fixed = applyEdits(text, editsOf(preferred[0]));
  const after = await codesOf(fixed, options);
  assert.ok(!after.includes(code), `${code} is still reported after "${preferred[0].title}":\n${fixed}`);
  return fixed;
}

// ---------------------------------------------------------------------------------------------
// Missing key_file / cert_file

test('missing key_file: the key next to the certificate is added (server-cert.pem → server-key.pem)', async () => {
  const text = 'tls {\n  cert_file: "./server-cert.pem"\n}\n';
  const files = { '/conf/server-cert.pem': 'C', '/conf/server-key.pem': 'K' };
  const { actions } = await actionsFor(text, 'tls-missing-key-file', { files });
  assert.deepEqual(titles(actions), ['* Add key_file: "./server-key.pem"', 'Remove cert_file']);
  assert.deepEqual(editsOf(actions[0]), [{ range: { start: { line: 1, character: 32 }, end: { line: 1, character: 32 } }, newText: '\n  key_file: "./server-key.pem"' }]);
  assert.equal(actions[0].kind, 'quickfix');
  assert.equal((actions[0].diagnostics ?? [])[0].code, 'tls-missing-key-file');
  const fixed = await applyPreferred(text, 'tls-missing-key-file', actions, { files });
  assert.equal(fixed, 'tls {\n  cert_file: "./server-cert.pem"\n  key_file: "./server-key.pem"\n}\n');
  assert.equal(applyEdits(text, editsOf(actions[1])), 'tls {\n}\n');
});

test('missing key_file: tls.crt → tls.key in a sub-folder, fullchain.pem → privkey.pem by absolute path, inline blocks', async () => {
  const crt = 'cluster { tls { cert_file: "certs/tls.crt" } }\n';
  const files = { '/conf/certs/tls.crt': 'C', '/conf/certs/tls.key': 'K' };
  const a = await actionsFor(crt, 'tls-missing-key-file', { files });
  assert.deepEqual(titles(a.actions), ['* Add key_file: "certs/tls.key"', 'Remove cert_file']);
  assert.equal(await applyPreferred(crt, 'tls-missing-key-file', a.actions, { files }), 'cluster { tls { cert_file: "certs/tls.crt", key_file: "certs/tls.key" } }\n');

  const le = 'tls {\n    cert_file: "/etc/letsencrypt/live/nats/fullchain.pem"\n}\n';
  const leFiles = { '/etc/letsencrypt/live/nats/fullchain.pem': 'C', '/etc/letsencrypt/live/nats/privkey.pem': 'K' };
  const b = await actionsFor(le, 'tls-missing-key-file', { files: leFiles });
  assert.deepEqual(titles(b.actions), ['* Add key_file: "/etc/letsencrypt/live/nats/privkey.pem"', 'Remove cert_file']);
  assert.equal(
    await applyPreferred(le, 'tls-missing-key-file', b.actions, { files: leFiles }),
    'tls {\n    cert_file: "/etc/letsencrypt/live/nats/fullchain.pem"\n    key_file: "/etc/letsencrypt/live/nats/privkey.pem"\n}\n',
  );
});

test('missing key_file: several matching files are all offered, the first preferred', async () => {
  const text = 'tls {\n  cert_file: "cert.pem"\n}\n';
  const files = { '/conf/cert.pem': 'C', '/conf/key.pem': 'K', '/conf/privkey.pem': 'K' };
  const { actions } = await actionsFor(text, 'tls-missing-key-file', { files });
  assert.deepEqual(titles(actions), ['* Add key_file: "key.pem"', 'Add key_file: "privkey.pem"', 'Remove cert_file']);
});

test('missing key_file: without a matching file, a placeholder (not preferred) and the removal', async () => {
  const text = 'tls {\n  cert_file: "./server-cert.pem"\n}\n';
  const { actions } = await actionsFor(text, 'tls-missing-key-file', { files: { '/conf/server-cert.pem': 'C', '/conf/other.pem': 'X' } });
  assert.deepEqual(titles(actions), ['Add key_file', 'Remove cert_file']);
  assert.equal(applyEdits(text, editsOf(actions[0])), 'tls {\n  cert_file: "./server-cert.pem"\n  key_file: ""\n}\n');
});

test('missing key_file: relative paths resolve against natsConf.paths.base; an untitled document guesses nothing', async () => {
  const text = 'tls {\n  cert_file: "server-cert.pem"\n}\n';
  const files = { '/srv/nats/server-key.pem': 'K' };
  const based = await actionsFor(text, 'tls-missing-key-file', { files, settings: { pathBase: '/srv/nats' } });
  assert.deepEqual(titles(based.actions), ['* Add key_file: "server-key.pem"', 'Remove cert_file']);
  const untitled = await actionsFor(text, 'tls-missing-key-file', { files: { '/conf/server-key.pem': 'K' }, path: undefined });
  assert.deepEqual(titles(untitled.actions), ['Add key_file', 'Remove cert_file']);
});

test('missing cert_file: the certificate next to the key is added (server-key.pem → server-cert.pem)', async () => {
  const text = 'tls {\n  key_file: "./certs/server-key.pem"\n}\n';
  const files = { '/conf/certs/server-cert.pem': 'C', '/conf/certs/server-key.pem': 'K' };
  const { actions } = await actionsFor(text, 'tls-missing-cert-file', { files });
  assert.deepEqual(titles(actions), ['* Add cert_file: "./certs/server-cert.pem"', 'Remove key_file']);
  assert.equal(
    await applyPreferred(text, 'tls-missing-cert-file', actions, { files }),
    'tls {\n  key_file: "./certs/server-key.pem"\n  cert_file: "./certs/server-cert.pem"\n}\n',
  );
});

test('companion names: the usual pairings, both ways', () => {
  const key = (name: string) => companionNames(name, 'key_file');
  const cert = (name: string) => companionNames(name, 'cert_file');
  assert.equal(key('server-cert.pem')[0], 'server-key.pem');
  assert.equal(key('tls.crt')[0], 'tls.key');
  assert.equal(key('x.crt')[0], 'x.key');
  assert.deepEqual(key('cert.pem'), ['key.pem', 'privkey.pem']);
  assert.equal(key('fullchain.pem')[0], 'privkey.pem');
  assert.equal(key('server.pem')[0], 'server-key.pem');
  assert.equal(key('SERVER-CERT.PEM')[0], 'SERVER-KEY.PEM');
  assert.equal(cert('server-key.pem')[0], 'server-cert.pem');
  assert.equal(cert('tls.key')[0], 'tls.cert');
  assert.ok(cert('tls.key').includes('tls.crt'));
  assert.deepEqual(cert('privkey.pem').slice(0, 2), ['fullchain.pem', 'cert.pem']);
  assert.ok(cert('server-key.pem').includes('server.pem'));
});

// ---------------------------------------------------------------------------------------------
// Timeouts

test('timeout too low, too high, negative: the default 2 seconds, preferred', async () => {
  for (const [value, code] of [['0.0001', 'tls-timeout-too-low'], ['600', 'tls-timeout-too-high'], ['-1', 'tls-timeout-negative']]) {
    const text = `tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  timeout: ${value}\n}\n`;
    const { actions } = await actionsFor(text, code);
    assert.deepEqual(titles(actions), ['* Use the default, 2 seconds'], code);
    assert.deepEqual(editsOf(actions[0]), [{ range: { start: { line: 3, character: 11 }, end: { line: 3, character: 11 + value.length } }, newText: '2' }]);
    assert.equal(await applyPreferred(text, code, actions), text.replace(`timeout: ${value}`, 'timeout: 2'));
  }
});

test('unquoted timeout: 1m: quote it (preferred), or the default', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  timeout: 1m\n}\n';
  const { actions } = await actionsFor(text, 'tls-unquoted-duration');
  assert.deepEqual(titles(actions), ['* Quote it: "1m"', 'Use the default, 2 seconds']);
  const range = { start: { line: 3, character: 11 }, end: { line: 3, character: 13 } };
  assert.deepEqual(editsOf(actions[0]), [{ range, newText: '"1m"' }]);
  assert.deepEqual(editsOf(actions[1]), [{ range, newText: '2' }]);
  assert.equal(await applyPreferred(text, 'tls-unquoted-duration', actions), text.replace('1m', '"1m"'));
});

test('a duration without unit gets seconds', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  timeout: "2"\n}\n';
  const { actions } = await actionsFor(text, 'tls-invalid-duration');
  assert.deepEqual(titles(actions), ['* Change to "2s"']);
  assert.equal(await applyPreferred(text, 'tls-invalid-duration', actions), text.replace('"2"', '"2s"'));
});

// ---------------------------------------------------------------------------------------------
// Did you mean: ciphers, curves, keys; keys too new

test('unknown cipher: each candidate, the first preferred', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA25" ]\n}\n';
  const { actions } = await actionsFor(text, 'tls-unknown-cipher');
  assert.deepEqual(titles(actions), [
    '* Change to TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    'Change to TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
    'Change to TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  ]);
  assert.deepEqual(editsOf(actions[0]), [{ range: { start: { line: 3, character: 19 }, end: { line: 3, character: 57 } }, newText: '"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"' }]);
  await applyPreferred(text, 'tls-unknown-cipher', actions);
});

test('unknown curve: the candidate', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  curve_preferences: [ "P256" ]\n}\n';
  const { actions } = await actionsFor(text, 'tls-unknown-curve');
  assert.deepEqual(titles(actions), ['* Change to CurveP256']);
  assert.equal(await applyPreferred(text, 'tls-unknown-curve', actions), text.replace('"P256"', '"CurveP256"'));
});

test('unknown key: the did-you-mean, keeping the key\'s quotes', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  verfy: true\n}\n';
  const { actions } = await actionsFor(text, 'unknown-field');
  assert.deepEqual(titles(actions), ['* Change to verify']);
  assert.deepEqual(editsOf(actions[0]), [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } }, newText: 'verify' }]);
  await applyPreferred(text, 'unknown-field', actions);

  const quoted = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  "verfy": true\n}\n';
  const q = await actionsFor(quoted, 'unknown-field');
  assert.deepEqual(editsOf(q.actions[0]), [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } }, newText: '"verify"' }]);
  await applyPreferred(quoted, 'unknown-field', q.actions);
});

test('unknown key without candidates: no action', async () => {
  const text = 'port: 4222\nzzzzqqqq: 1\n';
  const { actions } = await actionsFor(text, 'unknown-field');
  assert.deepEqual(actions, []);
});

test('a key newer than the target: removing it is offered, never preferred', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  handshake_first: true\n}\n';
  const options = { settings: { serverVersion: '2.9' as const } };
  const { actions } = await actionsFor(text, 'field-too-new', options);
  assert.deepEqual(titles(actions), ['Remove handshake_first (needs nats-server 2.10.0)']);
  const fixed = applyEdits(text, editsOf(actions[0]));
  assert.equal(fixed, 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n}\n');
  assert.ok(!(await codesOf(fixed, options)).includes('field-too-new'));

  const inline = 'tls { cert_file: "a.pem", handshake_first: true, key_file: "a-key.pem" }\n';
  const i = await actionsFor(inline, 'field-too-new', options);
  const fixedInline = applyEdits(inline, editsOf(i.actions[0]));
  assert.equal(fixedInline, 'tls { cert_file: "a.pem", key_file: "a-key.pem" }\n');
  assert.deepEqual(await codesOf(fixedInline, options), []);
});

// ---------------------------------------------------------------------------------------------
// Insecure suites, insecure: true

test('insecure suites on 2.12: remove them (preferred) or allow them', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  cipher_suites: [\n    "TLS_RSA_WITH_AES_128_CBC_SHA"\n    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"\n  ]\n}\n';
  const options = { settings: { serverVersion: '2.12' as const } };
  const { actions } = await actionsFor(text, 'tls-insecure-ciphers-not-allowed', options);
  assert.deepEqual(titles(actions), ['* Remove the insecure suites', 'Allow them: add allow_insecure_cipher_suites: true']);
  assert.equal(
    await applyPreferred(text, 'tls-insecure-ciphers-not-allowed', actions, options),
    'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  cipher_suites: [\n    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"\n  ]\n}\n',
  );
  const allowed = applyEdits(text, editsOf(actions[1]));
  assert.equal(allowed, text.replace('  ]\n', '  ]\n  allow_insecure_cipher_suites: true\n'));
  assert.ok(!(await codesOf(allowed, options)).includes('tls-insecure-ciphers-not-allowed'));
});

test('an insecure suite (warning before 2.12): remove it', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  cipher_suites: [ "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" ]\n}\n';
  const options = { settings: { serverVersion: '2.10' as const } };
  const { actions } = await actionsFor(text, 'tls-insecure-cipher', options);
  assert.deepEqual(titles(actions), ['* Remove TLS_RSA_WITH_AES_128_CBC_SHA']);
  assert.equal(await applyPreferred(text, 'tls-insecure-cipher', actions, options), text.replace('"TLS_RSA_WITH_AES_128_CBC_SHA", ', ''));
});

test('insecure: true: remove it', async () => {
  const text = 'cluster {\n  tls {\n    cert_file: "a.pem"\n    key_file: "a-key.pem"\n    insecure: true\n  }\n}\n';
  const { actions } = await actionsFor(text, 'tls-insecure');
  assert.deepEqual(titles(actions), ['* Remove insecure: true']);
  assert.equal(await applyPreferred(text, 'tls-insecure', actions), text.replace('    insecure: true\n', ''));

  // Between other entries on one line, its separator goes with it (else `, ,` would not parse).
  const inline = 'cluster { tls { cert_file: "a.pem", insecure: true, key_file: "a-key.pem" } }\n';
  const i = await actionsFor(inline, 'tls-insecure');
  const fixed = await applyPreferred(inline, 'tls-insecure', i.actions);
  assert.equal(fixed, 'cluster { tls { cert_file: "a.pem", key_file: "a-key.pem" } }\n');
  assert.deepEqual(await codesOf(fixed), []);
});

// ---------------------------------------------------------------------------------------------
// Kinds and forms

test('quoted boolean: unquote it', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  verify: "true"\n}\n';
  const { actions } = await actionsFor(text, 'tls-wrong-type');
  assert.deepEqual(titles(actions), ['* Change to true']);
  assert.deepEqual(editsOf(actions[0]), [{ range: { start: { line: 3, character: 10 }, end: { line: 3, character: 16 } }, newText: 'true' }]);
  assert.equal(await applyPreferred(text, 'tls-wrong-type', actions), text.replace('"true"', 'true'));
});

test('min_version: 1.2: quote it', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  min_version: 1.2\n}\n';
  const { actions } = await actionsFor(text, 'tls-min-version-unquoted');
  assert.deepEqual(titles(actions), ['* Change to "1.2"']);
  assert.equal(await applyPreferred(text, 'tls-min-version-unquoted', actions), text.replace('1.2', '"1.2"'));
});

test('an empty list: remove the key', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  curve_preferences: []\n}\n';
  const { actions } = await actionsFor(text, 'tls-empty-list');
  assert.deepEqual(titles(actions), ['* Remove curve_preferences']);
  assert.equal(await applyPreferred(text, 'tls-empty-list', actions), 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n}\n');
});

test('plain seconds where a duration is wanted: ping_interval: 60 → "60s"', async () => {
  const text = 'port: 4222\nping_interval: 60\n';
  const { actions } = await actionsFor(text, 'deprecated-value-form');
  assert.deepEqual(titles(actions), ['* Change to "60s"']);
  assert.deepEqual(editsOf(actions[0]), [{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 17 } }, newText: '"60s"' }]);
  assert.equal(await applyPreferred(text, 'deprecated-value-form', actions), 'port: 4222\nping_interval: "60s"\n');
});

// ---------------------------------------------------------------------------------------------
// Fix all

const SEVERAL = [
  'tls {',
  '  cert_file: "./server-cert.pem"',
  '  timeout: 0.0001',
  '  verify: "true"',
  '  min_version: 1.2',
  '  cipher_suites: []',
  '  curve_preferences: [ "P256" ]',
  '  verfy: true',
  '}',
  'cluster {',
  '  tls {',
  '    cert_file: "c.pem"',
  '    key_file: "c-key.pem"',
  '    insecure: true',
  '    timeout: 600',
  '  }',
  '}',
  'ping_interval: 60',
  '',
].join('\n');
const SEVERAL_FILES = { '/conf/server-cert.pem': 'C', '/conf/server-key.pem': 'K' };

test('fix all: the safe preferred fixes together; removals, decisions and working values are left', async () => {
  const { service, analysis } = await analyze(SEVERAL, { files: SEVERAL_FILES });
  const actions = await service.codeActions(analysis, { range: EVERYWHERE, diagnostics: [], only: ['source.fixAll'] });
  assert.deepEqual(actions.map((a) => [a.kind, a.title]), [['source.fixAll', FIX_ALL_TITLE]]);
  const fixed = applyEdits(SEVERAL, editsOf(actions[0]));
  assert.equal(fixed, [
    'tls {',
    '  cert_file: "./server-cert.pem"',
    '  key_file: "./server-key.pem"',
    '  timeout: 2',
    '  verify: true',
    '  min_version: "1.2"',
    '  curve_preferences: [ "CurveP256" ]',
    '  verify: true',
    '}',
    'cluster {',
    '  tls {',
    '    cert_file: "c.pem"',
    '    key_file: "c-key.pem"',
    '    insecure: true',
    '    timeout: 600',
    '  }',
    '}',
    'ping_interval: "60s"',
    '',
  ].join('\n'));
  assert.deepEqual(
    (actions[0].diagnostics ?? []).map((d) => d.code),
    ['tls-missing-key-file', 'tls-timeout-too-low', 'tls-wrong-type', 'tls-min-version-unquoted', 'tls-empty-list', 'tls-unknown-curve', 'unknown-field', 'deprecated-value-form'],
  );
  const { analysis: after } = await analyze(fixed, { files: SEVERAL_FILES });
  // Left on purpose: insecure: true (a removal), timeout: 600 (works), and the renamed
  // `verfy` now repeats `verify` (nats-server takes the last one; no finding).
  assert.deepEqual(after.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.code), ['tls-insecure', 'tls-timeout-too-high']);
  // Nothing left to fix automatically.
  const again = await service.codeActions(after, { range: EVERYWHERE, diagnostics: [], only: ['source.fixAll'] });
  assert.deepEqual(again, []);
});

test('fix all as a quick fix: offered next to the single fixes when there are several', async () => {
  const { service, analysis } = await analyze(SEVERAL, { files: SEVERAL_FILES });
  const timeout = analysis.diagnostics.find((d) => d.code === 'tls-timeout-too-low') as Diagnostic;
  const actions = await service.codeActions(analysis, { range: timeout.range, diagnostics: [toLsp(timeout)] });
  assert.deepEqual(titles(actions), ['* Use the default, 2 seconds', FIX_ALL_TITLE]);
  assert.equal(actions[1].kind, 'quickfix');
  assert.equal((actions[1].diagnostics ?? []).length, 8);
  // Not offered when only one thing can be fixed; source actions only when asked for.
  const one = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  timeout: 0.0001\n}\n';
  const single = await actionsFor(one, 'tls-timeout-too-low');
  assert.deepEqual(titles(single.actions), ['* Use the default, 2 seconds']);
  const onlyQuick = await actionsFor(one, 'tls-timeout-too-low', { only: ['quickfix'] });
  assert.deepEqual(titles(onlyQuick.actions), ['* Use the default, 2 seconds']);
  const onlySource = await actionsFor(one, 'tls-timeout-too-low', { only: ['source'] });
  assert.deepEqual(onlySource.actions.map((a) => a.kind), ['source.fixAll']);
});

test('fix all: neighbouring fixes in one list and block are all applied', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  curve_preferences: [ "P256", "P384" ]\n  timeout: 1m\n}\n';
  const { service, analysis } = await analyze(text);
  const [all] = await service.codeActions(analysis, { range: EVERYWHERE, diagnostics: [], only: ['source.fixAll'] });
  const fixed = applyEdits(text, editsOf(all));
  assert.equal(fixed, 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  curve_preferences: [ "CurveP256", "CurveP384" ]\n  timeout: "1m"\n}\n');
  assert.deepEqual(await codesOf(fixed), []);
});

test('fix all: of overlapping or touching fixes the first is taken, identical fixes are applied once', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  verify: "true"\n}\n';
  const { service, analysis } = await analyze(text);
  const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
  const made = (range: ReturnType<typeof at>, newText: string, message: string): Diagnostic => ({
    code: 'tls-wrong-type', message, severity: 'error', source: 'nats-conf', range,
    data: { key: 'verify', fixes: [{ title: 'T', edits: [{ uri: URI, range, newText }] }] },
  });
  const diagnostics = [
    made(at(3, 10, 16), 'true', 'a'),
    made(at(3, 12, 14), 'X', 'overlaps a'),
    made(at(3, 10, 16), 'true', 'same as a'),
    made(at(3, 16, 16), ' # inserted where a ends', 'touches a'),
    made(at(1, 2, 11), 'cert_file', 'elsewhere'),
  ];
  const [all] = await service.codeActions({ ...analysis, diagnostics }, { range: EVERYWHERE, diagnostics: [], only: ['source.fixAll'] });
  assert.deepEqual(editsOf(all), [
    { range: at(1, 2, 11), newText: 'cert_file' },
    { range: at(3, 10, 16), newText: 'true' },
  ]);
  assert.deepEqual((all.diagnostics ?? []).map((d) => d.message), ['a', 'same as a', 'elsewhere']);
});

test('fix all leaves ambiguous did-you-means and placeholders alone', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  cipher_suites: [ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA25" ]\n}\n';
  const { service, analysis } = await analyze(text);
  const actions = await service.codeActions(analysis, { range: EVERYWHERE, diagnostics: [], only: ['source.fixAll'] });
  assert.deepEqual(actions, []);
});

// ---------------------------------------------------------------------------------------------
// Diagnostics without data, other tools, data from the client

test('no actions for diagnostics without data, with unusable data, or of another tool', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  timeout: 0.0001\n}\nport: [\n';
  const { service, analysis } = await analyze(text);
  const syntax = analysis.diagnostics.filter((d) => d.code.startsWith('syntax-'));
  assert.ok(syntax.length > 0);
  assert.deepEqual(await service.codeActions(analysis, { range: EVERYWHERE, diagnostics: syntax.map(toLsp) }), []);
  const range = { start: { line: 9, character: 0 }, end: { line: 9, character: 1 } };
  const madeUp: LspDiagnostic[] = [
    { range, message: 'x', code: 'tls-timeout-too-low', source: 'nats-conf' },
    { range, message: 'x', code: 'tls-timeout-too-low', source: 'nats-conf', data: { fixes: [{ title: 'bad', edits: [{ range: 'nope' }] }] } },
    { range, message: 'x', code: 'unknown-field', source: 'nats-conf', data: { key: 'x', suggestions: ['y'] } },
    { range, message: 'x', code: 42, source: 'nats-conf', data: {} },
  ];
  assert.deepEqual(await service.codeActions(analysis, { range, diagnostics: madeUp }), []);
  const timeout = analysis.diagnostics.find((d) => d.code === 'tls-timeout-too-low') as Diagnostic;
  const foreign = { ...toLsp(timeout), source: 'other-linter' };
  assert.deepEqual(await service.codeActions(analysis, { range: timeout.range, diagnostics: [foreign] }), []);
});

test('a client that does not send data back still gets the fix (the analysis has it)', async () => {
  const text = 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  timeout: 0.0001\n}\n';
  const { service, analysis } = await analyze(text);
  const timeout = analysis.diagnostics.find((d) => d.code === 'tls-timeout-too-low') as Diagnostic;
  const { data: _dropped, ...withoutData } = toLsp(timeout);
  void _dropped;
  const actions = await service.codeActions(analysis, { range: timeout.range, diagnostics: [withoutData] });
  assert.deepEqual(titles(actions), ['* Use the default, 2 seconds']);
});

test('fixes in an included file edit that file', async () => {
  const text = 'include "tls.conf"\n';
  const files = { '/conf/tls.conf': 'tls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  verify: "true"\n}\n' };
  const { actions } = await actionsFor(text, 'tls-wrong-type', { files });
  assert.deepEqual(titles(actions), ['* Change to true']);
  assert.deepEqual(actions[0].edit?.changes, {
    'file:///conf/tls.conf': [{ range: { start: { line: 3, character: 10 }, end: { line: 3, character: 16 } }, newText: 'true' }],
  });
});

test('missing certificate files: one "Create development certificates here" per tls block, as a server command', async () => {
  const service = createLanguageService(fakeEnvironment({}));
  const text = 'tls {\n  cert_file: "./certs/server-cert.pem"\n  key_file: "./certs/server-key.pem"\n  ca_file: "./certs/ca.pem"\n}\n';
  const analysis = await service.analyze({ uri: URI, path: PATH, text }, {});
  const missing = analysis.diagnostics.filter((d) => d.code === 'cert-file-not-found');
  assert.equal(missing.length, 3, analysis.diagnostics.map((d) => d.code).join(', '));
  const actions = await service.codeActions(analysis, { range: missing[0].range, diagnostics: missing.map(toLsp) });
  const create = actions.filter((a) => a.title === 'Create development certificates here');
  assert.equal(create.length, 1);
  assert.equal(create[0].isPreferred, undefined);
  assert.equal(create[0].edit, undefined);
  assert.equal(create[0].command?.command, 'natsConf.server.generateCertificates');
  const [argument] = create[0].command?.arguments as [{ folder: string; files: Record<string, string>; notify: boolean }];
  assert.equal(argument.folder, '/conf/certs');
  assert.deepEqual(argument.files, { serverCert: '/conf/certs/server-cert.pem', serverKey: '/conf/certs/server-key.pem', ca: '/conf/certs/ca.pem' });
  assert.equal(argument.notify, true);
});

test("a key without value before its block's '}': removed with its line, or alone where the line has more; offered, never applied by Fix all", async () => {
  const text = 'port: 4222\ntls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n  verify\n}\n';
  const { actions, analysis } = await actionsFor(text, 'syntax-key-without-value', { settings: { serverVersion: '2.9' } });
  assert.deepEqual(titles(actions), ['Remove verify']);
  const fixed = applyEdits(text, editsOf(actions[0]));
  assert.equal(fixed, 'port: 4222\ntls {\n  cert_file: "a.pem"\n  key_file: "a-key.pem"\n}\n');
  const { analysis: after } = await analyze(fixed, { settings: { serverVersion: '2.9' } });
  assert.deepEqual(after.diagnostics.filter((d) => d.severity === 'error' || d.code.startsWith('syntax-')), []);
  assert.ok(analysis.diagnostics.some((d) => d.code === 'unknown-field'), 'the key took the block: "unknown field" at the top level');

  const oneLine = 'tls { verify }\n';
  const inline = await actionsFor(oneLine, 'syntax-key-without-value');
  assert.equal(applyEdits(oneLine, editsOf(inline.actions[0])), 'tls { }\n');
  const { service, analysis: both } = await analyze(oneLine);
  const all = await service.codeActions(both, { range: EVERYWHERE, diagnostics: [], only: ['source.fixAll'] });
  assert.deepEqual(all, []);
});
