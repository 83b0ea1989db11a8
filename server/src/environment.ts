/**
 * Everything the analysis needs from the outside world comes through this interface, so
 * tests can use fixtures and another host (a web build) can supply its own file access.
 */

export type FileReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'not-found' | 'is-directory' | 'unreadable' | 'too-large' | 'not-a-file'; message: string };

export interface FileStat {
  type: 'file' | 'directory' | 'other';
  size: number;
  mtimeMs: number;
}

export interface DirectoryEntry {
  name: string;
  type: 'file' | 'directory' | 'other';
}

export interface Environment {
  /** Reads a text file (UTF-8). Never throws. */
  readFile(path: string): Promise<FileReadResult>;
  /** Stats a path without following it into devices or FIFOs; undefined when it does not exist. */
  stat(path: string): Promise<FileStat | undefined>;
  /** The entries of a folder (symbolic links followed); empty when it cannot be listed. Never throws. */
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  /** An environment variable, as nats-server's `os.LookupEnv` would see it. */
  getEnv(name: string): string | undefined;
  /** The current time (injected so certificate checks are testable). */
  now(): Date;
}
