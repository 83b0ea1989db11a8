import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type SelectionRange } from 'vscode-languageserver-types';
import { createLanguageService, type Analysis } from '../../../server/src/languageService';
import type { Position, Range } from '../../../server/src/parser/ast';
import { fakeEnvironment, type FakeFile } from '../analysis/helpers';

function r(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

async function setup(text: string, files: Record<string, FakeFile> = {}) {
  const service = createLanguageService(fakeEnvironment(files));
  const analysis: Analysis = await service.analyze({ uri: 'file:///conf/main.conf', path: '/conf/main.conf', text });
  return { service, analysis };
}

/** The chain of a selection range, innermost first, as `line:char-line:char`. */
function chain(selection: SelectionRange | undefined): string[] {
  const spans: string[] = [];
  for (let current = selection; current; current = current.parent) {
    const { start, end } = current.range;
    spans.push(`${start.line}:${start.character}-${end.line}:${end.character}`);
  }
  return spans;
}

const CONFIG = [
  'port: 4222', //                                         0
  'authorization { user: admin, password: "s3cret" }', //   1
  'tls {', //                                               2
  '  cert_file: "./server-cert.pem"', //                    3
  '  verify: true', //                                      4
  '}', //                                                   5
  'include ./auth.conf', //                                 6
  'leafnodes {', //                                         7
  '  remotes [', //                                         8
  '    { url: "nats-leaf://hub:7422" }', //                 9
  '    { credentials: $CREDS }', //                        10
  '  ]', //                                                11
  '}', //                                                  12
  'ciphers: [a, b]', //                                    13
  '',
].join('\n');

describe('document symbols', () => {
  test('every key-value, include and block element of a small config, with exact ranges', async () => {
    const { service, analysis } = await setup(CONFIG, { '/conf/auth.conf': 'CREDS: "/c/user.creds"\n' });
    const expected: DocumentSymbol[] = [
      { name: 'port', kind: SymbolKind.Number, detail: '4222', range: r(0, 0, 0, 10), selectionRange: r(0, 0, 0, 4) },
      {
        name: 'authorization',
        kind: SymbolKind.Module,
        range: r(1, 0, 1, 49),
        selectionRange: r(1, 0, 1, 13),
        children: [
          { name: 'user', kind: SymbolKind.String, detail: 'admin', range: r(1, 16, 1, 27), selectionRange: r(1, 16, 1, 20) },
          { name: 'password', kind: SymbolKind.String, detail: '••••••', range: r(1, 29, 1, 47), selectionRange: r(1, 29, 1, 37) },
        ],
      },
      {
        name: 'tls',
        kind: SymbolKind.Module,
        range: r(2, 0, 5, 1),
        selectionRange: r(2, 0, 2, 3),
        children: [
          { name: 'cert_file', kind: SymbolKind.String, detail: './server-cert.pem', range: r(3, 2, 3, 32), selectionRange: r(3, 2, 3, 11) },
          { name: 'verify', kind: SymbolKind.Boolean, detail: 'true', range: r(4, 2, 4, 14), selectionRange: r(4, 2, 4, 8) },
        ],
      },
      { name: './auth.conf', kind: SymbolKind.File, detail: 'include', range: r(6, 0, 6, 19), selectionRange: r(6, 8, 6, 19) },
      {
        name: 'leafnodes',
        kind: SymbolKind.Module,
        range: r(7, 0, 12, 1),
        selectionRange: r(7, 0, 7, 9),
        children: [
          {
            name: 'remotes',
            kind: SymbolKind.Array,
            detail: '[{…}, {…}]',
            range: r(8, 2, 11, 3),
            selectionRange: r(8, 2, 8, 9),
            children: [
              {
                name: 'nats-leaf://hub:7422',
                kind: SymbolKind.Object,
                detail: '[0]',
                range: r(9, 4, 9, 35),
                selectionRange: r(9, 11, 9, 33),
                children: [
                  { name: 'url', kind: SymbolKind.String, detail: 'nats-leaf://hub:7422', range: r(9, 6, 9, 33), selectionRange: r(9, 6, 9, 9) },
                ],
              },
              {
                name: '[1]',
                kind: SymbolKind.Object,
                range: r(10, 4, 10, 27),
                selectionRange: r(10, 4, 10, 5),
                children: [
                  { name: 'credentials', kind: SymbolKind.Variable, detail: '$CREDS', range: r(10, 6, 10, 25), selectionRange: r(10, 6, 10, 17) },
                ],
              },
            ],
          },
        ],
      },
      { name: 'ciphers', kind: SymbolKind.Array, detail: '[a, b]', range: r(13, 0, 13, 15), selectionRange: r(13, 0, 13, 7) },
    ];
    assert.deepEqual(service.documentSymbols(analysis), expected);
  });

  test('secret-looking keys are masked whatever their case; variables stay visible', async () => {
    const { service, analysis } = await setup('PASS: hunter2\nauth_token = "t0k"\nseed: SUAB\nnkey: UABC\nclient_secret: x\npassword: $PASS\n');
    assert.deepEqual(
      service.documentSymbols(analysis).map((symbol) => `${symbol.name}=${symbol.detail}`),
      ['PASS=••••••', 'auth_token=••••••', 'seed=••••••', 'nkey=••••••', 'client_secret=••••••', 'password=$PASS'],
    );
  });

  test('users are named by their user field; a key without value is a Property without detail', async () => {
    const { service, analysis } = await setup('authorization {\n  users = [\n    {user: alice, password: x}\n    {nkey: UAB}\n  ]\n}\ndangling');
    const users = service.documentSymbols(analysis)[0].children![0];
    assert.deepEqual(users.children!.map((symbol) => [symbol.name, symbol.detail]), [['alice', '[0]'], ['[1]', undefined]]);
    const dangling = service.documentSymbols(analysis)[1];
    assert.equal(dangling.name, 'dangling');
    assert.equal(dangling.kind, SymbolKind.Property);
    assert.equal(dangling.detail, undefined);
  });

  test('very deep nesting does not crash and is cut at 200 levels', async () => {
    const depth = 5000;
    const text = 'a { '.repeat(depth) + 'x: 1' + ' }'.repeat(depth) + '\n';
    const { service, analysis } = await setup(text);
    let levels = 0;
    for (let symbols: DocumentSymbol[] | undefined = service.documentSymbols(analysis); symbols && symbols.length > 0; symbols = symbols[0].children) levels++;
    assert.equal(levels, 200);
    // The other structure services walk deep trees too.
    assert.deepEqual(service.foldingRanges(analysis), []);
    assert.ok(chain(service.selectionRanges(analysis, [{ line: 0, character: depth * 4 + 1 }])[0]).length > depth);
  });
});

describe('folding ranges', () => {
  test('multi-line maps and arrays, raw blocks and comment runs', async () => {
    const text = [
      '# A config', //             0
      '# with a header', //        1
      'port: 4222 # not a run', // 2
      'cluster {', //              3
      '  routes [', //             4
      '    nats://a:6222', //      5
      '    nats://b:6222', //      6
      '  ]', //                    7
      '  # one comment', //        8
      '  name: c }', //            9
      'one_line { a: 1 }', //     10
      'raw = (', //               11
      'line one', //              12
      'line two', //              13
      ')', //                     14
      '// a', //                  15
      '// b', //                  16
      '// c', //                  17
      '',
    ].join('\n');
    const { service, analysis } = await setup(text);
    assert.deepEqual(service.foldingRanges(analysis), [
      { startLine: 0, endLine: 1, kind: FoldingRangeKind.Comment },
      // The closing brace follows content on line 9: the fold keeps it.
      { startLine: 3, endLine: 9 },
      // The closing bracket stands alone on line 7: the fold stops before it.
      { startLine: 4, endLine: 6 },
      { startLine: 11, endLine: 13 },
      { startLine: 15, endLine: 17, kind: FoldingRangeKind.Comment },
    ]);
  });

  test('an unclosed map folds to its last entry', async () => {
    const { service, analysis } = await setup('tls {\n  verify: true\n  timeout: 2\n\n');
    assert.deepEqual(service.foldingRanges(analysis), [{ startLine: 0, endLine: 2 }]);
  });
});

describe('selection ranges', () => {
  const text = 'port: 4222\ntls {\n  cert_file: "./server-cert.pem"\n  verify: true\n}\nroutes = [ nats://a:6222, nats://b:6222 ]\n';
  const at = async (...positions: Position[]) => {
    const { service, analysis } = await setup(text);
    return service.selectionRanges(analysis, positions).map(chain);
  };

  test('from a quoted value: text → string → key-value → block contents → block → entry → document contents → document', async () => {
    assert.deepEqual(await at({ line: 2, character: 18 }), [[
      '2:14-2:31', // ./server-cert.pem
      '2:13-2:32', // "./server-cert.pem"
      '2:2-2:32', // cert_file: "./server-cert.pem"
      '2:2-3:14', // the block's entries
      '1:4-4:1', // { ... }
      '1:0-4:1', // tls { ... }
      '0:0-5:41', // every entry
      '0:0-6:0', // the document
    ]]);
  });

  test('from a key, from an array element, and from between entries', async () => {
    assert.deepEqual(await at({ line: 3, character: 4 }, { line: 5, character: 14 }, { line: 0, character: 10 }), [
      ['3:2-3:8', '3:2-3:14', '2:2-3:14', '1:4-4:1', '1:0-4:1', '0:0-5:41', '0:0-6:0'],
      ['5:11-5:24', '5:11-5:39', '5:9-5:41', '5:0-5:41', '0:0-5:41', '0:0-6:0'],
      ['0:6-0:10', '0:0-0:10', '0:0-5:41', '0:0-6:0'],
    ]);
  });
});

describe('robustness', () => {
  function contains(outer: Range, inner: Range): boolean {
    const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    return before(outer.start, inner.start) && before(inner.end, outer.end);
  }

  test('every prefix of a config gives well-formed symbols, folds and selection chains', async () => {
    const text = `${CONFIG}raw = (\nx\n)\n# a\n# b\nusers [ {user: a}, [1, {b: 2}] ]\n"" = 1\ninclude "unterminated\n`;
    const service = createLanguageService(fakeEnvironment({ '/conf/auth.conf': 'CREDS: 1\n' }));
    for (let length = 0; length <= text.length; length += 3) {
      const prefix = text.slice(0, length);
      const analysis = await service.analyze({ uri: 'file:///conf/main.conf', path: '/conf/main.conf', text: prefix });
      const stack = [...service.documentSymbols(analysis)];
      while (stack.length > 0) {
        const symbol = stack.pop()!;
        assert.ok(symbol.name.length > 0, `empty name at ${length}`);
        assert.ok(contains(symbol.range, symbol.selectionRange), `selectionRange outside range at ${length}: ${JSON.stringify(symbol)}`);
        for (const child of symbol.children ?? []) {
          assert.ok(contains(symbol.range, child.range), `child outside parent at ${length}`);
          stack.push(child);
        }
      }
      for (const fold of service.foldingRanges(analysis)) assert.ok(fold.endLine > fold.startLine, `fold at ${length}`);
      const lines = prefix.split('\n');
      const positions = lines.map((line, index) => ({ line: index, character: Math.floor(line.length / 2) }));
      for (const selection of service.selectionRanges(analysis, positions)) {
        for (let current: SelectionRange | undefined = selection; current?.parent; current = current.parent) {
          assert.ok(contains(current.parent.range, current.range), `selection parent does not contain child at ${length}`);
        }
      }
      await service.documentLinks(analysis);
      for (const position of positions) await service.definition(analysis, position);
    }
  });
});
