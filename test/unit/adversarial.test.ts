/**
 * Named adversarial inputs, each through the whole pipeline as the language server runs it:
 * createLanguageService over the real node environment, files in a temporary folder, then
 * hover, completion, symbols, folding, selection ranges, links and definition at a few places.
 * Each case asserts what nats-server 2.9.10 reports for the same input (checked by hand with
 * `nats-server -t`, quoted in the test names) or the documented limit that replaces it.
 *
 * Tests that could hang when a guard is missing (a FIFO, /dev/zero) carry a `timeout`, so a
 * regression fails instead of stalling the suite; nothing here asserts how long anything takes.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../server/src/analysis/diagnostic';
import { MAX_CERTIFICATE_FILE_BYTES } from '../../server/src/analysis/certificateFiles';
import type { Environment } from '../../server/src/environment';
import { createLanguageService, type Analysis, type LanguageService } from '../../server/src/languageService';
import { createNodeEnvironment, MAX_READ_BYTES } from '../../server/src/nodeEnvironment';
import { MAX_SYMBOL_DEPTH } from '../../server/src/services/structure';
import type { DocumentSymbol } from 'vscode-languageserver-types';

const root = mkdtempSync(path.join(tmpdir(), 'nats-conf-adversarial-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The repository root: the test bundle lives in out/test/unit/. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let folderCount = 0;
/** A fresh folder per test, so files of one case cannot satisfy another. */
function freshFolder(): string {
  const folder = path.join(root, `case-${++folderCount}`);
  mkdirSync(folder);
  return folder;
}

/** The node environment, counting reads per path (to prove each file is read once). */
function countingEnvironment(variables: Record<string, string> = {}): Environment & { reads: Map<string, number> } {
  const base = createNodeEnvironment(variables);
  const reads = new Map<string, number>();
  const count = (file: string) => reads.set(file, (reads.get(file) ?? 0) + 1);
  return {
    ...base,
    reads,
    readFile: (file) => (count(file), base.readFile(file)),
    readBytes: (file, maxBytes) => (count(file), base.readBytes(file, maxBytes)),
  };
}

interface Analyzed {
  analysis: Analysis;
  service: LanguageService;
  file: string;
}

/** Writes `text` as main.conf into `folder` and analyses it as the server would (path base: the file's folder). */
async function analyzeFile(
  folder: string,
  text: string | Buffer,
  environment: Environment = createNodeEnvironment({}),
): Promise<Analyzed> {
  const file = path.join(folder, 'main.conf');
  writeFileSync(file, text);
  const service = createLanguageService(environment);
  const source = typeof text === 'string' ? text : text.toString('utf8');
  const analysis = await service.analyze({ uri: pathToFileURL(file).href, path: file, text: source, version: 1 });
  return { analysis, service, file };
}

/** `code@line:char-line:char` for compact, exact assertions. */
function where(diagnostic: Pick<Diagnostic, 'code' | 'range'>): string {
  const { start, end } = diagnostic.range;
  return `${diagnostic.code}@${start.line}:${start.character}-${end.line}:${end.character}`;
}

function summary(analysis: Analysis): string[] {
  return analysis.diagnostics.map(where);
}

function only(analysis: Analysis, code: string): Diagnostic {
  const found = analysis.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `exactly one ${code} in ${JSON.stringify(summary(analysis))}`);
  return found[0];
}

/** Line count and line lengths as LSP counts them (\r\n, \n and a lone \r end a line). */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

/** Every diagnostic range lies inside the document and starts before it ends. */
function assertRangesInside(analysis: Analysis): void {
  const lengths = lineLengths(analysis.document.text);
  for (const diagnostic of analysis.diagnostics) {
    const { start, end } = diagnostic.range;
    const label = `${where(diagnostic)} in a document of ${lengths.length} lines`;
    assert.ok(start.line >= 0 && end.line < lengths.length, label);
    assert.ok(start.character <= lengths[start.line] && end.character <= lengths[end.line], label);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), label);
  }
}

interface ServiceAnswers {
  hovers: unknown[];
  completions: number[];
  symbols: DocumentSymbol[];
  folds: number;
  selections: number;
  links: number;
}

