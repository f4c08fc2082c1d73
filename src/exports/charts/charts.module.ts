import { Module } from '@nestjs/common';
import { ChartRenderer } from './chart-renderer';

/** The one SVG renderer (one worker thread for vega, started on first use), shared by analysis and exports. */
@Module({
  providers: [ChartRenderer],
  exports: [ChartRenderer],
})
export class ChartsModule {}
