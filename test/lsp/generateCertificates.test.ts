/**
 * `workspace/executeCommand natsConf.server.generateCertificates` through the real server
 * process: announced in initialize, writes the files, answers `{ ok: false }` for what the user
 * can fix, and checks the open documents again afterwards (a missing file may exist now).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecuteCommandRequest, type InitializeResult } from 'vscode-languageserver-protocol/node';
import { LspSession } from './lspSession';

const COMMAND = 'natsConf.server.generateCertificates';

describe('generate certificates over stdio', { timeout: 60_000 }, () => {
  let session: LspSession;
  let initializeResult: InitializeResult;
  let workDir: string;

  before(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'nats-conf-lsp-gen-'));
    ({ session, initializeResult } = await LspSession.start());
  });
  after(() => {
    session?.kill();
    rmSync(workDir, { recursive: true, force: true });
  });

  test('initialize announces the command', () => {
    assert.deepEqual(initializeResult.capabilities.executeCommandProvider?.commands, [COMMAND, 'natsConf.server.validateWithNatsServer']);
  });

  test('writes the files, answers their paths and the tls block, and re-checks open documents', async () => {
    const config = path.join(workDir, 'nats.conf');
    const uri = pathToFileURL(config).href;
    await session.open(uri, 'port: 4222\n');
    await session.nextDiagnostics(uri);
    const republished = session.nextDiagnostics(uri);

    const folder = path.join(workDir, 'certs');
    const result = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [{ folder, names: ['nats.test'] }] });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.files.serverCert, path.join(folder, 'server-cert.pem'));
    assert.deepEqual(readdirSync(folder).sort(), ['ca.pem', 'client-cert.pem', 'client-key.pem', 'server-cert.pem', 'server-key.pem']);
    assert.ok(new X509Certificate(readFileSync(result.files.serverCert)).checkHost('nats.test'));
    assert.match(result.tlsBlock, /^tls \{\n[\s\S]*verify: true\n\}$/);
    await republished;
  });

  test('existing files, bad names and bad arguments are answers, not errors; other commands get null', async () => {
    const folder = path.join(workDir, 'twice');
    mkdirSync(folder);
    assert.equal((await session.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [{ folder }] })).ok, true);
    const again = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [{ folder }] });
    assert.equal(again.ok, false);
    assert.equal(again.reason, 'exists');
    assert.equal(again.paths.length, 5);
    const replaced = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [{ folder, overwrite: true }] });
    assert.equal(replaced.ok, true);
    assert.equal(replaced.replaced.length, 5);

    const badName = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [{ folder: path.join(workDir, 'n'), names: ['no way!'] }] });
    assert.deepEqual([badName.ok, badName.reason], [false, 'invalid-name']);
    const relative = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND, arguments: [{ folder: 'certs' }] });
    assert.deepEqual([relative.ok, relative.reason], [false, 'invalid-path']);
    const none = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: COMMAND });
    assert.deepEqual([none.ok, none.reason], [false, 'invalid-path']);
    assert.equal(await session.connection.sendRequest(ExecuteCommandRequest.type, { command: 'natsConf.server.nope' }), null);
  });

  test('the quick fix command (notify) reports with window/showMessage; a missing file it creates is no longer reported', async () => {
    const messages: Array<{ type: number; message: string }> = [];
    session.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      messages.push(params);
    });
    const folder = path.join(workDir, 'fix');
    const config = path.join(workDir, 'fix.conf');
    const uri = pathToFileURL(config).href;
    const certFile = path.join(folder, 'nats.crt');
    const keyFile = path.join(folder, 'nats.key');
    const caFile = path.join(folder, 'root-ca.pem');
    await session.open(uri, `tls {\n  cert_file: "${certFile}"\n  key_file: "${keyFile}"\n  ca_file: "${caFile}"\n  verify: true\n}\n`);
    const before = await session.nextDiagnostics(uri);
    const notFound = before.diagnostics.filter((d) => d.code === 'cert-file-not-found');
    const { createCertificatesCommand, tlsBlockPathsFromDiagnostics } = await import('../../server/src/certificates/command');
    const command = createCertificatesCommand(tlsBlockPathsFromDiagnostics(notFound))!;
    assert.ok(command, JSON.stringify(before.diagnostics));

    const after = session.nextDiagnostics(uri);
    const result = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: command.command, arguments: command.arguments });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.deepEqual(result.written, [caFile, certFile, keyFile, path.join(folder, 'client-cert.pem'), path.join(folder, 'client-key.pem')]);
    assert.deepEqual((await after).diagnostics.filter((d) => d.code === 'cert-file-not-found'), []);
    await waitFor(() => messages.length > 0);
    assert.equal(messages[0].type, 3); // Info
    assert.match(messages[0].message, /^Created development certificates in .*fix \(valid until \d{4}-\d\d-\d\d\): root-ca\.pem, nats\.crt, nats\.key, client-cert\.pem, client-key\.pem\.$/);

    const again = await session.connection.sendRequest(ExecuteCommandRequest.type, { command: command.command, arguments: command.arguments });
    assert.equal(again.ok, false);
    await waitFor(() => messages.length > 1);
    assert.equal(messages[1].type, 1); // Error
    assert.match(messages[1].message, /Nothing was written/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