/** Runs every position-based service at `positions` and the whole-document ones once; none may throw. */
async function exerciseServices({ analysis, service }: Analyzed, positions: Array<{ line: number; character: number }>): Promise<ServiceAnswers> {
  const hovers: unknown[] = [];
  const completions: number[] = [];
  for (const position of positions) {
    hovers.push(await service.hover(analysis, position));
    completions.push((await service.complete(analysis, position)).items.length);
    await service.definition(analysis, position);
    await service.codeActions(analysis, { range: { start: position, end: position }, diagnostics: [] });
  }
  const symbols = service.documentSymbols(analysis);
  const folds = service.foldingRanges(analysis).length;
  const selections = service.selectionRanges(analysis, positions).length;
  const links = (await service.documentLinks(analysis)).length;
  assert.equal(selections, positions.length);
  return { hovers, completions, symbols, folds, selections, links };
}

/** Depth of the first-child chain of a symbol tree. */
function symbolDepth(symbols: DocumentSymbol[]): number {
  let depth = 0;
  for (let level: DocumentSymbol[] | undefined = symbols; level && level.length > 0; level = level[0].children) depth++;
  return depth;
}

const DEPTH = 100_000;

describe('100,000-deep nesting', () => {
  test('maps `a { a { … { b: 1 } … } }`: parsed and analysed without stack overflow (2.9.10: unknown field "a" at 1:0)', async () => {
    const text = 'a ' + '{ a '.repeat(DEPTH - 1) + '{ b: 1 ' + '}'.repeat(DEPTH) + '\n';
    const analyzed = await analyzeFile(freshFolder(), text);
    assert.deepEqual(summary(analyzed.analysis), ['unknown-field@0:0-0:1']);
    const innermostKey = { line: 0, character: 2 + 4 * (DEPTH - 1) + 2 };
    const answers = await exerciseServices(analyzed, [{ line: 0, character: 0 }, innermostKey, { line: 0, character: text.length - 2 }]);
    // The outline stops at its documented depth instead of building 100,000 levels.
    assert.equal(symbolDepth(answers.symbols), MAX_SYMBOL_DEPTH);
    assert.equal(answers.symbols[0].name, 'a');
  });

  test('arrays `[[[…1…]]]`: the `]]` quirk of nats-server\'s lexer is reported, not a crash (2.9.10: Parse error on line 2, Expected an array value terminator)', async () => {
    const text = 'a: ' + '['.repeat(DEPTH) + '1' + ']'.repeat(DEPTH) + '\n';
    const analyzed = await analyzeFile(freshFolder(), text);
    assert.deepEqual(summary(analyzed.analysis), ['unknown-field@0:0-0:1', 'syntax-array-value-end@1:0-1:0']);
    await exerciseServices(analyzed, [{ line: 0, character: 3 + DEPTH }, { line: 1, character: 0 }]);
  });

  test('arrays of maps `[{a: [{a: …}]}]` (2.9.10: unknown field "a" at 1:0)', async () => {
    const text = 'a: ' + '[{a: '.repeat(DEPTH) + '1' + '}]'.repeat(DEPTH) + '\n';
    const analyzed = await analyzeFile(freshFolder(), text);
    assert.deepEqual(summary(analyzed.analysis), ['unknown-field@0:0-0:1']);
    const answers = await exerciseServices(analyzed, [{ line: 0, character: 3 + 5 * (DEPTH - 1) + 2 }]);
    assert.ok(symbolDepth(answers.symbols) <= MAX_SYMBOL_DEPTH);
  });

  test('100,000 maps and arrays never closed: one error at the end of the file (2.9.10: Parse error on line 2)', async () => {
    const text = 'a: ' + '{a: ['.repeat(DEPTH) + '\n';
    const analyzed = await analyzeFile(freshFolder(), text);
    assert.deepEqual(summary(analyzed.analysis), ['unknown-field@0:0-0:1', 'syntax-array-value-end@1:0-1:0']);
    assert.match(only(analyzed.analysis, 'syntax-array-value-end').message, /never closed/);
    await exerciseServices(analyzed, [{ line: 1, character: 0 }]);
  });
});

