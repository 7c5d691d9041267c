/**
 * Lets events (new mail, a closed connection, a lost lock, stop) cut a session's wait short. A wake that comes while
 * nobody waits is kept for the next wait, so an event during a sweep is not lost.
 */
export class Waker {
  private pending = false;
  private resolveWait: (() => void) | null = null;

  wake(): void {
    const resolve = this.resolveWait;
    if (resolve) {
      this.resolveWait = null;
      resolve();
    } else this.pending = true;
  }

  /** Resolves after ms, or at the next wake (at once when one is pending). */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          this.resolveWait = null;
          resolve();
        },
        Math.max(0, ms),
      );
      this.resolveWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
