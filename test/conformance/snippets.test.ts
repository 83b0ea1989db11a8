/**
 * The snippets of snippets/nats-conf.json, expanded with their defaults and real certificates
 * (the corpus's test certificates, referenced where they are: never copied), must pass the real
 * `nats-server -t` (2.9.10) and our own analysis without an error.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLanguageService } from '../../server/src/languageService';
import { createNodeEnvironment } from '../../server/src/nodeEnvironment';
import { parse } from '../../server/src/parser/parser';
import { CONFORMANCE_ENV, REPO_ROOT, corpusRoot, firstLine, requireNatsServer, runNats } from './natsHarness';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

const snippets = JSON.parse(readFileSync(path.join(REPO_ROOT, 'snippets', 'nats-conf.json'), 'utf8')) as Record<string, Snippet>;

/** The corpus certificates; a `.pem` placeholder default names one of them by its file name. */
const CERTS_DIR = path.join(corpusRoot(), 'nats-server', 'test', 'configs', 'certs');

function certificate(written: string): string {
  const file = path.join(CERTS_DIR, path.basename(written));
  if (!existsSync(file)) throw new Error(`snippet placeholder ${written}: no ${file} in the corpus certificates (shared/ beside the repository)`);
  return file;
}

/**
 * What the snippet inserts when every placeholder keeps its default (`${1:x}` → x,
 * `${1|a,b|}` → a, `$1`/`${1}` → nothing), with `.pem` defaults replaced by `files(default)`.
 */
function expandSnippet(body: string | string[], files: (written: string) => string = (written) => written): string {
  const text = (Array.isArray(body) ? body.join('\n') : body)
    .replace(/\$\{\d+\|([^|,]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, (_match, value: string) => (/\.pem$/.test(value) ? files(value) : value))
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\t/g, '  ');
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Each snippet the issue asks for: its name and what its expansion must hold. */
const REQUIRED: Array<[name: string, patterns: RegExp[]]> = [
  ['TLS block', [/^tls: \{\n  cert_file: "\.\/server-cert\.pem"\n  key_file: "\.\/server-key\.pem"\n\}\n$/]],
  ['Mutual TLS block', [/^tls: \{/m, /ca_file: "\.\/ca\.pem"/, /verify: true/]],
  ['TLS certificate mapping (verify_and_map)', [/verify_and_map: true/, /ca_file:/, /authorization: \{\n\s+users: \[/]],
  ['Cluster TLS', [/^cluster: \{/, /port: 6222/, /\n    ca_file:/]],
  ['Gateway TLS', [/^gateway: \{/, /name: "east"/, /\n    cert_file:/, /gateways: \[/]],
  ['Leafnode remote TLS', [/^leafnodes: \{\n  remotes: \[/, /url: "tls:\/\//, /\n        cert_file:/]],
  ['WebSocket TLS', [/^websocket: \{/, /port: 8443/, /\n    cert_file:/]],
  ['HTTPS monitoring', [/^https_port: 8222\ntls: \{/]],
];

describe('snippet contents', () => {
  test('the expander handles every placeholder form', () => {
    assert.equal(expandSnippet(['a: ${1:x}', 'b: ${2|yes,no|}', 'c: ${3:./ca.pem}$0', '${4}'], (w) => `/certs/${w.slice(2)}`), 'a: x\nb: yes\nc: /certs/ca.pem\n');
  });

  for (const [name, patterns] of REQUIRED) {
    test(`"${name}" exists and inserts what it promises`, () => {
      const snippet = snippets[name];
      assert.ok(snippet, `no snippet named "${name}" in snippets/nats-conf.json`);
      assert.ok(snippet.prefix.length > 0 && snippet.description.length > 0, name);
      const text = expandSnippet(snippet.body);
      for (const pattern of patterns) assert.match(text, pattern, `${name}:\n${text}`);
      assert.doesNotMatch(text, /\$\{|\$\d/, `${name}: a placeholder was left unexpanded`);
      assert.deepEqual(parse(text).errors, [], name);
    });
  }
});

describe('snippets against nats-server -t', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'nats-conf-snippets-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const service = createLanguageService(createNodeEnvironment({ ...CONFORMANCE_ENV }));

  for (const [index, name] of Object.keys(snippets).entries()) {
    test(`"${name}" with real certificates passes nats-server -t and our analysis`, async () => {
      // Throws with the install command when nats-server is missing: never skipped.
      const nats = requireNatsServer();
      const text = expandSnippet(snippets[name].body, certificate);
      const file = path.join(folder, `snippet-${index}.conf`);
      writeFileSync(file, text);

      const run = await runNats(nats.bin, file, folder);
      assert.equal(run.exitCode, 0, `nats-server -t rejected "${name}": ${firstLine(run.stderr)}\n${run.stderr}\n--- config ---\n${text}`);

      const analysis = await service.analyze({ uri: pathToFileURL(file).href, path: file, text }, { serverVersion: '2.9' });
      const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(
        errors.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character} ${d.message}`),
        [],
        `our analysis reports errors on "${name}":\n${text}`,
      );
    });
  }
});