describe('huge and binary input', () => {
  const FIFTY_MB = 50 * 1024 * 1024;

  test('a 50 MB single line: one quoted value (2.9.10: unknown field "k")', async () => {
    const text = 'k: "' + 'x'.repeat(FIFTY_MB) + '"\n';
    const analyzed = await analyzeFile(freshFolder(), text);
    assert.deepEqual(summary(analyzed.analysis), ['unknown-field@0:0-0:1']);
    const answers = await exerciseServices(analyzed, [{ line: 0, character: 0 }, { line: 0, character: 5 }, { line: 1, character: 0 }]);
    assert.equal(answers.symbols.length, 1);
    assert.equal(answers.symbols[0].range.end.character, 'k: "'.length + FIFTY_MB + 1);
  });

  test('150,000 statements and 150,000 array elements on one line: the outline and links do not spread them into a call', async () => {
    // A spread of this many arguments (push(...items)) overflows the stack (from about 130,000).
    const statements = 'port: 4222; '.repeat(150_000);
    const elements = 'routes: [' + 'nats://h:1, '.repeat(150_000) + ']';
    const analyzed = await analyzeFile(freshFolder(), `${statements}\n${elements}\n${'# c\n'.repeat(4)}`);
    assert.deepEqual(summary(analyzed.analysis).filter((s) => s.startsWith('syntax-')), []);
    const answers = await exerciseServices(analyzed, [{ line: 0, character: 1 }, { line: 1, character: 12 }]);
    assert.equal(answers.symbols.length, 150_001);
    assert.equal(answers.symbols[150_000].name, 'routes');
  });

  const random = (seed: number) => () => {
    // xorshift32: reproducible bytes without a dependency.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };

  test('a file of random bytes (4 seeds × 32 KB): no throw, every range inside the document', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const next = random(seed * 2654435761);
      const bytes = Buffer.alloc(32 * 1024);
      for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
      const analyzed = await analyzeFile(freshFolder(), bytes);
      assertRangesInside(analyzed.analysis);
      assert.ok(analyzed.analysis.diagnostics.length > 0, `seed ${seed}: random bytes are not a valid config`);
      const lines = lineLengths(analyzed.analysis.document.text);
      await exerciseServices(analyzed, [
        { line: 0, character: 0 },
        { line: Math.floor(lines.length / 2), character: 1 },
        { line: lines.length - 1, character: lines[lines.length - 1] },
      ]);
    }
  });

  test('random bytes as an included file: a syntax error of the include, read once', async () => {
    const folder = freshFolder();
    const next = random(42);
    const bytes = Buffer.alloc(16 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
    writeFileSync(path.join(folder, 'noise.conf'), bytes);
    const environment = countingEnvironment();
    const { analysis } = await analyzeFile(folder, 'include noise.conf\n', environment);
    assert.deepEqual(summary(analysis).filter((s) => !s.startsWith('unknown-field@')), ['include-parse-error@0:8-0:18']);
    assert.match(only(analysis, 'include-parse-error').message, /^The included file "noise\.conf" has an error on line \d+: /);
    assert.equal(environment.reads.get(path.join(folder, 'noise.conf')), 1);
  });
});

