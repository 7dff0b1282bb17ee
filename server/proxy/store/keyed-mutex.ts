/**
 * An in-process mutex per key: work for one key runs one at a time, in arrival order,
 * while different keys run freely. Used where the database cannot lock for us (SQLite).
 */
export class KeyedMutex {
  /** Tail of each key's queue; removed when the last holder leaves, so the map stays small. */
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `fn` once every earlier `run` for the same key has settled.
   *
   * @example
   * const mutex = new KeyedMutex();
   * await Promise.all([mutex.run('m1', a), mutex.run('m1', b)]); // b starts after a ends
   */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with work running or queued (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
