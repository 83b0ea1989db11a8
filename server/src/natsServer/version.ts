import { runProcess } from './run';

/** `nats-server: v2.9.10` (and `nats-server version 2.x.y` in old releases) → `2.9.10`. */
export function parseNatsServerVersion(output: string): string | undefined {
  const match = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\b/.exec(output);
  return match?.[1];
}

/** Runs `<executable> --version`; undefined when it cannot be run or prints no version. */
export async function natsServerVersion(executable: string, timeoutMs = 10_000): Promise<string | undefined> {
  const outcome = await runProcess(executable, ['--version'], process.cwd(), { timeoutMs, maxOutputBytes: 4096 });
  if (outcome.kind !== 'exited' || outcome.exitCode !== 0) return undefined;
  return parseNatsServerVersion(outcome.output);
}
