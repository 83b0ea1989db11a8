import * as vscode from 'vscode';

/**
 * vscode-languageclient 10 only traces when its trace channel's log level is Trace, which users
 * set through "Set Log Level" rather than settings. This view of our output channel reports the
 * Trace level whenever `natsConf.trace.server` asks for tracing, so the setting alone works,
 * and writes trace lines straight into the channel.
 */
export function createTraceChannel(output: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  const tracingRequested = () => vscode.workspace.getConfiguration('natsConf').get<string>('trace.server', 'off') !== 'off';
  const currentLevel = () => (tracingRequested() ? vscode.LogLevel.Trace : output.logLevel);
  const subscriptions = [
    output.onDidChangeLogLevel(() => levelChanged.fire(currentLevel())),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('natsConf.trace.server')) levelChanged.fire(currentLevel());
    }),
  ];
  return {
    get name() {
      return output.name;
    },
    get logLevel() {
      return currentLevel();
    },
    onDidChangeLogLevel: levelChanged.event,
    trace: (message: string) => output.appendLine(`[trace] ${message}`),
    debug: (message: string, ...args: unknown[]) => output.debug(message, ...args),
    info: (message: string, ...args: unknown[]) => output.info(message, ...args),
    warn: (message: string, ...args: unknown[]) => output.warn(message, ...args),
    error: (error: string | Error, ...args: unknown[]) => output.error(error, ...args),
    append: (value: string) => output.append(value),
    appendLine: (value: string) => output.appendLine(value),
    replace: (value: string) => output.replace(value),
    clear: () => output.clear(),
    show: (columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean) => {
      if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) output.show(columnOrPreserveFocus);
      else output.show(columnOrPreserveFocus, preserveFocus);
    },
    hide: () => output.hide(),
    dispose: () => {
      for (const subscription of subscriptions) subscription.dispose();
      levelChanged.dispose();
    },
  };
}
