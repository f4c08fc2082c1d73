import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DataProtectionService } from './data-protection.service';

/** How often the service looks for waves whose contact retention has ended. */
export const CONTACT_RETENTION_INTERVAL_MS = 10 * 60_000;

/**
 * Contact data goes by itself: at start-up and every 10 minutes the service forgets the contact data and token hashes
 * of every wave closed at least CONTACT_RETENTION_DAYS ago (DataProtectionService.forgetExpiredContacts, as the
 * system, audited). Only in the HTTP service (AppModule imports ContactRetentionModule), never in the CLI. A failed
 * sweep is logged and the next one tries again.
 */
@Injectable()
export class ContactRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ContactRetentionService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<string[]> | undefined;

  constructor(
    private readonly dataProtection: DataProtectionService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweepLogged();
    this.timer = setInterval(() => void this.sweepLogged(), CONTACT_RETENTION_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One sweep now: the codes of the waves whose contact data it deleted. */
  sweep(): Promise<string[]> {
    const run = this.dataProtection.forgetExpiredContacts(this.clock.now());
    this.running = run;
    return run;
  }

  private async sweepLogged(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.error(`Deleting contact data after the retention failed: ${(error as Error).message}`);
    }
  }
}
