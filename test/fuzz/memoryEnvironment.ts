/**
 * An Environment backed by a Map, so the whole analysis runs on fuzzed inputs without touching
 * the disk: includes and certificates resolve to the seed files loaded into memory.
 */
import type { DirectoryEntry, Environment } from '../../server/src/environment';

/** A fixed clock: certificate validity checks must not depend on the day the fuzzer runs. */
const NOW = new Date('2025-06-01T00:00:00Z');

export function memoryEnvironment(files: ReadonlyMap<string, string | Uint8Array>, variables: Readonly<Record<string, string>> = {}): Environment {
  const folders = new Map<string, Map<string, 'file' | 'directory'>>();
  for (const path of files.keys()) {
    const parts = path.split('/'); // ['', 'corpus', ..., 'name']
    for (let i = 1; i < parts.length; i++) {
      const folder = '/' + parts.slice(1, i).join('/');
      let entries = folders.get(folder);
      if (!entries) folders.set(folder, (entries = new Map()));
      entries.set(parts[i], i === parts.length - 1 ? 'file' : 'directory');
    }
  }
  const normalise = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
  const missing = (path: string) => ({ ok: false as const, reason: 'not-found' as const, message: `${path}: no such file or directory` });
  const folderResult = (path: string) => ({ ok: false as const, reason: 'is-directory' as const, message: `${path} is a directory` });
  return {
    async readFile(path) {
      const file = files.get(path);
      if (file === undefined) return folders.has(normalise(path)) ? folderResult(path) : missing(path);
      return { ok: true, text: typeof file === 'string' ? file : Buffer.from(file).toString('utf8') };
    },
    async readBytes(path, maxBytes) {
      const file = files.get(path);
      if (file === undefined) return folders.has(normalise(path)) ? folderResult(path) : missing(path);
      const bytes = typeof file === 'string' ? new Uint8Array(Buffer.from(file, 'utf8')) : file;
      if (bytes.length > maxBytes) return { ok: false, reason: 'too-large', message: `${path} is too large`, size: bytes.length };
      return { ok: true, bytes };
    },
    async stat(path) {
      const file = files.get(path);
      if (file !== undefined) return { type: 'file', size: typeof file === 'string' ? Buffer.byteLength(file) : file.length, mtimeMs: 0 };
      return folders.has(normalise(path)) ? { type: 'directory', size: 0, mtimeMs: 0 } : undefined;
    },
    async readDirectory(path): Promise<DirectoryEntry[]> {
      const entries = folders.get(normalise(path));
      return entries ? [...entries].map(([name, type]) => ({ name, type })) : [];
    },
    getEnv: (name) => (Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined),
    now: () => NOW,
  };
}
