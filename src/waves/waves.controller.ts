import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../common/error-body.dto';
import type { Actor } from '../auth/actor';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { StaffRole } from '../auth/staff-member.entity';
import { CreateWaveDto } from './dto/create-wave.dto';
import { UpdateWaveDto } from './dto/update-wave.dto';
import { AuditEventDto, WaveDto } from './dto/wave.dto';
import { WavesApiService } from './waves-api.service';

@ApiTags('waves')
@Controller('waves')
export class WavesController {
  constructor(private readonly waves: WavesApiService) {}

  @Post()
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'Create a wave (status draft) pinned to a definition version' })
  @ApiCreatedResponse({ type: WaveDto })
  @ApiUnprocessableEntityResponse({
    description: 'Invalid fields (VALIDATION_FAILED) or unknown definition version (WAVE_DEFINITION_UNKNOWN)',
    type: ErrorBodyDto,
  })
  @ApiConflictResponse({ description: 'The code is taken (WAVE_CODE_TAKEN)', type: ErrorBodyDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWaveDto): Promise<WaveDto> {
    return this.waves.create(actor, dto);
  }

  @Get()
  @Staff()
  @ApiOperation({ summary: 'All waves with their invitation and response counts' })
  @ApiOkResponse({ type: [WaveDto] })
  list(): Promise<WaveDto[]> {
    return this.waves.list();
  }

  @Get(':code')
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  @Staff()
  @ApiOperation({ summary: 'One wave with its counts' })
  @ApiOkResponse({ type: WaveDto })
  get(@Param('code') code: string): Promise<WaveDto> {
    return this.waves.get(code);
  }

  @Patch(':code')
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'Change title or fielding window (and, while draft, the pinned version)' })
  @ApiOkResponse({ type: WaveDto })
  @ApiUnprocessableEntityResponse({
    description: 'Invalid fields (VALIDATION_FAILED) or unknown definition version (WAVE_DEFINITION_UNKNOWN)',
    type: ErrorBodyDto,
  })
  @ApiConflictResponse({ description: 'The wave is no longer a draft: its version cannot change (WAVE_PIN_IMMUTABLE)', type: ErrorBodyDto })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateWaveDto): Promise<WaveDto> {
    return this.waves.update(actor, code, dto);
  }

  @Delete(':code')
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a draft wave' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The wave is not a draft (WAVE_NOT_DELETABLE)', type: ErrorBodyDto })
  remove(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<void> {
    return this.waves.remove(actor, code);
  }

  @Post(':code/open')
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Open a draft wave for answers' })
  @ApiOkResponse({ type: WaveDto })
  @ApiConflictResponse({ description: "Transition not allowed in the wave's status (WAVE_TRANSITION_NOT_ALLOWED)", type: ErrorBodyDto })
  open(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<WaveDto> {
    return this.waves.transition(actor, code, 'open');
  }

  @Post(':code/close')
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Close an open wave (saved answers are kept), or a draft that was never open (a past wave, filled by import)',
  })
  @ApiOkResponse({ type: WaveDto })
  @ApiConflictResponse({ description: "Transition not allowed in the wave's status (WAVE_TRANSITION_NOT_ALLOWED)", type: ErrorBodyDto })
  close(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<WaveDto> {
    return this.waves.transition(actor, code, 'close');
  }

  @Post(':code/reopen')
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reopen a closed wave (audited)' })
  @ApiOkResponse({ type: WaveDto })
  @ApiConflictResponse({ description: "Transition not allowed in the wave's status (WAVE_TRANSITION_NOT_ALLOWED)", type: ErrorBodyDto })
  reopen(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<WaveDto> {
    return this.waves.transition(actor, code, 'reopen');
  }

  @Get(':code/events')
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  @Staff()
  @ApiOperation({ summary: 'Audit trail of the wave' })
  @ApiOkResponse({ type: [AuditEventDto] })
  events(@Param('code') code: string): Promise<AuditEventDto[]> {
    return this.waves.events(code);
  }
}
