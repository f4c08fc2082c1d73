import { Module } from '@nestjs/common';
import { AnswerCountsRepository } from './answer-counts.repository';
import { ResponseActivityReader } from './response-activity.reader';
import { ResponseRowsReader } from './response-rows.reader';

/**
 * The read side of the responses module for reporting: answer counts for the
 * analysis, response rows for the raw exports. No controller, no throttling:
 * analysis and exports (and the CLI) import this, not ResponsesModule; the
 * activity (progress per day, last saves) for waves, invitations and analysis.
 */
@Module({
  providers: [AnswerCountsRepository, ResponseRowsReader, ResponseActivityReader],
  exports: [AnswerCountsRepository, ResponseRowsReader, ResponseActivityReader],
})
export class ResponseReadsModule {}
