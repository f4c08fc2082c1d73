import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Length, ValidateIf } from 'class-validator';

/** Title and fielding window may change at any time; the pinned definition only while the wave is a draft. */
export class UpdateWaveDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ description: 'Only while the wave is a draft' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  surveyId?: string;

  @ApiPropertyOptional({ description: 'Only while the wave is a draft' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  version?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null removes the start of the window' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'opensAt must be an ISO 8601 date-time or null' })
  opensAt?: Date | null;

  @ApiPropertyOptional({ nullable: true, description: 'null removes the end of the window' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'closesAt must be an ISO 8601 date-time or null' })
  closesAt?: Date | null;
}
