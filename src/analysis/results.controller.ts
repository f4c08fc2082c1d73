import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator';
import { WaveCodeParamsDto } from './dto/analysis-params.dto';
import { ResultsQueryDto } from './dto/results-query.dto';
import { WaveResultsDto } from './dto/wave-results.dto';
import { ResultsService } from './results.service';

@ApiTags('analysis')
@Controller('waves')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get(':code/results')
  @Staff()
  @ApiOperation({
    summary: 'Counts and shares of every question of a wave, from its completed responses, with intervals; optionally broken down',
    description:
      'nReported = completed responses with any answer to the question ("keine Angabe" included); nAnswered = those with an answer to the item; ' +
      'nBase = nAnswered - nNoAnswer; share = top box (or "ja", or the choice) / nBase in percent, half-up to one decimal, null when nBase is 0; ' +
      'ci = its 95 % Wilson interval; smallBase = nBase < MIN_BASE. include=partial also counts the answered questions of partial responses. ' +
      'by=<single-choice question> adds `breakdown`: the results per answer option, small groups suppressed (MIN_GROUP).',
  })
  @ApiOkResponse({ type: WaveResultsDto })
  @ApiNotFoundResponse({ description: 'WAVE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({
    description:
      'VALIDATION_FAILED: include is not completed/partial, or by is not a single-choice question of the wave (the message names those allowed)',
  })
  waveResults(@Param() params: WaveCodeParamsDto, @Query() query: ResultsQueryDto): Promise<WaveResultsDto> {
    return this.results.waveResultsBy(params.code, query.by, { include: query.include });
  }
}
