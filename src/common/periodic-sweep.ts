import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A job the HTTP service runs by itself: once at start-up, then every `intervalMs` (the timer does not keep the process
 * alive). A failed run is logged and the next one tries again; shutdown waits for a run in flight. Subclasses say what
 * one run does (`run`) and how a failure reads in the log. Only modules the HTTP service imports use it, never the CLI.
 */
export abstract class PeriodicSweep<T> implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;

  protected constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly failure: string,
  ) {}

  /** One run: what it did. */
  protected abstract run(): Promise<T>;

  async onApplicationBootstrap(): Promise<void> {
    await this.sweepLogged();
    this.timer = setInterval(() => void this.sweepLogged(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One run now. */
  sweep(): Promise<T> {
    const run = this.run();
    this.running = run;
    return run;
  }

  private async sweepLogged(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.error(`${this.failure}: ${(error as Error).message}`);
    }
  }
}
