/** Hover: what a key, value, cipher, curve, variable or path means to nats-server. */
import type { Hover } from 'vscode-languageserver-types';
import type { Position } from '../parser/ast';
import type { ServiceContext } from './context';

export async function hover(context: ServiceContext, position: Position): Promise<Hover | undefined> {
  void context;
  void position;
  return undefined;
}
