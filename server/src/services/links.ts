/** Links to certificate and include files, and go-to-definition for `$VAR` and includes. */
import type { DocumentLink, Location } from 'vscode-languageserver-types';
import type { Position } from '../parser/ast';
import type { ServiceContext } from './context';

export async function documentLinks(context: ServiceContext): Promise<DocumentLink[]> {
  void context;
  return [];
}

export async function definition(context: ServiceContext, position: Position): Promise<Location[]> {
  void context;
  void position;
  return [];
}
