import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const AUDIT_PAGE_SIZE_MAX = 200;

export class AuditQueryDto {
  @ApiPropertyOptional({ example: 'ki-2025', description: 'Only events of this wave' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  wave?: string;

  @ApiPropertyOptional({ example: 'wave.opened', description: 'Only events of this action' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  action?: string;

  @ApiPropertyOptional({
    example: 'system',
    description: "Only events of this person: a staff member's id, or for events without id (the system, older events) the actor text",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actor?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: AUDIT_PAGE_SIZE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(AUDIT_PAGE_SIZE_MAX)
  pageSize?: number;
}
