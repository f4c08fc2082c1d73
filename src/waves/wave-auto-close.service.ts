import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { PeriodicSweep } from '../common/periodic-sweep';
import { WavesService } from './waves.service';

/** How often the service looks for waves whose window has ended. */
export const AUTO_CLOSE_INTERVAL_MS = 30_000;

/**
 * A wave whose `closesAt` has passed closes itself: at start-up and every 30 s
 * the service closes every open wave with closesAt <= now (the injectable
 * clock), as the system (WavesService.closeExpired). Only in the HTTP service
 * (AppModule imports WaveAutoCloseModule), never in the CLI. Safe with several
 * instances on one database (SKIP LOCKED); a failed sweep is logged and the
 * next one tries again. `sweep()` answers the codes of the waves it closed.
 */
@Injectable()
export class WaveAutoCloseService extends PeriodicSweep<string[]> {
  constructor(
    private readonly waves: WavesService,
    private readonly clock: Clock,
  ) {
    super(new Logger(WaveAutoCloseService.name), AUTO_CLOSE_INTERVAL_MS, 'Closing waves whose window ended failed');
  }

  protected run(): Promise<string[]> {
    return this.waves.closeExpired(this.clock.now());
  }
}
