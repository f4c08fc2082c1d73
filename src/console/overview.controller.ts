import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { WavesApiService } from '../waves/waves-api.service';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController } from './console.decorator';

/** Page 1, "Wellen": every wave with its fielding window and returns, the newest first. */
@Controller('admin')
@ConsoleController()
export class OverviewController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly waves: WavesApiService,
  ) {}

  @Get()
  async overview(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response): Promise<string> {
    const waves = (await this.waves.list()).reverse();
    return this.views.page(request, response, 'overview', { title: 'Wellen', section: 'uebersicht', waves });
  }
}