describe('encodings and line ends', () => {
  test('a NUL byte: a warning at the NUL; 2.9.10 reads on after a top-level value (unknown field, Unexpected EOF processing map on line 2)', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'port: 4222\u0000junk {\n');
    assert.deepEqual(summary(analyzed.analysis), ['syntax-nul-byte@0:10-0:11', 'unknown-field@0:11-0:15', 'syntax-unterminated-map@1:0-1:0']);
    assert.equal(only(analyzed.analysis, 'syntax-nul-byte').severity, 'warning');
    await exerciseServices(analyzed, [{ line: 0, character: 10 }, { line: 0, character: 12 }]);
  });

  test('NUL bytes everywhere: inside a string, a comment and a key', async () => {
    const text = 'a: "x\u0000y"\n# c\u0000d\nk\u0000ey: 1\n';
    const analyzed = await analyzeFile(freshFolder(), text);
    assertRangesInside(analyzed.analysis);
    // 2.9.10: Parse error on line 1: 'Unexpected EOF.' (the NUL ends the input inside the string).
    assert.equal(summary(analyzed.analysis)[0], 'syntax-unexpected-eof@0:5-0:6');
    await exerciseServices(analyzed, [{ line: 0, character: 5 }, { line: 2, character: 1 }]);
  });

  test('a BOM is part of the first key, as nats-server reads it (2.9.10: unknown field "\\ufeffport")', async () => {
    const analyzed = await analyzeFile(freshFolder(), '\ufeffport: 4222\nhttp: 8222 x\n');
    assert.deepEqual(summary(analyzed.analysis), ['unknown-field@0:0-0:5', 'syntax-expected-value-end@1:11-1:12']);
    assert.match(only(analyzed.analysis, 'unknown-field').message, /Did you mean 'port'/);
  });

  test('CRLF line ends: errors on the right line and column (2.9.10: Parse error on line 2)', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'port: 4222\r\nhttp: 8222 x\r\n');
    assert.deepEqual(summary(analyzed.analysis), ['syntax-expected-value-end@1:11-1:12']);
    await exerciseServices(analyzed, [{ line: 1, character: 2 }]);
  });

  test('lone CR line ends: the editor\'s line 2 (nats-server counts only \\n and says line 1)', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'port: 4222\rhttp: 8222 x\r');
    assert.deepEqual(summary(analyzed.analysis), ['syntax-expected-value-end@1:11-1:12']);
    await exerciseServices(analyzed, [{ line: 1, character: 2 }]);
  });

  test('mixed CRLF, LF and lone CR: the unterminated map at the end is on the last line', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'a {\r\n b: 1\r c: 2\n');
    assert.deepEqual(summary(analyzed.analysis), ['unknown-field@0:0-0:1', 'syntax-unterminated-map@3:0-3:0']);
  });
});

describe('unterminated at the end of the file', () => {
  test('a string (2.9.10: Parse error on line 2: Unexpected EOF)', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'port: 4222\nserver_name: "abc');
    assert.deepEqual(summary(analyzed.analysis), ['syntax-unexpected-eof@1:17-1:17']);
    assert.match(analyzed.analysis.diagnostics[0].message, /quoted text opened on line 2/);
    await exerciseServices(analyzed, [{ line: 1, character: 17 }]);
  });

  test('a map (2.9.10: Parse error on line 4: Unexpected EOF processing map)', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'port: 4222\ntls {\n  verify: true\n');
    assert.deepEqual(summary(analyzed.analysis), ['syntax-unterminated-map@3:0-3:0']);
    assert.match(analyzed.analysis.diagnostics[0].message, /map opened on line 2 is never closed/);
    await exerciseServices(analyzed, [{ line: 3, character: 0 }]);
  });

  test('a raw block (2.9.10: Parse error on line 4: Unexpected EOF processing block)', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'port: 4222\nserver_name: (\nabc\n');
    assert.deepEqual(summary(analyzed.analysis), ['syntax-unterminated-block@3:0-3:0']);
    assert.match(analyzed.analysis.diagnostics[0].message, /raw block opened with '\(' on line 2/);
    await exerciseServices(analyzed, [{ line: 2, character: 1 }, { line: 3, character: 0 }]);
  });
});

