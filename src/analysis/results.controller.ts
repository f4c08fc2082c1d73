import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator';
import { WaveCodeParamsDto } from './dto/analysis-params.dto';
import { WaveResultsDto } from './dto/wave-results.dto';
import { ResultsService } from './results.service';

@ApiTags('analysis')
@Controller('waves')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Get(':code/results')
  @Staff()
  @ApiOperation({
    summary: 'Counts and shares of every question of a wave, from its completed responses',
    description:
      'nReported = completed responses with any answer to the question ("keine Angabe" included); nAnswered = those with an answer to the item; ' +
      'nBase = nAnswered - nNoAnswer; share = top box (or "ja", or the choice) / nBase in percent, half-up to one decimal, null when nBase is 0.',
  })
  @ApiOkResponse({ type: WaveResultsDto })
  @ApiNotFoundResponse({ description: 'WAVE_NOT_FOUND' })
  waveResults(@Param() params: WaveCodeParamsDto): Promise<WaveResultsDto> {
    return this.results.waveResults(params.code);
  }
}
