import { ApiProperty } from '@nestjs/swagger';
import type { ChangeStatistics, PercentInterval } from '../analysis.types';

export class PercentIntervalDto implements PercentInterval {
  @ApiProperty({ example: 44.2, description: 'Lower limit, half-up to one decimal' })
  low: number;

  @ApiProperty({ example: 75.2, description: 'Upper limit, half-up to one decimal' })
  high: number;
}

export const CHANGE_TESTS = ['n-1-chi2', 'fisher'] as const;

/** The fields of ChangeStatistics, documented once for series points and figure values. */
export class ChangeStatisticsDto implements ChangeStatistics {
  @ApiProperty({
    type: PercentIntervalDto,
    nullable: true,
    example: { low: -11.5, high: 28.1 },
    description:
      "95 % interval of the change in pp: Newcombe's hybrid score interval (method 10) of the difference of the unrounded shares " +
      '(this wave minus the previous wave that asked the item); null exactly where deltaPp is null',
  })
  deltaCi: PercentIntervalDto | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.398712,
    description: 'Two-sided p-value of `test`, rounded to 6 decimals; null exactly where deltaPp is null',
  })
  pValue: number | null;

  @ApiProperty({
    enum: CHANGE_TESTS,
    nullable: true,
    example: 'n-1-chi2',
    description:
      'Campbell\'s rule: "n-1-chi2" (the N−1 chi-squared test) when every expected count of the 2×2 table is at least 1, otherwise "fisher" ' +
      "(Fisher's exact test, two-sided)",
  })
  test: ChangeStatistics['test'];

  @ApiProperty({
    type: Boolean,
    nullable: true,
    example: false,
    description: 'pValue (as shown) < 0.05: the change is distinguishable from noise; false is shown as "n.s."',
  })
  significant: boolean | null;
}

export const CI_DESCRIPTION =
  '95 % Wilson score interval of the share in percent (each limit half-up to one decimal); null when nBase is 0 (and for text)';

export const SMALL_BASE_DESCRIPTION =
  'nBase is below minBase (MIN_BASE, default 10): shown as "geringe Fallzahl", never hidden for it (false for text)';

export const INCLUSION_DESCRIPTION =
  'Which responses were counted: "completed" (the default: completed responses only) or "partial" (also the answered questions of partial responses)';

export const METHODS_DESCRIPTION =
  'The methods behind the numbers, one German sentence each (responses counted, intervals, test, small base, suppression)';

export const METHODS_EXAMPLE = [
  'Gezählt wurden nur abgeschlossene Antworten; nicht abgeschlossene Teilnahmen bleiben unberücksichtigt.',
  'Die Spanne zu einem Anteil ist das 95-%-Konfidenzintervall nach Wilson (Score-Intervall), berechnet auf der Basis ohne „keine Angabe“.',
];
