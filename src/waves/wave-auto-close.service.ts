import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { WavesService } from './waves.service';

/** How often the service looks for waves whose window has ended. */
export const AUTO_CLOSE_INTERVAL_MS = 30_000;

/**
 * A wave whose `closesAt` has passed closes itself: at start-up and every 30 s
 * the service closes every open wave with closesAt <= now (the injectable
 * clock), as the system (WavesService.closeExpired). Only in the HTTP service
 * (AppModule imports WaveAutoCloseModule), never in the CLI. Safe with several
 * instances on one database (SKIP LOCKED); a failed sweep is logged and the
 * next one tries again.
 */
@Injectable()
export class WaveAutoCloseService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WaveAutoCloseService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<string[]> | undefined;

  constructor(
    private readonly waves: WavesService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweepLogged();
    this.timer = setInterval(() => void this.sweepLogged(), AUTO_CLOSE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One sweep now: the codes of the waves it closed. */
  sweep(): Promise<string[]> {
    const run = this.waves.closeExpired(this.clock.now());
    this.running = run;
    return run;
  }

  private async sweepLogged(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.error(`Closing waves whose window ended failed: ${(error as Error).message}`);
    }
  }
}
