import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { DefinitionsService } from './definitions.service';
import { CodebookDto } from './dto/codebook.dto';
import { DefinitionDiffDto } from './dto/definition-diff.dto';
import { DefinitionVersionParamsDto, SurveyParamsDto } from './dto/definition-params.dto';
import { DefinitionSummaryDto } from './dto/definition-summary.dto';
import { DefinitionUploadResultDto } from './dto/definition-upload-result.dto';
import { DiffQueryDto } from './dto/diff-query.dto';

const SURVEY_JS = {
  type: 'object',
  additionalProperties: true,
  description: 'A SurveyJS survey JSON following the definition conventions',
} as const;

@ApiTags('definitions')
@Controller('definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Get()
  @Staff()
  @ApiOperation({ summary: 'Every stored definition version with its content hash and the waves that use it' })
  @ApiOkResponse({ type: [DefinitionSummaryDto] })
  list(): Promise<DefinitionSummaryDto[]> {
    return this.definitions.list();
  }

  @Get(':surveyId/versions/:version')
  @Staff()
  @ApiOperation({ summary: 'The SurveyJS JSON of a version' })
  @ApiOkResponse({ schema: SURVEY_JS })
  @ApiNotFoundResponse({ description: 'No such version' })
  content(@Param() params: DefinitionVersionParamsDto): Promise<Record<string, unknown>> {
    return this.definitions.content(params.surveyId, params.version);
  }

  @Put(':surveyId/versions/:version')
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'Store a version: 201 created, 200 unchanged (same content) or replaced (a version no wave uses)' })
  @ApiBody({ schema: SURVEY_JS })
  @ApiCreatedResponse({ type: DefinitionUploadResultDto, description: 'A new version' })
  @ApiOkResponse({ type: DefinitionUploadResultDto, description: 'Same content as stored, or an unused version replaced' })
  @ApiConflictResponse({ description: 'DEFINITION_IMMUTABLE: a wave uses this version and the content differs; save it as a new version' })
  @ApiUnprocessableEntityResponse({ description: 'DEFINITION_INVALID with every problem as {path, message}' })
  async upload(
    @CurrentActor() actor: Actor,
    @Param() params: DefinitionVersionParamsDto,
    @Body() definition: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DefinitionUploadResultDto> {
    const stored = await this.definitions.upload(actor, params.surveyId, params.version, definition);
    response.status(DefinitionUploadResultDto.status(stored));
    return stored;
  }

  @Get(':surveyId/versions/:version/codebook')
  @Staff()
  @ApiOperation({ summary: 'The codebook of a version: questions, scales, choices and items with their codes' })
  @ApiOkResponse({ type: CodebookDto })
  @ApiNotFoundResponse({ description: 'No such version' })
  codebook(@Param() params: DefinitionVersionParamsDto): Promise<CodebookDto> {
    return this.definitions.codebook(params.surveyId, params.version);
  }

  @Get(':surveyId/diff')
  @Staff()
  @ApiOperation({ summary: 'What changed between two versions: items added, removed, reworded, scales changed, questions moved' })
  @ApiOkResponse({ type: DefinitionDiffDto })
  @ApiNotFoundResponse({ description: 'One of the versions does not exist' })
  diff(@Param() params: SurveyParamsDto, @Query() query: DiffQueryDto): Promise<DefinitionDiffDto> {
    return this.definitions.diff(params.surveyId, query.from, query.to);
  }
}
