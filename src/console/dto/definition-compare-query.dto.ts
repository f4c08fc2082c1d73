import { IsOptional, Matches } from 'class-validator';
import { VERSION_PATTERN } from '../../definitions/definition-files';

/** The two versions of the comparison page (`?von=2021&bis=2023`); without them the last two are compared. */
export class DefinitionCompareQueryDto {
  @IsOptional()
  @Matches(VERSION_PATTERN, { message: `von must match ${VERSION_PATTERN.source}` })
  von?: string;

  @IsOptional()
  @Matches(VERSION_PATTERN, { message: `bis must match ${VERSION_PATTERN.source}` })
  bis?: string;
}
