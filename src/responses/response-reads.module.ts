import { Module } from '@nestjs/common';
import { AnswerCountsRepository } from './answer-counts.repository';
import { ResponseRowsReader } from './response-rows.reader';

/**
 * The read side of the responses module for reporting: answer counts for the
 * analysis, response rows for the raw exports. No controller, no throttling:
 * analysis and exports (and the CLI) import this, not ResponsesModule.
 */
@Module({
  providers: [AnswerCountsRepository, ResponseRowsReader],
  exports: [AnswerCountsRepository, ResponseRowsReader],
})
export class ResponseReadsModule {}
