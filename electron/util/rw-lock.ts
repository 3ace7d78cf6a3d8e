// Serializes what changes a host. Reads (a diagnosis, a re-check, a preview) share the host; a change (fix,
// rollback, scenario switch) waits for the reads in flight and runs alone, so a snapshot is never taken
// while another change is half done and a diagnosis never reports a half-applied fix. Writers are preferred:
// once a change waits, new reads queue behind it, so a stream of re-checks cannot starve a fix.
export class RwLock {
  private readers = 0;
  private writing = false;
  private waiting: { write: boolean; wake: () => void }[] = [];

  async read<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.readers--;
      this.drain();
    }
  }

  async write<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.writing = false;
      this.drain();
    }
  }

  /** True while a change runs or waits: a caller may report "busy" instead of queueing. */
  get busy(): boolean {
    return this.writing || this.waiting.some((w) => w.write);
  }

  private acquire(write: boolean): Promise<void> {
    if (this.waiting.length === 0 && this.admissible(write)) {
      this.take(write);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ write, wake: resolve }));
  }

  private admissible(write: boolean): boolean {
    return write ? !this.writing && this.readers === 0 : !this.writing;
  }

  private take(write: boolean): void {
    if (write) this.writing = true;
    else this.readers++;
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.admissible(this.waiting[0]!.write)) {
      const next = this.waiting.shift()!;
      this.take(next.write);
      next.wake();
      if (next.write) return;
    }
  }
}
