import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { SURVEY_ID_PATTERN, VERSION_PATTERN } from '../definition-files';

export class SurveyParamsDto {
  @ApiProperty({ example: 'ki-mittelstand', pattern: SURVEY_ID_PATTERN.source })
  @Matches(SURVEY_ID_PATTERN, { message: `surveyId must match ${SURVEY_ID_PATTERN.source}` })
  surveyId: string;
}

export class DefinitionVersionParamsDto extends SurveyParamsDto {
  @ApiProperty({ example: '2023', pattern: VERSION_PATTERN.source })
  @Matches(VERSION_PATTERN, { message: `version must match ${VERSION_PATTERN.source}` })
  version: string;
}
