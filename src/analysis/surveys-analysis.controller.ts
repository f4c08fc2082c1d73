import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator';
import { SurveyIdParamsDto } from './dto/analysis-params.dto';
import { SurveyFiguresDto } from './dto/figure.dto';
import { FiguresQueryDto } from './dto/figures-query.dto';
import { SurveyTrendsDto } from './dto/survey-trends.dto';
import { TrendsQueryDto } from './dto/trends-query.dto';
import { FiguresService } from './figures.service';
import { TrendsService } from './trends.service';

@ApiTags('analysis')
@Controller('surveys')
export class SurveysAnalysisController {
  constructor(
    private readonly trendsService: TrendsService,
    private readonly figures: FiguresService,
  ) {}

  @Get(':surveyId/trends')
  @Staff()
  @ApiOperation({
    summary: 'Shares of every item across waves, with change in percentage points and flags',
    description:
      'An item a wave did not ask has asked:false and share:null (never 0). deltaPp is taken against the previous wave that asked the item; ' +
      'where it is given, deltaCi (Newcombe), pValue, test (Campbell: N−1 chi² or Fisher) and significant (p < 0.05) say whether the change ' +
      'is distinguishable from noise. ci = 95 % Wilson interval, smallBase = nBase < MIN_BASE. include=partial also counts partial responses. ' +
      'scaleChanged lists consecutive waves whose scales differ. Free-text questions are left out.',
  })
  @ApiOkResponse({ type: SurveyTrendsDto })
  @ApiNotFoundResponse({ description: 'SURVEY_NOT_FOUND, or WAVE_NOT_FOUND for a code in ?waves' })
  @ApiUnprocessableEntityResponse({ description: 'ANALYSIS_WAVE_NOT_IN_SURVEY, or VALIDATION_FAILED for a malformed ?waves or ?include' })
  trends(@Param() params: SurveyIdParamsDto, @Query() query: TrendsQueryDto): Promise<SurveyTrendsDto> {
    return this.trendsService.trends(params.surveyId, query.waves, { include: query.include });
  }

  @Get(':surveyId/figures')
  @Staff()
  @ApiOperation({ summary: "Every figure of the survey's report (figures.json), computed from the answers, with generated notes" })
  @ApiOkResponse({ type: SurveyFiguresDto })
  @ApiNotFoundResponse({ description: 'SURVEY_NOT_FOUND, or WAVE_NOT_FOUND for a code in ?waves' })
  @ApiUnprocessableEntityResponse({ description: 'ANALYSIS_WAVE_NOT_IN_SURVEY, or VALIDATION_FAILED for a malformed ?waves or ?include' })
  list(@Param() params: SurveyIdParamsDto, @Query() query: FiguresQueryDto): Promise<SurveyFiguresDto> {
    return this.figures.list(params.surveyId, query.waves, { include: query.include });
  }
}
