import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator';
import { ErrorBodyDto } from '../common/error-body.dto';
import { WaveCodeParamsDto } from './dto/analysis-params.dto';
import { WaveProgressDto } from './dto/wave-progress.dto';
import { ProgressService } from './progress.service';

@ApiTags('analysis')
@Controller('waves')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Get(':code/progress')
  @Staff()
  @ApiOperation({
    summary: 'Responses started and completed per day (Europe/Berlin), cumulative, and the response rate',
    description:
      'started = responses saved at least once (first save on that day); completed = responses completed on that day; ' +
      'startedTotal/completedTotal add up from the first day. responseRate = completed / invitations in percent.',
  })
  @ApiOkResponse({ type: WaveProgressDto })
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  waveProgress(@Param() params: WaveCodeParamsDto): Promise<WaveProgressDto> {
    return this.progress.progress(params.code);
  }
}