describe('includes', () => {
  test('10,000 includes of 2,500 files resolve, and each file is read once', async () => {
    const folder = freshFolder();
    mkdirSync(path.join(folder, 'accounts'));
    const includes = 10_000;
    const files = 2_500;
    for (let i = 0; i < files; i++) {
      writeFileSync(path.join(folder, 'accounts', `a${i}.conf`), `A${i}: { users: [ { user: u${i}, password: p${i} } ] }\n`);
    }
    // Each file included four times: the later include sets the same account again (2.9.10: valid).
    let text = 'accounts {\n';
    for (let i = 0; i < includes; i++) text += `  include accounts/a${i % files}.conf\n`;
    text += '}\n';
    const environment = countingEnvironment();
    const analyzed = await analyzeFile(folder, text, environment);
    assert.deepEqual(summary(analyzed.analysis), []);
    const includeReads = [...environment.reads].filter(([file]) => file.includes(`${path.sep}accounts${path.sep}`));
    assert.equal(includeReads.length, files);
    assert.ok(includeReads.every(([, reads]) => reads === 1));
    assert.equal(analyzed.analysis.resolution.includes.size, includes);
    const answers = await exerciseServices(analyzed, [{ line: 5_000, character: 12 }]);
    assert.equal(answers.links, includes);
    // Line 5,000 holds include number 4,999: file 4,999 mod 2,500.
    assert.match(JSON.stringify(answers.hovers[0]), /include\*\* `accounts\/a2499\.conf`.*found \(1 top-level entry\)/);
  });

  test('a cycle through three files is reported with its chain and crashes nobody (2.9.10: stack overflow)', async () => {
    const folder = freshFolder();
    writeFileSync(path.join(folder, 'c1.conf'), 'include c2.conf\n');
    writeFileSync(path.join(folder, 'c2.conf'), 'include c3.conf\n');
    writeFileSync(path.join(folder, 'c3.conf'), 'port: 1\ninclude c1.conf\n');
    const environment = countingEnvironment();
    const analyzed = await analyzeFile(folder, 'include c1.conf\n', environment);
    // The cycle is inside the included files: the root's include reports it, as for any error there.
    const [diagnostic] = analyzed.analysis.diagnostics;
    assert.deepEqual(summary(analyzed.analysis), ['include-parse-error@0:8-0:15']);
    assert.equal(diagnostic.severity, 'error');
    assert.match(diagnostic.message, /Include cycle: c1\.conf → c2\.conf → c3\.conf → c1\.conf\. nats-server 2\.9\.10 follows it until it crashes/);
    for (const name of ['c1.conf', 'c2.conf', 'c3.conf']) assert.equal(environment.reads.get(path.join(folder, name)), 1, name);
    await exerciseServices(analyzed, [{ line: 0, character: 10 }]);
  });

  test('a cycle through the open file and two others is include-cycle where it closes', async () => {
    const folder = freshFolder();
    writeFileSync(path.join(folder, 'b.conf'), 'include c.conf\n');
    writeFileSync(path.join(folder, 'c.conf'), 'include main.conf\n');
    const analyzed = await analyzeFile(folder, 'port: 4222\ninclude b.conf\n');
    assert.deepEqual(summary(analyzed.analysis), ['include-parse-error@1:8-1:14']);
    const [diagnostic] = analyzed.analysis.diagnostics;
    assert.match(diagnostic.message, /Include cycle: main\.conf → b\.conf → c\.conf → main\.conf/);
    // The related location is the include that closes the cycle, in c.conf.
    const closing = diagnostic.related?.find((related) => related.uri === pathToFileURL(path.join(folder, 'c.conf')).href);
    assert.deepEqual(closing?.range, { start: { line: 0, character: 8 }, end: { line: 0, character: 17 } });
  });

  test('a file that includes itself is include-cycle', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'include main.conf\n');
    assert.deepEqual(summary(analyzed.analysis), ['include-cycle@0:8-0:17']);
  });

  test('a symbolic link loop as include (2.9.10: too many levels of symbolic links)', async () => {
    const folder = freshFolder();
    symlinkSync('loop-b', path.join(folder, 'loop-a'));
    symlinkSync('loop-a', path.join(folder, 'loop-b'));
    const analyzed = await analyzeFile(folder, 'include loop-a\n');
    assert.deepEqual(summary(analyzed.analysis), ['include-unreadable@0:8-0:14']);
    assert.match(analyzed.analysis.diagnostics[0].message, /symbolic links form a loop \(ELOOP\)/);
    await exerciseServices(analyzed, [{ line: 0, character: 9 }]);
  });

  test('a FIFO as include is refused without blocking', { timeout: 20_000 }, async () => {
    const folder = freshFolder();
    execFileSync('mkfifo', [path.join(folder, 'pipe.conf')]);
    const analyzed = await analyzeFile(folder, 'include pipe.conf\n');
    assert.deepEqual(summary(analyzed.analysis), ['include-unreadable@0:8-0:17']);
    assert.match(analyzed.analysis.diagnostics[0].message, /is not a regular file/);
  });

  test(`a 2 GB sparse include is not read (limit ${MAX_READ_BYTES} bytes)`, async () => {
    const folder = freshFolder();
    execFileSync('truncate', ['-s', '2G', path.join(folder, 'huge.conf')]);
    const analyzed = await analyzeFile(folder, 'include huge.conf\n');
    assert.deepEqual(summary(analyzed.analysis), ['include-unreadable@0:8-0:17']);
    assert.match(analyzed.analysis.diagnostics[0].message, new RegExp(`larger than ${MAX_READ_BYTES} bytes`));
  });
});

