import { promises as fs, constants as fsConstants } from 'fs';
import type { BytesReadResult, DirectoryEntry, Environment, FileReadResult, FileStat } from './environment';

/** Files larger than this are not read (configs and certificates are far smaller). */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/** The Environment backed by Node's file system and process environment. */
export function createNodeEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    async readFile(path: string): Promise<FileReadResult> {
      let handle: fs.FileHandle | undefined;
      try {
        const info = await fs.stat(path);
        if (info.isDirectory()) return { ok: false, reason: 'is-directory', message: `${path} is a folder, not a file` };
        if (!info.isFile()) return { ok: false, reason: 'not-a-file', message: `${path} is not a regular file` };
        if (info.size > MAX_READ_BYTES) {
          return { ok: false, reason: 'too-large', message: `${path} is larger than ${MAX_READ_BYTES} bytes` };
        }
        // O_NONBLOCK: a path swapped for a FIFO between stat and open must not hang us.
        handle = await fs.open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
        const buffer = await handle.readFile();
        return { ok: true, text: buffer.toString('utf8') };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not-found', message: `${path} does not exist` };
        if (code === 'EISDIR') return { ok: false, reason: 'is-directory', message: `${path} is a folder, not a file` };
        return { ok: false, reason: 'unreadable', message: unreadableMessage(path, code, error) };
      } finally {
        await handle?.close().catch(() => undefined);
      }
    },
    async readBytes(path: string, maxBytes: number): Promise<BytesReadResult> {
      let handle: fs.FileHandle | undefined;
      try {
        const info = await fs.stat(path);
        if (info.isDirectory()) return { ok: false, reason: 'is-directory', message: `${path} is a folder, not a file` };
        if (!info.isFile()) return { ok: false, reason: 'not-a-file', message: `${path} is not a regular file` };
        if (info.size > maxBytes) return { ok: false, reason: 'too-large', message: `${path} is larger than ${maxBytes} bytes`, size: info.size };
        // O_NONBLOCK: a path swapped for a FIFO between stat and open must not hang us.
        handle = await fs.open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
        const opened = await handle.stat();
        if (!opened.isFile()) return { ok: false, reason: 'not-a-file', message: `${path} is not a regular file` };
        // Read at most maxBytes + 1: a file that grew since the stat is still refused.
        const buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
        let length = 0;
        while (length < buffer.length) {
          const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
          if (bytesRead === 0) break;
          length += bytesRead;
        }
        if (length > maxBytes) return { ok: false, reason: 'too-large', message: `${path} is larger than ${maxBytes} bytes`, size: length };
        return { ok: true, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, length) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not-found', message: `${path} does not exist` };
        if (code === 'EISDIR') return { ok: false, reason: 'is-directory', message: `${path} is a folder, not a file` };
        return { ok: false, reason: 'unreadable', message: unreadableMessage(path, code, error) };
      } finally {
        await handle?.close().catch(() => undefined);
      }
    },
    async stat(path: string): Promise<FileStat | undefined> {
      try {
        const info = await fs.stat(path);
        return {
          type: info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other',
          size: info.size,
          mtimeMs: info.mtimeMs,
        };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        // It is there but cannot be looked at (a symbolic link loop, a folder without search
        // permission): reading it then reports why, instead of a misleading "does not exist".
        return { type: 'other', size: 0, mtimeMs: 0 };
      }
    },
    async readDirectory(path: string): Promise<DirectoryEntry[]> {
      try {
        const entries = await fs.readdir(path, { withFileTypes: true });
        return Promise.all(
          entries.map(async (entry): Promise<DirectoryEntry> => {
            let type: DirectoryEntry['type'] = entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other';
            if (entry.isSymbolicLink()) {
              const target = await fs.stat(`${path}/${entry.name}`).catch(() => undefined);
              type = target?.isFile() ? 'file' : target?.isDirectory() ? 'directory' : 'other';
            }
            return { name: entry.name, type };
          }),
        );
      } catch {
        return [];
      }
    },
    getEnv: (name) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined),
    now: () => new Date(),
  };
}

/** Why a path cannot be read, in words for the common causes and with the system code. */
function unreadableMessage(path: string, code: string | undefined, error: unknown): string {
  if (code === 'ELOOP') return `${path} cannot be read: its symbolic links form a loop (ELOOP)`;
  if (code === 'EACCES' || code === 'EPERM') return `${path} cannot be read: permission denied (${code})`;
  return `${path} cannot be read (${code ?? String(error)})`;
}
