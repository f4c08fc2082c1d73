import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import { KeptAsGiven } from '../../common/kept-as-given';

export class SaveResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { rolle: 'ki_trainer', chancen: { werbung: 4, logistik: 'na' }, reifegrad: 'experimentierphase' },
    description: 'The SurveyJS answer object: question code → value (matrix: item code → level or "na")',
  })
  @IsObject({ message: 'answers must be an object of question codes to answers' })
  @KeptAsGiven()
  answers: Record<string, unknown>;

  @ApiProperty({ description: 'true completes the response (it must then be valid and complete); false saves it as partial' })
  @IsBoolean()
  complete: boolean;

  @ApiPropertyOptional({ description: 'The revision this save is based on; omit only for the very first save' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  revision?: number;
}
