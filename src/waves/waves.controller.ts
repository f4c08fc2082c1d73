import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { StaffRole } from '../auth/staff-member.entity';
import { CreateWaveDto } from './dto/create-wave.dto';
import { UpdateWaveDto } from './dto/update-wave.dto';
import { AuditEventDto, WaveDto } from './dto/wave.dto';
import { WavesService } from './waves.service';

@ApiTags('waves')
@Controller('waves')
export class WavesController {
  constructor(private readonly waves: WavesService) {}

  @Post()
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'Create a wave (status draft) pinned to a definition version' })
  @ApiCreatedResponse({ type: WaveDto })
  @ApiUnprocessableEntityResponse({ description: 'Invalid fields or unknown definition version' })
  @ApiConflictResponse({ description: 'The code is taken' })
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
  @Staff()
  @ApiOperation({ summary: 'One wave with its counts' })
  @ApiOkResponse({ type: WaveDto })
  get(@Param('code') code: string): Promise<WaveDto> {
    return this.waves.get(code);
  }

  @Patch(':code')
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'Change title or fielding window (and, while draft, the pinned version)' })
  @ApiOkResponse({ type: WaveDto })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateWaveDto): Promise<WaveDto> {
    return this.waves.update(actor, code, dto);
  }

  @Delete(':code')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a draft wave' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The wave is not a draft' })
  remove(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<void> {
    return this.waves.remove(actor, code);
  }

  @Post(':code/open')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Open a draft wave for answers' })
  @ApiOkResponse({ type: WaveDto })
  @ApiConflictResponse({ description: 'Transition not allowed' })
  open(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<WaveDto> {
    return this.waves.transition(actor, code, 'open');
  }

  @Post(':code/close')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Close an open wave; saved answers are kept' })
  @ApiOkResponse({ type: WaveDto })
  @ApiConflictResponse({ description: 'Transition not allowed' })
  close(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<WaveDto> {
    return this.waves.transition(actor, code, 'close');
  }

  @Post(':code/reopen')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reopen a closed wave (audited)' })
  @ApiOkResponse({ type: WaveDto })
  @ApiConflictResponse({ description: 'Transition not allowed' })
  reopen(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<WaveDto> {
    return this.waves.transition(actor, code, 'reopen');
  }

  @Get(':code/events')
  @Staff()
  @ApiOperation({ summary: 'Audit trail of the wave' })
  @ApiOkResponse({ type: [AuditEventDto] })
  events(@Param('code') code: string): Promise<AuditEventDto[]> {
    return this.waves.events(code);
  }
}
