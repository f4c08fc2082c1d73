import { Injectable } from '@nestjs/common';

/** The last relay problem this process's worker met (wrong credentials, relay unreachable), for GET /api/mail/status. */
export interface RelayProblem {
  /** The relay's reply or the connection error, one line; never the SMTP URL. */
  error: string;
  at: Date;
  /** When the worker tries the relay again. */
  retryAt: Date;
}

/**
 * What the worker of this process knows about the relay: null while the last attempt reached it (or none was
 * made). Per process, like the worker: two instances may see different problems.
 */
@Injectable()
export class RelayStatus {
  problem: RelayProblem | null = null;
}
