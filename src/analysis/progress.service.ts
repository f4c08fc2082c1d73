import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { formatCount, formatPercent } from '../exports/german-format';
import { ChartRenderer } from '../exports/charts/chart-renderer';
import { InvitationsService } from '../invitations/invitations.service';
import { ResponseActivityReader } from '../responses/response-activity.reader';
import { WaveStatus } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import { WaveProgressDto } from './dto/wave-progress.dto';
import { accessibleSvg, progressChartSpec } from './progress-chart';
import { germanDate, progressSeries } from './progress-series';

/** The progress of a wave over time (console page "Fortschritt", `GET /api/waves/:code/progress`). */
@Injectable()
export class ProgressService {
  constructor(
    private readonly waves: WavesService,
    private readonly invitations: InvitationsService,
    private readonly activity: ResponseActivityReader,
    private readonly audit: AuditService,
    private readonly charts: ChartRenderer,
    private readonly clock: Clock,
  ) {}

  /** Started and completed responses per Berlin day, cumulative, with the response rate. */
  async progress(waveCode: string): Promise<WaveProgressDto> {
    const wave = await this.waves.findByCode(waveCode);
    const [activity, counts, closedAt] = await Promise.all([
      this.activity.dailyActivity(wave.id),
      this.invitations.countsByWave([wave.id]),
      wave.status === WaveStatus.Closed ? this.audit.lastOccurrence(wave.code, 'wave.closed') : Promise.resolve(null),
    ]);
    const invitations = counts.get(wave.id)?.invitations ?? 0;
    const series = progressSeries({
      activity,
      opensAt: wave.opensAt,
      closesAt: wave.closesAt,
      closedAt,
      now: this.clock.now(),
      invitations,
    });
    return {
      wave: wave.code,
      title: wave.title,
      status: wave.status,
      invitations,
      started: series.started,
      completed: series.completed,
      responseRate: series.responseRate,
      days: series.days,
    };
  }

  /** The progress as an SVG chart (two cumulative lines), with a title for screen readers. */
  async progressSvg(waveCode: string): Promise<string> {
    return this.chartOf(await this.progress(waveCode));
  }

  /** The chart of a progress already computed (a page that shows both the figures and the chart). */
  async chartOf(progress: WaveProgressDto): Promise<string> {
    const rate = progress.responseRate === null ? 'keine Einladungen' : `Rücklaufquote ${formatPercent(progress.responseRate)}`;
    const subtitle = `${formatCount(progress.started)} begonnen, ${formatCount(progress.completed)} abgeschlossen, ${rate}`;
    const title = `Fortschritt der Welle „${progress.title}“`;
    const { svg } = await this.charts.render(progressChartSpec({ title, subtitle, days: progress.days }));
    const first = progress.days[0];
    const last = progress.days[progress.days.length - 1];
    const range = first !== undefined && last !== undefined ? ` vom ${germanDate(first.day)} bis ${germanDate(last.day)}` : '';
    return accessibleSvg(svg, `${title}: Antworten kumuliert je Tag${range}; ${subtitle}`);
  }
}
