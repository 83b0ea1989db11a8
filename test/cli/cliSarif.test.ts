/** `--format sarif`: valid against the SARIF 2.1.0 schema, and exactly what code scanning needs. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SyntaxCode } from '../../server/src/parser/syntaxCodes';
import { IncludeCode } from '../../server/src/analysis/includes';
import { VariableCode } from '../../server/src/analysis/resolve';
import { SchemaCode } from '../../server/src/analysis/schemaRules';
import { TlsCode } from '../../server/src/analysis/tlsRules';
import { CertCode } from '../../server/src/analysis/certificates';
import { NatsServerCode } from '../../server/src/natsServer/verdict';
import { ruleCatalog } from '../../server/src/cli/ruleCatalog';
import { assertValidSarif, BROKEN_CONFIG, repoRoot, runCli, sarifValidator, Scratch } from './cliHarness';

const validate = sarifValidator();

interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number }
interface ArtifactLocation { uri: string; uriBaseId?: string; index?: number }
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: ArtifactLocation; region: Region } }[];
  relatedLocations?: { id: number; message: { text: string }; physicalLocation: { artifactLocation: ArtifactLocation; region: Region } }[];
}
interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[] };
}
interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion?: string; rules: SarifRule[] } };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: string; message: { text: string }; locations?: unknown[] }[] }[];
  originalUriBaseIds: Record<string, { uri: string }>;
  artifacts: { location: ArtifactLocation }[];
  results: SarifResult[];
  columnKind: string;
}
interface SarifLog { $schema: string; version: string; runs: SarifRun[] }

let scratch: Scratch;
const packageVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

function sarif(args: string[], expectedStatus: number): SarifRun {
  const result = runCli(['--format', 'sarif', ...args], scratch.root);
  assert.equal(result.status, expectedStatus, result.stderr);
  const log = JSON.parse(result.stdout) as SarifLog;
  assertValidSarif(log);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.runs.length, 1);
  return log.runs[0];
}

const at = (uri: string, index: number): ArtifactLocation => ({ uri, uriBaseId: '%SRCROOT%', index });

before(() => {
  scratch = new Scratch('nats-conf-lint-sarif-');
  scratch.write({
    'clean.conf': 'port: 4222\n',
    'broken.conf': `# comment\n${BROKEN_CONFIG}`,
    'main.conf': 'port: 4222\ninclude "inc/broken.conf"\n',
    'inc/broken.conf': 'a: 1 b: 2\n',
    'info.conf': 'tls {\n  timeout: 0\n}\n',
    'deploy/edge/nats.conf': BROKEN_CONFIG,
    'deploy/hub.nats.conf': 'port: 4222\n',
    'with space.conf': BROKEN_CONFIG,
  });
});

after(() => scratch.remove());

describe('--format sarif', () => {
  test('a clean file: one run with the tool, the artifact and no results', () => {
    const run = sarif(['clean.conf'], 0);
    assert.deepEqual(run, {
      tool: { driver: { name: 'nats-conf-lint', version: packageVersion, semanticVersion: packageVersion, rules: [] } },
      invocations: [{ executionSuccessful: true }],
      originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(scratch.root).href}/` } },
      artifacts: [{ location: { uri: 'clean.conf', uriBaseId: '%SRCROOT%' } }],
      results: [],
      columnKind: 'utf16CodeUnits',
    });
  });

  test('an error: rule id, level, message and a 1-based region with an exclusive end column', () => {
    const run = sarif(['broken.conf'], 1);
    assert.equal(run.results.length, 1);
    const [result] = run.results;
    assert.equal(result.ruleId, 'syntax-expected-value-end');
    assert.equal(result.ruleIndex, 0);
    assert.equal(result.level, 'error');
    assert.match(result.message.text, /^Expected the end of the line, ';', ',' or a comment after this value, but found 'h'\./);
    assert.deepEqual(result.locations, [
      { physicalLocation: { artifactLocation: at('broken.conf', 0), region: { startLine: 2, startColumn: 12, endLine: 2, endColumn: 13 } } },
    ]);
    assert.equal(result.relatedLocations, undefined);
    assert.deepEqual(run.tool.driver.rules, [
      {
        id: 'syntax-expected-value-end',
        shortDescription: { text: 'Two settings on one line without `;`, `,` or a newline between them.' },
        fullDescription: { text: 'Two settings on one line without `;`, `,` or a newline between them. Example: port: 4222 http_port: 8222' },
        help: {
          text: 'Two settings on one line without `;`, `,` or a newline between them.\n\nExample: port: 4222 http_port: 8222\n\n'
            + 'Documented in the vscode-nats-conf README under Diagnostic codes. Change its level with --severity CODE=LEVEL or "severity" in .nats-conf-lint.json.',
          markdown: 'Two settings on one line without `;`, `,` or a newline between them.\n\nExample: `port: 4222 http_port: 8222`\n\n'
            + 'Documented in the vscode-nats-conf README under Diagnostic codes. Change its level with --severity CODE=LEVEL or "severity" in .nats-conf-lint.json.',
        },
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['nats-conf'] },
      },
    ]);
  });

  test('related information becomes relatedLocations in the included file, which joins the artifacts', () => {
    const run = sarif(['main.conf'], 1);
    assert.deepEqual(run.artifacts.map((artifact) => artifact.location.uri), ['main.conf', 'inc/broken.conf']);
    const parseError = run.results.find((result) => result.ruleId === 'include-parse-error');
    assert.ok(parseError, JSON.stringify(run.results));
    assert.deepEqual(parseError.locations[0].physicalLocation, { artifactLocation: at('main.conf', 0), region: { startLine: 2, startColumn: 9, endLine: 2, endColumn: 26 } });
    assert.deepEqual(parseError.relatedLocations, [
      {
        id: 1,
        message: { text: "Expected the end of the line, ';', ',' or a comment after this value, but found 'b'. Put each setting on its own line, or separate settings on one line with ';' or ','." },
        physicalLocation: { artifactLocation: at('inc/broken.conf', 1), region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 7 } },
      },
    ]);
    // Every result's ruleIndex points at its own rule, and each rule is listed once.
    const ids = run.tool.driver.rules.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const result of run.results) assert.equal(ids[result.ruleIndex], result.ruleId);
  });

  test('information and hints are notes; a rule\'s default level is its usual one, not the reported one', () => {
    const run = sarif(['--severity', 'tls-no-certificate=information', 'info.conf'], 0);
    assert.deepEqual(run.results.map((result) => [result.ruleId, result.level]), [['tls-no-certificate', 'note'], ['tls-timeout-default', 'note']]);
    assert.deepEqual(run.tool.driver.rules.map((rule) => [rule.id, rule.defaultConfiguration.level]), [['tls-no-certificate', 'warning'], ['tls-timeout-default', 'note']]);
  });

  test('several files and folders: artifacts and results sorted by path; special characters are escaped', () => {
    const run = sarif(['with space.conf', 'deploy', 'broken.conf'], 1);
    assert.deepEqual(run.artifacts.map((artifact) => artifact.location.uri), ['broken.conf', 'deploy/edge/nats.conf', 'deploy/hub.nats.conf', 'with%20space.conf']);
    assert.deepEqual(
      run.results.map((result) => [result.ruleId, result.locations[0].physicalLocation.artifactLocation.uri, result.locations[0].physicalLocation.artifactLocation.index, result.locations[0].physicalLocation.region.startLine]),
      [
        ['syntax-expected-value-end', 'broken.conf', 0, 2],
        ['syntax-expected-value-end', 'deploy/edge/nats.conf', 1, 1],
        ['syntax-expected-value-end', 'with%20space.conf', 3, 1],
      ],
    );
    assert.deepEqual(run.tool.driver.rules.map((rule) => rule.id), ['syntax-expected-value-end']);
  });

  test('a file outside the current folder gets an absolute file URI', () => {
    const result = runCli(['--format', 'sarif', scratch.path('broken.conf')], repoRoot);
    const log = JSON.parse(result.stdout) as SarifLog;
    assertValidSarif(log);
    assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(scratch.path('broken.conf')).href, index: 0 });
  });

  test('--quiet keeps errors only', () => {
    const run = sarif(['--quiet', 'info.conf', 'broken.conf'], 1);
    assert.deepEqual(run.results.map((result) => result.ruleId), ['syntax-expected-value-end']);
  });

  test('a file that cannot be read is a tool execution notification, and the run is marked unsuccessful', () => {
    const run = sarif(['missing.conf', 'clean.conf'], 2);
    assert.deepEqual(run.invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'error', message: { text: 'missing.conf: no such file' }, locations: [{ physicalLocation: { artifactLocation: at('missing.conf', 1) } }] },
        ],
      },
    ]);
  });

  test('the schema check itself rejects a broken log', () => {
    const run = sarif(['broken.conf'], 1);
    const broken = { version: '2.1.0', runs: [{ ...run, results: [{ ...run.results[0], level: 'fatal' }] }] };
    assert.equal(validate(broken), false);
  });
});

test('every diagnostic code has rule metadata for SARIF', () => {
  const codes = [
    ...Object.values(SyntaxCode), 'syntax-internal-error',
    ...Object.values(IncludeCode), ...Object.values(VariableCode), ...Object.values(SchemaCode), ...Object.values(TlsCode), ...Object.values(CertCode),
    ...Object.values(NatsServerCode),
  ];
  const catalog = ruleCatalog();
  assert.deepEqual(codes.filter((code) => !catalog.has(code)), []);
  assert.equal(catalog.size, codes.length, 'the catalog lists a code the analysis does not have');
  for (const rule of catalog.values()) {
    assert.ok(rule.description.length > 10 && /[.)]$/.test(rule.description), `${rule.code}: ${rule.description}`);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(rule.severity), rule.code);
  }
});
