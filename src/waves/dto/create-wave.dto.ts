import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CODE_PATTERN, CODE_RULE } from '../../common/codes';

/** Wave codes are codes (src/common/codes.ts). */
export const WAVE_CODE_PATTERN = CODE_PATTERN;

export class CreateWaveDto {
  @ApiProperty({ example: 'ki-2025', description: 'Unique code: lower-case letters, digits, - and _' })
  @Matches(WAVE_CODE_PATTERN, { message: `code must be ${CODE_RULE}` })
  code: string;

  @ApiProperty({ example: 'KI im Mittelstand 2025' })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiProperty({ example: 'ki-mittelstand' })
  @IsString()
  @Length(1, 100)
  surveyId: string;

  @ApiProperty({ example: '2023', description: 'Version of the definition the wave is pinned to' })
  @IsString()
  @Length(1, 50)
  version: string;

  @ApiPropertyOptional({ example: '2025-06-02T00:00:00Z', description: 'Start of the fielding window' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'opensAt must be an ISO 8601 date-time' })
  opensAt?: Date;

  @ApiPropertyOptional({ example: '2025-07-04T23:59:59Z', description: 'End of the fielding window (exclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'closesAt must be an ISO 8601 date-time' })
  closesAt?: Date;
}
