import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspSession, repoRoot } from './lspSession';

const TEST_TIMEOUT_MS = 30_000;

let uriCounter = 0;
function nextUri(): string {
  uriCounter += 1;
  return pathToFileURL(path.join(repoRoot, 'out', 'lsp-scratch', `hover-${uriCounter}.conf`)).href;
}

describe('hover over the real server', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;

  before(async () => {
    ({ session } = await LspSession.start());
  });

  after(() => session?.kill());

  async function hoverAt(text: string, line: number, character: number): Promise<Hover | null> {
    const uri = nextUri();
    const published = session.nextDiagnostics(uri);
    await session.open(uri, text);
    await published;
    return session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  }

  test('a TLS option key in a cluster block', async () => {
    const result = await hoverAt('cluster {\n  tls {\n    verify: true\n  }\n}\n', 2, 6);
    assert.ok(result);
    const contents = result.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.ok(contents.value.startsWith('**verify** · TLS option in `cluster.tls`'), contents.value);
    assert.ok(contents.value.includes('**Here** (`cluster.tls`, cluster routes): always on, whatever the value.'), contents.value);
    assert.deepEqual(result.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } });
  });

  test('a cipher suite name', async () => {
    const result = await hoverAt('tls {\n  cipher_suites: ["TLS_RSA_WITH_AES_128_CBC_SHA"]\n}\n', 1, 25);
    assert.ok(result);
    const value = (result.contents as MarkupContent).value;
    assert.ok(value.startsWith('**TLS_RSA_WITH_AES_128_CBC_SHA** · cipher suite'), value);
    assert.ok(value.includes('- **Insecure:** RSA key exchange (no forward secrecy).'), value);
    assert.deepEqual(result.range, { start: { line: 1, character: 18 }, end: { line: 1, character: 48 } });
  });

  test('whitespace has no hover', async () => {
    assert.equal(await hoverAt('port: 4222\n\n', 1, 0), null);
  });
});
