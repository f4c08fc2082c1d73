import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { SURVEY_ID_PATTERN } from '../../definitions/definition-files';
import { WAVE_CODE_PATTERN } from '../../waves/dto/create-wave.dto';
import { CODE_PATTERN } from '../figure-spec';

/**
 * A `:code` route parameter. Like every `:code` of the API it is looked up by
 * WavesService.findByCode: a code that is malformed (see src/common/codes.ts)
 * names no wave, so it answers 404 WAVE_NOT_FOUND like an unknown one, never 422.
 */
export class WaveCodeParamsDto {
  @ApiProperty({ example: 'ki-2023', pattern: WAVE_CODE_PATTERN.source })
  @IsString()
  code: string;
}

export class SurveyIdParamsDto {
  @ApiProperty({ example: 'ki-mittelstand', pattern: SURVEY_ID_PATTERN.source })
  @Matches(SURVEY_ID_PATTERN, { message: `surveyId must match ${SURVEY_ID_PATTERN.source}` })
  surveyId: string;
}

export class FigureParamsDto extends SurveyIdParamsDto {
  @ApiProperty({ example: 'abb3', pattern: CODE_PATTERN.source })
  @Matches(CODE_PATTERN, { message: `figureId must match ${CODE_PATTERN.source}` })
  figureId: string;
}
