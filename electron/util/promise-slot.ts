// A started thing (a PowerShell session, a WinRM session, a host's identity) kept for reuse, unless starting it
// failed: a rejected start is not kept, so the next caller tries again instead of failing with the same error
// until the app restarts.
export class PromiseSlot<T> {
  private current: Promise<T> | null = null;

  /** The kept promise, or a new one from `start` when none is kept. */
  get(start: () => Promise<T>): Promise<T> {
    if (!this.current) {
      const started = start();
      this.current = started;
      started.catch(() => {
        if (this.current === started) this.current = null;
      });
    }
    return this.current;
  }

  /** Forgets what it held (a session known dead): the next `get` starts anew. */
  clear(): void {
    this.current = null;
  }

  /** Empties the slot and hands over what it held (to dispose of), or null. */
  take(): Promise<T> | null {
    const held = this.current;
    this.current = null;
    return held;
  }
}
