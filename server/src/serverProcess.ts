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
 * The analysis of a 100,000-line config retains about 110 MB (1 to 5 analyses kept alive: 119,
 * 228, 337, 446, 555 MB of heap; 223 to 975 MB before the trees and resolutions shrank, when a
 * sixth ran out of heap), so the cap leaves room for about eight such documents open at once.
 * Real configs are far smaller.
 */
export const SERVER_MAX_OLD_SPACE_MB = 1024;

/**
 * The cap on each of V8's two young-generation semi-spaces, in MB (Node's default here is 16).
 * Every edit makes a new analysis that lives until the next edit. With 16 MB, the collector runs
 * in the middle of nearly every analysis of a 5,000-line config (about 10 MB of new objects) and
 * copies the half-built tree, which is all alive, then promotes it to the old generation, where it
 * becomes garbage a moment later. With 64 MB several analyses fit between collections and the
 * stale ones die young: \`didChange\` → diagnostics on the benchmark's 5,000-line file went from
 * p50 105–109 ms to 62–64 ms (p95 152–159 → 125–128 ms). 128 MB shortened the tail (p95 91–110
 * against 107–148 ms, later code) but let the memory bench's floors climb 300 MB in 1,000 edits. V8
 * grows the semi-spaces to this size only under allocation pressure, so an idle server does not
 * pay for them.
 */
export const SERVER_MAX_SEMI_SPACE_MB = 64;

/**
 * Gives the server V8's `gc` function, with which it collects the young generation when it has
 * been idle for a moment after publishing diagnostics (idleCollection.ts), rather than in the
 * middle of the next analysis. Without the flag the server works the same, without that.
 */
export const SERVER_EXPOSE_GC = '--expose-gc';

/** Node flags for the language server process. */
export const serverExecArgv: readonly string[] = Object.freeze([
  `--max-old-space-size=${SERVER_MAX_OLD_SPACE_MB}`,
  `--max-semi-space-size=${SERVER_MAX_SEMI_SPACE_MB}`,
  SERVER_EXPOSE_GC,
]);
