/**
 * Everything the analysis needs from the outside world comes through this interface, so
 * tests can use fixtures and another host (a web build) can supply its own file access.
 */

export type FileReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'not-found' | 'is-directory' | 'unreadable' | 'too-large' | 'not-a-file'; message: string };

/** What a binary read gives: the bytes, or why there are none. */
export type BytesReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'not-found' | 'is-directory' | 'unreadable' | 'too-large' | 'not-a-file'; message: string; size?: number };

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
  /**
   * Reads a file as bytes (certificates, keys), at most `maxBytes` of them: a larger file is
   * `too-large`. Only regular files are read; FIFOs and devices are refused without blocking.
   * Never throws.
   */
  readBytes(path: string, maxBytes: number): Promise<BytesReadResult>;
  /**
   * Stats a path without following it into devices or FIFOs; undefined when it does not exist.
   * A path that exists but cannot be examined (a symbolic link loop, no permission) is `other`.
   */
  stat(path: string): Promise<FileStat | undefined>;
  /** The entries of a folder (symbolic links followed); empty when it cannot be listed. Never throws. */
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  /** An environment variable, as nats-server's `os.LookupEnv` would see it. */
  getEnv(name: string): string | undefined;
  /** The current time (injected so certificate checks are testable). */
  now(): Date;
}
