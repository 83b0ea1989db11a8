import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DefinitionRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  SelectionRangeRequest,
  SymbolKind,
  type DocumentSymbol,
  type Location,
  type SelectionRange,
} from 'vscode-languageserver-protocol/node';
import { LspSession, repoRoot } from './lspSession';

const TEST_TIMEOUT_MS = 30_000;
/** The corpus's test certificate, referenced where it is (shared/ lies beside the repository). */
const SERVER_CERT = path.join(repoRoot, '..', 'shared', 'corpus', 'nats-server', 'test', 'configs', 'certs', 'server-cert.pem');

describe('structure and links over stdio', { timeout: TEST_TIMEOUT_MS }, () => {
  let session: LspSession;
  let folder: string;
  let uri: string;
  const text = [
    'include ./vars.conf', //                 0
    'port: $PORT', //                         1
    'tls {', //                               2
    `  cert_file: "${SERVER_CERT}"`, //       3
    '  key_file: "./missing-key.pem"', //     4
    '}', //                                   5
    '',
  ].join('\n');

  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'nats-conf-lsp-structure-'));
    writeFileSync(path.join(folder, 'vars.conf'), 'PORT: 4222\n');
    const file = path.join(folder, 'main.conf');
    writeFileSync(file, text);
    uri = pathToFileURL(file).href;
    ({ session } = await LspSession.start({
      capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
    }));
    const published = session.nextDiagnostics(uri);
    await session.open(uri, text);
    await published;
  });

  after(() => {
    session?.kill();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('documentSymbol answers the outline tree', async () => {
    const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const shape = (list: DocumentSymbol[] | undefined): unknown =>
      (list ?? []).map((symbol) => [symbol.name, symbol.kind, symbol.detail, ...(symbol.children ? [shape(symbol.children)] : [])]);
    assert.deepEqual(shape(symbols), [
      ['./vars.conf', SymbolKind.File, 'include'],
      ['port', SymbolKind.Variable, '$PORT'],
      ['tls', SymbolKind.Module, undefined, [
        ['cert_file', SymbolKind.String, SERVER_CERT],
        ['key_file', SymbolKind.String, './missing-key.pem'],
      ]],
    ]);
    assert.deepEqual(symbols[2].range, { start: { line: 2, character: 0 }, end: { line: 5, character: 1 } });
    assert.deepEqual(symbols[2].selectionRange, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
  });

  test('documentLink links the existing certificate and the include, not the missing key', async () => {
    const links = (await session.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })) ?? [];
    assert.deepEqual(
      links.map((link) => [link.target, link.range]),
      [
        [pathToFileURL(path.join(folder, 'vars.conf')).href, { start: { line: 0, character: 8 }, end: { line: 0, character: 19 } }],
        [pathToFileURL(SERVER_CERT).href, { start: { line: 3, character: 14 }, end: { line: 3, character: 14 + SERVER_CERT.length } }],
      ],
    );
    assert.match(links[1].tooltip ?? '', /working directory/);
  });

  test('definition, folding and selection ranges answer too', async () => {
    const definition = (await session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 1, character: 8 } })) as Location[];
    assert.deepEqual(definition, [{ uri: pathToFileURL(path.join(folder, 'vars.conf')).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } }]);
    const folds = await session.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    assert.deepEqual(folds, [{ startLine: 2, endLine: 4 }]);
    const [selection] = (await session.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: [{ line: 4, character: 4 }] })) as SelectionRange[];
    assert.deepEqual(selection.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 10 } });
    assert.deepEqual(selection.parent?.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 31 } });
  });
});
