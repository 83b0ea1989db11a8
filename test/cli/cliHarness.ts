/** Runs the built CLI bundle in scratch folders; shared by the CLI tests. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** Test bundles live in out/test/cli/; the repository root is three folders up. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const cliScript = path.join(repoRoot, 'server', 'out', 'cli.js');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): RunResult {
  const result = spawnSync(process.execPath, [cliScript, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch folder with files written from a path → text map (folders created as needed). */
export class Scratch {
  readonly root: string;

  constructor(prefix: string) {
    // realpath: macOS and some CI runners put tmpdir behind a symbolic link, and the CLI prints real paths.
    this.root = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  }

  write(files: Record<string, string>): void {
    for (const [relative, text] of Object.entries(files)) {
      const full = path.join(this.root, relative);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }

  path(relative: string): string {
    return path.join(this.root, relative);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
  source: string;
}

/** `file:line:col [code]` of each text line: what the tests compare exactly. */
export function summarise(stdout: string): string[] {
  return stdout
    .trimEnd()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(.+?):(\d+):(\d+): (\w+): .* \[([a-z0-9-]+)\]$/.exec(line);
      if (!match) throw new Error(`not a text finding: ${line}`);
      return `${match[1]}:${match[2]}:${match[3]} ${match[4]} ${match[5]}`;
    });
}

/** Two statements on one line: one syntax error at line 1, column 12 (1-based). */
export const BROKEN_CONFIG = 'port: 4222 http_port: 8222\n';
/** Content that reads as NATS (server_name, jetstream) with the same error on line 2. */
export const NATS_BY_CONTENT = 'server_name: n1\nport: 4222 http_port: 8222\njetstream: {}\n';
/** An nginx main config: never a NATS config by content. */
export const NGINX_CONFIG = [
  'user www-data;',
  'worker_processes auto;',
  'pid /run/nginx.pid;',
  'include /etc/nginx/modules-enabled/*.conf;',
  '',
  'events {',
  '    worker_connections 768;',
  '}',
  '',
  'http {',
  '    sendfile on;',
  '    include /etc/nginx/mime.types;',
  '    gzip on;',
  '}',
  '',
].join('\n');

const SARIF_SCHEMA_FILE = path.join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

/**
 * The official SARIF 2.1.0 schema as an Ajv validator. The schema is draft-04 (`id`, not
 * `$id`), which Ajv 8 no longer reads; its keywords mean the same in draft-07, so renaming `id`
 * is all it takes. One of its patterns is not a valid Unicode-mode regular expression, hence
 * unicodeRegExp: false.
 */
export function sarifValidator() {
  let text: string;
  try {
    text = readFileSync(SARIF_SCHEMA_FILE, 'utf8');
  } catch {
    throw new Error(`The SARIF 2.1.0 schema is missing (${SARIF_SCHEMA_FILE}): run npm ci to install the devDependency @microsoft/jest-sarif.`);
  }
  const schema = JSON.parse(text) as Record<string, unknown>;
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

let sharedValidator: ReturnType<typeof sarifValidator> | undefined;

export function assertValidSarif(log: unknown): void {
  sharedValidator ??= sarifValidator();
  const valid = sharedValidator(log);
  assert.ok(valid, `not valid SARIF 2.1.0: ${JSON.stringify(sharedValidator.errors, null, 2)}`);
}

/** nats-server must be installed for the suite; say how when it is not. */
export function requireNatsServer(): string {
  const probe = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('nats-server is not on PATH, and these tests need it. Install it: apt-get install -y nats-server (Debian/Ubuntu), or put a release from https://github.com/nats-io/nats-server/releases on PATH.');
  }
  return probe.stdout.trim();
}
