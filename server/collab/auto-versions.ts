export interface AutoVersionOptions {
  /** A version is taken after this long without edits. */
  pauseMs: number;
  /** …and at least this often while editing goes on. */
  maxIntervalMs: number;
  /** Stores the version; `authorId` is the last editor. */
  take(authorId: string | null): Promise<void>;
}

/**
 * Automatic versions of one document: after a pause in editing, and at least every
 * `maxIntervalMs` while it is edited. One timer at most; `stop()` clears it.
 */
export class AutoVersions {
  private dirtySince: number | undefined;
  private lastEditAt = 0;
  private editor: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private taking: Promise<void> | undefined;

  constructor(private readonly options: AutoVersionOptions) {}

  /** Records an edit by `userId` (null: the server). */
  edited(userId: string | null): void {
    const now = Date.now();
    this.lastEditAt = now;
    if (userId) this.editor = userId;
    this.dirtySince ??= now;
    if (now - this.dirtySince >= this.options.maxIntervalMs) void this.take();
    else this.timer ??= this.arm(this.options.pauseMs);
  }

  /** Takes a version now if anything changed since the last one. */
  async flush(): Promise<void> {
    await this.taking;
    if (this.dirtySince !== undefined) await this.take();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timer = undefined;
      if (this.dirtySince === undefined) return;
      const idle = Date.now() - this.lastEditAt;
      if (idle >= this.options.pauseMs) void this.take();
      else this.timer = this.arm(this.options.pauseMs - idle);
    }, ms);
    timer.unref();
    return timer;
  }

  private take(): Promise<void> {
    if (this.taking) return this.taking;
    const since = this.dirtySince;
    this.dirtySince = undefined;
    this.stop();
    this.taking = this.options
      .take(this.editor)
      .catch(() => {
        // Not stored: the next edit or unload tries again.
        this.dirtySince ??= since;
      })
      .finally(() => (this.taking = undefined));
    return this.taking;
  }
}
