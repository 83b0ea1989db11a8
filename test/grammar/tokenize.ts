// Loads syntaxes/nats-conf.tmLanguage.json with vscode-textmate + vscode-oniguruma (the engine
// VS Code uses; both come with the vscode-tmgrammar-test devDependency) and tokenizes whole texts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

// Test bundles run from out/test/grammar/; the repository root is three levels up.
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const grammarPath = path.join(repoRoot, 'syntaxes', 'nats-conf.tmLanguage.json');
export const SCOPE_NAME = 'source.nats-conf';

export interface LineTokens {
  line: string;
  tokens: { text: string; scopes: string[] }[];
}

export interface TokenizedText {
  lines: LineTokens[];
  /** Depth of the rule stack after the last line: 1 means every begin/end rule was closed. */
  finalDepth: number;
  /** Scopes of the innermost open rule after the last line (the scope name first). */
  openScopes: string[];
  stoppedEarly: boolean;
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

export function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
    const onigLib = oniguruma
      .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength))
      .then(() => ({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }));
    const registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) =>
        scopeName === SCOPE_NAME ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const grammar = await registry.loadGrammar(SCOPE_NAME);
    if (!grammar) throw new Error(`cannot load ${grammarPath}`);
    return grammar;
  })();
  return grammarPromise;
}

/** Tokenizes a text line by line, as VS Code does (CRLF, LF and CR all end a line). */
export async function tokenizeText(text: string): Promise<TokenizedText> {
  const grammar = await loadGrammar();
  let stack = vsctm.INITIAL;
  let stoppedEarly = false;
  const lines: LineTokens[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const result = grammar.tokenizeLine(line, stack);
    stoppedEarly ||= result.stoppedEarly;
    stack = result.ruleStack;
    lines.push({
      line,
      tokens: result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })),
    });
  }
  // The scopes of the open rules are only reachable by tokenizing an empty line in that state.
  const probe = grammar.tokenizeLine('', stack);
  return { lines, finalDepth: stack.depth, openScopes: probe.tokens[0]?.scopes ?? [], stoppedEarly };
}
