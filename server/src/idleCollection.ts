/**
 * Young-generation garbage collection in the pauses between keystrokes.
 *
 * Every full analysis of a big config leaves a new tree behind, alive until the next edit, and
 * its garbage fills the young generation. When the collector then runs, it runs in the middle of
 * the next analysis, copying the live trees, and that edit's diagnostics wait for it (15 to 30 ms
 * on the bench's 5,000-line config). Collecting once the server has been idle for a moment moves
 * that pause to where nobody waits for it: the next analysis starts with an empty young
 * generation. When the next change comes sooner, the collection is called off and V8 collects
 * when it must, as before.
 */

/** V8's `gc` with `--expose-gc`: `type: 'minor'` is a young-generation collection. */
export type CollectGarbage = (options: { type: 'minor' | 'major' }) => void;

/** How long the server must have been idle after publishing a result before it collects. */
export const IDLE_COLLECTION_DELAY_MS = 20;

export class IdleCollection {
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `collect`: undefined when the process was started without `--expose-gc` (nothing is done). */
  constructor(
    private readonly collect: CollectGarbage | undefined,
    private readonly delayMs = IDLE_COLLECTION_DELAY_MS,
  ) {}

  /** A result went out: collect unless new work arrives within the delay. */
  schedule(): void {
    const collect = this.collect;
    if (!collect) return;
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      collect({ type: 'minor' });
    }, this.delayMs);
    // A pending collection does not keep the process alive (at shutdown, nothing is left to do).
    this.timer.unref?.();
  }

  /** New work arrived: the collection waits for the next pause. */
  cancel(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The `gc` function when Node was started with `--expose-gc`. */
export function exposedGarbageCollector(): CollectGarbage | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? (gc as CollectGarbage) : undefined;
}
