/** Quick fixes built from diagnostic codes and their data (never by re-reading the text). */
import type { CodeAction, Diagnostic as LspDiagnostic, Range } from 'vscode-languageserver-types';
import type { ServiceContext } from './context';

export interface CodeActionRequest {
  range: Range;
  /** The diagnostics the client sends with the request (LSP form, with `data`). */
  diagnostics: LspDiagnostic[];
  /** `only` kinds the client asked for (e.g. `quickfix`, `source.fixAll`). */
  only?: string[];
}

export async function codeActions(context: ServiceContext, request: CodeActionRequest): Promise<CodeAction[]> {
  void context;
  void request;
  return [];
}