describe('variables', () => {
  test('`a: $a` is undefined, not a loop (2.9.10: variable reference for \'a\' on line 1 can not be found)', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'a: $a\n');
    assert.deepEqual(summary(analyzed.analysis), ['unknown-field@0:0-0:1', 'variable-undefined@0:3-0:5']);
    await exerciseServices(analyzed, [{ line: 0, character: 4 }]);
  });

  test('`a: $b` then `b: $a` (2.9.10: variable reference for \'b\' on line 1 can not be found)', async () => {
    const analyzed = await analyzeFile(freshFolder(), 'a: $b\nb: $a\n');
    assert.deepEqual(summary(analyzed.analysis), ['variable-undefined@0:3-0:5', 'unknown-field@1:0-1:1']);
    await exerciseServices(analyzed, [{ line: 0, character: 4 }, { line: 1, character: 4 }]);
  });

  test('an environment variable naming itself (A=\'$A\'): variable-cycle; 2.9.10 crashes with a stack overflow', async () => {
    const environment = createNodeEnvironment({ A: '$A' });
    const analyzed = await analyzeFile(freshFolder(), 'port: $A\n', environment);
    assert.deepEqual(summary(analyzed.analysis), ['variable-cycle@0:6-0:8']);
    assert.match(analyzed.analysis.diagnostics[0].message, /Environment variable A refers to itself \(\$A → \$A\)/);
    const answers = await exerciseServices(analyzed, [{ line: 0, character: 7 }]);
    assert.ok(answers.hovers[0], 'the variable still has a hover');
  });

  test('environment variables in a three-step cycle (B→C→D→B): variable-cycle with the chain', async () => {
    const environment = createNodeEnvironment({ B: '$C', C: '$D', D: '$B' });
    const analyzed = await analyzeFile(freshFolder(), 'port: $B\n', environment);
    assert.deepEqual(summary(analyzed.analysis), ['variable-cycle@0:6-0:8']);
    assert.match(analyzed.analysis.diagnostics[0].message, /\$B → \$C → \$D → \$B/);
  });
});

