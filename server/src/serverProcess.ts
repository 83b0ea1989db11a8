/**
 * How the language server's Node process is started: the flags the VS Code client forks it with
 * (client/src/extension.ts) and `npm run bench:memory` spawns it with (bench/editMemory.ts), so
 * the bench measures the process users run. Other LSP clients can pass the same flags to `node`.
 *
 * Kept free of imports: the client bundles this file.
 */

/**
 * The cap on V8's old generation, in MB. Without one, V8 sizes the heap from the machine's memory
 * (4 GB on a 24 GB machine) and, from 2 GB up, lets it grow to up to 4× what survived the last full
 * collection before collecting again; under a smaller cap that factor drops (1.6× at 1,024 MB,
 * seen with --trace-gc-verbose). Editing a 100,000-line config, where each edit makes a new 12 MB
 * string and each validation a new analysis, peaked at 1.7 GB RSS uncapped and stays near 800 MB
 * with this cap. The cap is also a hard ceiling on the heap, so RSS cannot run far past it.
 * The analysis of a 100,000-line config retains about 190 MB (1 to 5 analyses kept alive: 223,
 * 410, 599, 787, 975 MB of heap), so four such documents fit open at once with room for a fifth's
 * analysis; a sixth runs out of heap. Real configs are far smaller.
 */
export const SERVER_MAX_OLD_SPACE_MB = 1024;

/** Node flags for the language server process. */
export const serverExecArgv: readonly string[] = Object.freeze([`--max-old-space-size=${SERVER_MAX_OLD_SPACE_MB}`]);
