import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { germanDate } from '../analysis/progress-series';
import { ProgressService } from '../analysis/progress.service';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController } from './console.decorator';

/** Page 4, "Fortschritt" of a wave: the response rate, the counts, the cumulative chart and its table (analysts too). */
@Controller('admin')
@ConsoleController()
export class ProgressPageController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly progress: ProgressService,
  ) {}

  @Get('wellen/:code/fortschritt')
  async page(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response, @Param('code') code: string): Promise<string> {
    const progress = await this.progress.progress(code);
    const svg = progress.started > 0 ? await this.progress.chartOf(progress) : null;
    return this.views.page(request, response, 'progress', {
      title: `Fortschritt: ${progress.title}`,
      section: 'uebersicht',
      wave: { code: progress.wave, title: progress.title },
      progress,
      svg,
      asOf: new Date(),
      germanDate,
    });
  }

  /** The figures alone, for htmx to refresh every minute while the wave is open. */
  @Get('wellen/:code/fortschritt/zahlen')
  async figures(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<string> {
    const progress = await this.progress.progress(code);
    return this.views.fragment(request, response, 'progress-figures', { progress, asOf: new Date() });
  }
}
