/**
 * `.nats-conf-lint.json`: project settings for `nats-conf-lint`, found from the current folder
 * upward (or named by --config). Command-line flags override it. Paths in it are relative to
 * its own folder, so the file means the same thing from wherever the linter runs.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { SERVER_VERSIONS, SEVERITY_OVERRIDES, type ServerVersion, type SeverityOverride } from '../analyzer';

export const LINT_CONFIG_FILE_NAME = '.nats-conf-lint.json';

export interface LintConfig {
  /** Absolute path of the file the settings came from. */
  file: string;
  serverVersion?: ServerVersion;
  severity: Record<string, SeverityOverride>;
  /** Absolute: the folder nats-server runs in. */
  cwd?: string;
  ignore: string[];
  maxWarnings?: number;
  validateWithServer?: boolean;
  /** Absolute when written as a path; a bare name is looked up on PATH. */
  natsServerPath?: string;
  expiryWarningDays?: number;
}

export class LintConfigError extends Error {}

const KNOWN_KEYS = ['$schema', 'serverVersion', 'severity', 'cwd', 'ignore', 'maxWarnings', 'validateWithServer', 'natsServerPath', 'expiryWarningDays'];

/** The nearest .nats-conf-lint.json in `start` or a folder above it. */
export async function findLintConfig(start: string): Promise<string | undefined> {
  let folder = path.resolve(start);
  for (;;) {
    const candidate = path.join(folder, LINT_CONFIG_FILE_NAME);
    const info = await fs.stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Reads and checks a config file. Throws {@link LintConfigError} naming the file and key. */
export async function loadLintConfig(file: string): Promise<LintConfig> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await fs.readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LintConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read'}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new LintConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseLintConfig(raw, absolute, file);
}

/** Checks the parsed JSON; `shownAs` is how messages name the file. */
export function parseLintConfig(raw: unknown, absoluteFile: string, shownAs: string): LintConfig {
  const fail = (key: string, problem: string): never => {
    throw new LintConfigError(`${shownAs}: "${key}" ${problem}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new LintConfigError(`${shownAs}: must hold a JSON object`);
  }
  const base = path.dirname(absoluteFile);
  const config: LintConfig = { file: absoluteFile, severity: {}, ignore: [] };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    switch (key) {
      case '$schema':
        if (typeof value !== 'string') fail(key, 'must be a string');
        break;
      case 'serverVersion':
        if (typeof value !== 'string' || !SERVER_VERSIONS.includes(value as ServerVersion)) {
          fail(key, `must be one of ${SERVER_VERSIONS.map((v) => `"${v}"`).join(', ')}, not ${JSON.stringify(value)}`);
        }
        config.serverVersion = value as ServerVersion;
        break;
      case 'severity':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(key, 'must be an object of code: level');
        for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
          if (code === '') fail(key, 'has an empty code');
          if (!SEVERITY_OVERRIDES.includes(level as SeverityOverride)) {
            fail(`${key}.${code}`, `must be one of ${SEVERITY_OVERRIDES.map((v) => `"${v}"`).join(', ')}, not ${JSON.stringify(level)}`);
          }
          config.severity[code] = level as SeverityOverride;
        }
        break;
      case 'cwd':
        if (typeof value !== 'string' || value === '') fail(key, 'must be a folder path (relative to this file)');
        config.cwd = path.resolve(base, value as string);
        break;
      case 'ignore':
        if (!Array.isArray(value) || value.some((pattern) => typeof pattern !== 'string' || pattern === '')) {
          fail(key, 'must be an array of non-empty patterns');
        }
        config.ignore = [...(value as string[])];
        break;
      case 'maxWarnings':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(key, `must be a whole number of 0 or more, not ${JSON.stringify(value)}`);
        config.maxWarnings = value as number;
        break;
      case 'validateWithServer':
        if (typeof value !== 'boolean') fail(key, `must be true or false, not ${JSON.stringify(value)}`);
        config.validateWithServer = value as boolean;
        break;
      case 'natsServerPath':
        if (typeof value !== 'string' || value === '') fail(key, 'must be the nats-server executable (a path relative to this file, or a name on PATH)');
        config.natsServerPath = resolveExecutable(value as string, base);
        break;
      case 'expiryWarningDays':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(key, `must be a whole number of 0 or more, not ${JSON.stringify(value)}`);
        config.expiryWarningDays = value as number;
        break;
      default:
        fail(key, `is not a setting (known: ${KNOWN_KEYS.filter((k) => k !== '$schema').join(', ')})`);
    }
  }
  return config;
}

/** A bare name (`nats-server`) is looked up on PATH when run; anything with a separator is a path. */
export function resolveExecutable(written: string, base: string): string {
  return written.includes('/') || written.includes('\\') ? path.resolve(base, written) : written;
}
