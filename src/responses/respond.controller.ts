import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { RespondentViewDto, SavedResponseDto } from './dto/respondent-view.dto';
import { SaveResponseDto } from './dto/save-response.dto';
import { ResponsesService } from './responses.service';

/** The respondent API: the personal token in the path is the only credential. */
@ApiTags('respondent')
@Controller('respond')
@UseGuards(ThrottlerGuard)
@ApiParam({ name: 'token', description: 'The personal token of the invitation link' })
@ApiNotFoundResponse({ description: 'Unknown token' })
@ApiTooManyRequestsResponse({ description: 'Too many requests for this token or from this address' })
export class RespondController {
  constructor(private readonly responses: ResponsesService) {}

  @Get(':token')
  @ApiOperation({ summary: 'The questionnaire and the saved answers of an invitation' })
  @ApiOkResponse({ type: RespondentViewDto })
  @ApiConflictResponse({ description: 'The wave is not open or outside its fielding window' })
  view(@Param('token') token: string): Promise<RespondentViewDto> {
    return this.responses.view(token);
  }

  @Put(':token')
  @ApiOperation({ summary: 'Save answers (partial) or complete the response' })
  @ApiOkResponse({ type: SavedResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Invalid or incomplete answers: errors by question path; nothing is stored' })
  @ApiConflictResponse({ description: 'Wave not open, outside its window, response already completed, or stale revision' })
  save(@Param('token') token: string, @Body() dto: SaveResponseDto): Promise<SavedResponseDto> {
    return this.responses.save(token, dto);
  }
}
