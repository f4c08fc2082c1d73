import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { PeriodicSweep } from '../common/periodic-sweep';
import { DataProtectionService } from './data-protection.service';

/** How often the service looks for waves whose contact retention has ended. */
export const CONTACT_RETENTION_INTERVAL_MS = 10 * 60_000;

/**
 * Contact data goes by itself: at start-up and every 10 minutes the service forgets the contact data and token hashes
 * of every wave closed at least CONTACT_RETENTION_DAYS ago (DataProtectionService.forgetExpiredContacts, as the
 * system, audited). Only in the HTTP service (AppModule imports ContactRetentionModule), never in the CLI. `sweep()`
 * answers the codes of the waves whose contact data it deleted.
 */
@Injectable()
export class ContactRetentionService extends PeriodicSweep<string[]> {
  constructor(
    private readonly dataProtection: DataProtectionService,
    private readonly clock: Clock,
  ) {
    super(new Logger(ContactRetentionService.name), CONTACT_RETENTION_INTERVAL_MS, 'Deleting contact data after the retention failed');
  }

  protected run(): Promise<string[]> {
    return this.dataProtection.forgetExpiredContacts(this.clock.now());
  }
}
