import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { VERSION_PATTERN } from '../definition-files';

export class DiffQueryDto {
  @ApiProperty({ example: '2021', description: 'The older version', pattern: VERSION_PATTERN.source })
  @Matches(VERSION_PATTERN, { message: `from must match ${VERSION_PATTERN.source}` })
  from: string;

  @ApiProperty({ example: '2023', description: 'The newer version', pattern: VERSION_PATTERN.source })
  @Matches(VERSION_PATTERN, { message: `to must match ${VERSION_PATTERN.source}` })
  to: string;
}