describe('certificate paths that are not certificates', () => {
  const tlsWith = (written: string) => `tls {\n  cert_file: "${written}"\n  key_file: "${written}"\n}\n`;
  /** Range of the written path in `tlsWith` on `line` (1: cert_file, 2: key_file). */
  const pathAt = (written: string, line: number) => {
    const start = (line === 1 ? '  cert_file: ' : '  key_file: ').length;
    return `${line}:${start}-${line}:${start + written.length + 2}`;
  };

  test('a symbolic link loop: unreadable, naming the loop (not "does not exist")', async () => {
    const folder = freshFolder();
    symlinkSync('loop.pem', path.join(folder, 'loop.pem'));
    const analyzed = await analyzeFile(folder, tlsWith('loop.pem'));
    const unreadable = analyzed.analysis.diagnostics.filter((d) => d.code === 'cert-file-unreadable');
    assert.equal(unreadable.length, 2);
    for (const diagnostic of unreadable) assert.match(diagnostic.message, /symbolic links form a loop \(ELOOP\)/);
    assert.equal(analyzed.analysis.diagnostics.filter((d) => d.code === 'cert-file-not-found').length, 0);
    await exerciseServices(analyzed, [{ line: 1, character: 16 }]);
  });

  test('a FIFO is refused without opening it for a blocking read', { timeout: 20_000 }, async () => {
    const folder = freshFolder();
    execFileSync('mkfifo', [path.join(folder, 'pipe.pem')]);
    const analyzed = await analyzeFile(folder, tlsWith('pipe.pem'));
    const unreadable = analyzed.analysis.diagnostics.filter((d) => d.code === 'cert-file-unreadable');
    assert.equal(unreadable.length, 2);
    assert.match(unreadable[0].message, /pipe\.pem is not a regular file/);
    // Hover on the path stats it, never reads it.
    const answers = await exerciseServices(analyzed, [{ line: 1, character: 16 }]);
    assert.match(JSON.stringify(answers.hovers[0]), /not a regular file/);
  });

  for (const device of ['/dev/zero', '/dev/urandom']) {
    test(`${device} is refused without reading from it`, { timeout: 20_000 }, async () => {
      const analyzed = await analyzeFile(freshFolder(), tlsWith(device));
      const unreadable = analyzed.analysis.diagnostics.filter((d) => d.code === 'cert-file-unreadable');
      assert.equal(unreadable.length, 2);
      assert.match(unreadable[0].message, new RegExp(`${device} is not a regular file`));
      await exerciseServices(analyzed, [{ line: 1, character: 16 }, { line: 2, character: 15 }]);
    });
  }

  test('a folder (2.9.10: read d: is a directory)', async () => {
    const folder = freshFolder();
    mkdirSync(path.join(folder, 'certs'));
    const analyzed = await analyzeFile(folder, tlsWith('certs'));
    const folders = analyzed.analysis.diagnostics.filter((d) => d.code === 'cert-file-is-folder');
    assert.equal(folders.length, 2);
    assert.equal(folders[0].severity, 'error');
  });

  test(`a 2 GB sparse file is not read (limit ${MAX_CERTIFICATE_FILE_BYTES} bytes)`, async () => {
    const folder = freshFolder();
    const huge = path.join(folder, 'huge.pem');
    execFileSync('truncate', ['-s', '2G', huge]);
    const environment = countingEnvironment();
    const analyzed = await analyzeFile(folder, tlsWith('huge.pem'), environment);
    const tooLarge = analyzed.analysis.diagnostics.filter((d) => d.code === 'cert-file-too-large');
    assert.deepEqual(tooLarge.map(where), [`cert-file-too-large@${pathAt('huge.pem', 1)}`, `cert-file-too-large@${pathAt('huge.pem', 2)}`]);
    assert.equal(tooLarge[0].severity, 'warning');
    assert.match(tooLarge[0].message, /larger than 1 MB \(2,147,483,648 bytes\)/);
    // Refused on its size: never opened for reading.
    assert.equal(environment.reads.get(huge), undefined);
    const answers = await exerciseServices(analyzed, [{ line: 1, character: 16 }]);
    assert.match(JSON.stringify(answers.hovers[0]), /not read \(larger than 1 MB\)/);
  });

  test('a file that cannot be read (EACCES): cert-file-unreadable and include-unreadable', async () => {
    const folder = freshFolder();
    chmodSync(folder, 0o755);
    writeFileSync(path.join(folder, 'locked.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    writeFileSync(path.join(folder, 'locked.conf'), 'port: 1\n');
    chmodSync(path.join(folder, 'locked.pem'), 0o000);
    chmodSync(path.join(folder, 'locked.conf'), 0o000);
    const text = `include locked.conf\n${tlsWith('locked.pem')}`;
    let found: Array<{ code: string; message: string; range: Diagnostic['range'] }>;
    if (runningAsRoot) {
      // Root reads mode 000 files anyway: run the real CLI as the unprivileged user `nobody`,
      // who must be able to reach the folder.
      chmodSync(root, 0o755);
      const file = path.join(folder, 'main.conf');
      writeFileSync(file, text);
      chmodSync(file, 0o644);
      const cli = path.join(repoRoot, 'server', 'out', 'cli.js');
      assert.ok(statSync(cli).isFile(), `${cli} is missing: run node scripts/build.mjs`);
      const run = spawnSync(process.execPath, [cli, '--format', 'json', '--cwd', folder, file], { uid: 65534, gid: 65534, encoding: 'utf8' });
      assert.equal(run.status, 1, `nats-conf-lint as nobody: ${run.stderr}`);
      found = JSON.parse(run.stdout) as typeof found;
    } else {
      found = (await analyzeFile(folder, text)).analysis.diagnostics;
    }
    assert.deepEqual(
      found.map(where),
      ['include-unreadable@0:8-0:19', 'cert-file-unreadable@1:0-1:3', 'cert-file-unreadable@1:0-1:3'],
    );
    for (const diagnostic of found) assert.match(diagnostic.message, /permission denied \(EACCES\)/);
  });
});
