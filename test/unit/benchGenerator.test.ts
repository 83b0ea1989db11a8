/**
 * The benchmark's config generator (bench/generateConfig.ts): its output must look like a big
 * real deployment and be accepted by nats-server and by our own checks, or the benchmark would
 * compare unlike things. Needs nats-server on PATH (apt-get install -y nats-server).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateConfig, userNkey, writeGeneratedConfig, type CertificatePaths, type GeneratedConfig } from '../../bench/generateConfig';
import { generateCertificates } from '../../server/src/certificates/generate';
import { createLanguageService } from '../../server/src/languageService';
import { createNodeEnvironment } from '../../server/src/nodeEnvironment';

let folder: string;
let certificates: CertificatePaths;
let small: GeneratedConfig;
let smallPath: string;

before(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'nats-conf-bench-generator-'));
  const generated = await generateCertificates({ folder: path.join(folder, 'certs'), files: { clientCert: null, clientKey: null } });
  certificates = { ca: generated.files.ca, serverCert: generated.files.serverCert, serverKey: generated.files.serverKey };
  small = generateConfig({ targetLines: 150, certificates, baseName: 'small', storeDir: path.join(folder, 'js') });
  smallPath = await writeGeneratedConfig(folder, small);
});
after(() => rmSync(folder, { recursive: true, force: true }));

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern.source, 'gm'))?.length ?? 0;

describe('bench config generator', () => {
  test('the 150-line config has the shapes of a big deployment', () => {
    const both = small.main + '\n' + small.included;
    assert.ok(small.mainLines >= 150 && small.mainLines < 200, `main file has ${small.mainLines} lines`);
    assert.equal(small.mainLines, small.main.split('\n').length - 1);
    // Top-level, cluster, gateway, leafnodes, websocket and mqtt tls blocks, plus one per remote.
    assert.equal(count(small.main, /^\s*tls \{$/), 6);
    assert.equal(count(small.main, /^\s*tls: \{ cert_file: /), 3);
    for (const block of ['cluster', 'gateway', 'leafnodes', 'websocket', 'mqtt', 'jetstream', 'authorization', 'accounts']) {
      assert.equal(count(small.main, new RegExp(`^${block} \\{$`)), 1, block);
    }
    assert.match(small.main, /^\s*routes: \[$/m);
    assert.equal(count(small.main, /^\s*urls: \["tls:\/\/hub\d/), 3, 'leafnode remotes');
    assert.match(small.main, /^\s*cipher_suites: \[$/m);
    // Variables defined at the top and used below, as nats-server requires of a defined name.
    assert.match(small.main, /^DEFAULT_PERMISSIONS: \{$/m);
    assert.match(small.main, /permissions: \$DEFAULT_PERMISSIONS \}/);
    assert.match(small.main, /^port: \$CLIENT_PORT$/m);
    // Accounts: the system account in the included file, business accounts with every user kind.
    assert.equal(small.accounts, 3);
    assert.match(small.main, new RegExp(`^  include "${small.includedName}"$`, 'm'));
    assert.match(small.included, /^ {2}SYS \{$/m);
    assert.match(both, /\{ user: "[^"]+", password: "\$2a\$11\$[./A-Za-z0-9]{53}", permissions: \{ publish: \{ allow: \[[^\]]+\], deny: \[[^\]]+\] \}, subscribe: \{ allow: \[[^\]]+\] \}, allow_responses: \{ max: 1, expires: "5s" \} \} \}/);
    assert.match(both, /\{ nkey: U[A-Z2-7]{55}, permissions: /);
    assert.match(small.main, /^ {6}\{ stream: "acc1\.events\.>" \}$/m);
    assert.match(small.main, /^ {6}\{ stream: \{ account: ACC_00001, subject: "acc1\.events\.>" \}, prefix: "from1" \}$/m);
    assert.match(small.main, /^ {6}\{ service: \{ account: ACC_00001, subject: "acc1\.api\.orders" \}, to: "acc2\.remote\.orders" \}$/m);
    assert.ok(small.main.includes(`cert_file: ${JSON.stringify(certificates.serverCert)}`));
    assert.ok(existsSync(path.join(folder, small.includedName)));
  });

  test('nats-server -t accepts the 150-line config (its nkeys, hashes, includes and certificates)', () => {
    const version = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      throw new Error('this test needs nats-server on PATH: install it with: apt-get install -y nats-server');
    }
    const result = spawnSync('nats-server', ['-t', '-c', path.basename(smallPath)], { cwd: folder, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr + result.stdout);
    assert.match(result.stderr + result.stdout, /configuration file small\.conf is valid/);
  });

  test('our own checks find nothing wrong in it', async () => {
    const service = createLanguageService(createNodeEnvironment());
    const diagnostics = await service.validate(
      { uri: pathToFileURL(smallPath).href, path: smallPath, text: readFileSync(smallPath, 'utf8') },
      { serverVersion: '2.9' },
    );
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  });

  test('is deterministic and sized by the main file’s line count', () => {
    const again = generateConfig({ targetLines: 150, certificates, baseName: 'small', storeDir: path.join(folder, 'js') });
    assert.equal(again.main, small.main);
    assert.equal(again.included, small.included);
    const medium = generateConfig({ targetLines: 5_000, certificates });
    assert.ok(medium.mainLines >= 5_000 && medium.mainLines < 5_050, `${medium.mainLines} lines`);
    assert.ok(medium.included.includes('  ACC_00025 {'), 'every 25th account goes to the included file');
    assert.ok(!medium.main.includes('  ACC_00025 {'));
  });

  test('user nkeys carry the U prefix and a checksum nats-server verifies', () => {
    const key = userNkey('some-user');
    assert.match(key, /^U[A-Z2-7]{55}$/);
    assert.equal(userNkey('some-user'), key);
    assert.notEqual(userNkey('other-user'), key);
  });
});
