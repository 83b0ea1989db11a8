import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '../../server/src/parser/parser';

/** Test bundles live in out/test/package/; the repository root is three folders up. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  main: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  activationEvents: string[];
  scripts: Record<string, string>;
  contributes: {
    languages: { id: string; aliases: string[]; filenames: string[]; filenamePatterns: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    snippets: { language: string; path: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown; enum?: string[] }> };
    commands: { command: string; title: string }[];
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

function repoFile(relative: string): string {
  return path.join(repoRoot, relative);
}

test('the nats-conf language is contributed with its file names', () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, 'nats-conf');
  assert.deepEqual(language.aliases, ['NATS Server Config', 'nats-conf']);
  assert.deepEqual(language.filenames, ['nats.conf', 'nats-server.conf']);
  assert.deepEqual(language.filenamePatterns, ['*.nats.conf', 'nats-*.conf']);
  assert.equal(language.configuration, './language-configuration.json');
});

test('every contributed file exists', () => {
  const files = [
    manifest.contributes.languages[0].configuration,
    ...manifest.contributes.grammars.map((grammar) => grammar.path),
    ...manifest.contributes.snippets.map((snippet) => snippet.path),
  ];
  for (const file of files) assert.ok(existsSync(repoFile(file)), `${file} is contributed but missing`);
});

test('the grammar file declares the contributed scope name', () => {
  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.language, 'nats-conf');
  assert.equal(grammar.scopeName, 'source.nats-conf');
  const contents = JSON.parse(readFileSync(repoFile(grammar.path), 'utf8')) as { scopeName: string };
  assert.equal(contents.scopeName, grammar.scopeName);
});

/** What a snippet inserts when every placeholder keeps its default text. */
function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\t/g, '  ');
}

test('the snippets include the TLS docs example and a mutual TLS block, and all parse cleanly', () => {
  const snippets = JSON.parse(readFileSync(repoFile('snippets/nats-conf.json'), 'utf8')) as Record<string, { prefix: string | string[]; body: string[]; description: string }>;
  assert.ok(snippets['TLS block'], 'a "TLS block" snippet');
  assert.equal(
    expandSnippet(snippets['TLS block'].body).trim(),
    'tls: {\n  cert_file: "./server-cert.pem"\n  key_file: "./server-key.pem"\n}',
  );
  const mutual = Object.entries(snippets).find(([name]) => /mutual/i.test(name));
  assert.ok(mutual, 'a mutual TLS snippet');
  assert.match(expandSnippet(mutual[1].body), /verify: true/);
  assert.match(expandSnippet(mutual[1].body), /ca_file:/);
  for (const [name, snippet] of Object.entries(snippets)) {
    assert.ok(snippet.prefix && snippet.description, name);
    assert.deepEqual(parse(expandSnippet(snippet.body)).errors, [], name);
  }
});

test('settings have the documented names, types and defaults', () => {
  const properties = manifest.contributes.configuration.properties;
  assert.deepEqual(Object.keys(properties).sort(), [
    'natsConf.certificates.expiryWarningDays',
    'natsConf.detectConfFiles',
    'natsConf.diagnostics.severity',
    'natsConf.paths.base',
    'natsConf.server.path',
    'natsConf.server.validateOnSave',
    'natsConf.serverVersion',
    'natsConf.trace.server',
    'natsConf.validation.delay',
  ]);
  assert.deepEqual(properties['natsConf.serverVersion'].enum, ['2.9', '2.10', '2.11', '2.12', '2.14', 'latest']);
  assert.equal(properties['natsConf.serverVersion'].default, 'latest');
  assert.equal(properties['natsConf.detectConfFiles'].default, true);
  assert.deepEqual(properties['natsConf.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.equal(properties['natsConf.validation.delay'].default, 200);
  assert.deepEqual(properties['natsConf.diagnostics.severity'].default, {});
  assert.equal(properties['natsConf.paths.base'].default, 'configFile');
  assert.equal(properties['natsConf.server.path'].default, 'nats-server');
  // An executable path must not come from an untrusted repository's workspace settings.
  assert.equal((properties['natsConf.server.path'] as { scope?: string }).scope, 'machine-overridable');
  assert.equal(properties['natsConf.server.validateOnSave'].default, false);
  const severity = properties['natsConf.diagnostics.severity'] as { additionalProperties?: { enum?: string[] } };
  assert.deepEqual(severity.additionalProperties?.enum, ['error', 'warning', 'information', 'hint', 'off']);
});

test('the commands are contributed and registered by the client bundle', () => {
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command), ['natsConf.restartServer', 'natsConf.generateCertificates', 'natsConf.showCertificateDetails', 'natsConf.validateWithNatsServer']);
  const clientBundle = readFileSync(repoFile('client/out/extension.js'), 'utf8');
  for (const { command } of manifest.contributes.commands) assert.ok(clientBundle.includes(`"${command}"`) || clientBundle.includes(`'${command}'`), command);
});

test('workspace trust and virtual workspaces are declared as limited, the executable path restricted', () => {
  const capabilities = (manifest as unknown as { capabilities: Record<string, { supported: string; description: string; restrictedConfigurations?: string[] }> }).capabilities;
  assert.equal(capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(capabilities.untrustedWorkspaces.restrictedConfigurations, ['natsConf.server.path']);
  assert.match(capabilities.untrustedWorkspaces.description, /never run/);
  assert.equal(capabilities.virtualWorkspaces.supported, 'limited');
  assert.match(capabilities.virtualWorkspaces.description, /nats-server cannot run/);
  // The claim holds only if the client serves the virtual workspace scheme.
  assert.ok(readFileSync(repoFile('client/out/extension.js'), 'utf8').includes('vscode-vfs'));
});

test('activation covers nats-conf and the languages VS Code gives other .conf files', () => {
  for (const event of ['onLanguage:nats-conf', 'onLanguage:properties', 'onLanguage:plaintext']) {
    assert.ok(manifest.activationEvents.includes(event), event);
  }
});

test('entry points, engine and scripts are wired', () => {
  assert.equal(manifest.main, './client/out/extension.js');
  assert.deepEqual(manifest.bin, { 'nats-conf-lint': './server/out/cli.js' });
  assert.equal(manifest.engines.vscode, '^1.91.0');
  for (const script of ['compile', 'watch', 'build', 'package', 'start', 'test', 'test:unit', 'test:lsp', 'test:cli', 'vscode:prepublish']) {
    assert.ok(manifest.scripts[script], `script ${script}`);
  }
  assert.match(manifest.scripts.test, /tsc -b/);
  // The whole suite, each test with a time limit (a hang fails the run).
  assert.match(manifest.scripts.test, /node --test --test-timeout=\d+ out\/test\//);
  assert.match(manifest.scripts.test, /test:grammar/);
});
