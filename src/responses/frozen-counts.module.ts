import { Module } from '@nestjs/common';
import { FrozenCounts } from './frozen-counts';

/**
 * The frozen aggregates of closed waves, on their own so that the waves module (close, reopen) can keep them
 * without importing the responses module (which imports the waves module).
 */
@Module({
  providers: [FrozenCounts],
  exports: [FrozenCounts],
})
export class FrozenCountsModule {}
