import { Controller, Get, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { auditActionLabel } from '../audit/audit-action-labels';
import { auditCsvFile } from '../audit/audit-csv';
import { AuditService } from '../audit/audit.service';
import { StaffRole } from '../auth/staff-member.entity';
import { RequestException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { CsvDialect } from '../exports/csv-dialect';
import { asDownload } from '../exports/download-file';
import { WavesService } from '../waves/waves.service';
import {
  AUDIT_PAGE_SIZE,
  auditCsvHref,
  auditDetailsSummary,
  auditPageHref,
  pageCount,
  parseAuditPageQuery,
  personLabel,
} from './audit-trail';
import { actorOf } from './console-request';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';

/** Page 7, "Protokoll": the audit trail, newest first, filtered by wave, action and person, 50 a page. Admins only, like /api/audit. */
@Controller('admin')
@ConsoleController()
export class AuditPageController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly audit: AuditService,
    private readonly waves: WavesService,
    private readonly clock: Clock,
  ) {}

  /** The trail with the page's filters as a German-Excel CSV file (the same file as GET /api/audit.csv); audited. */
  @Get('protokoll.csv')
  @ConsoleRoles(StaffRole.Admin)
  async csv(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Query() query: Record<string, unknown>,
  ): Promise<StreamableFile> {
    const filters = parseAuditPageQuery(query);
    if (!filters) throw new RequestException(ErrorCode.VALIDATION_FAILED, 'Invalid filter of the audit trail');
    const events = await this.audit.exportEvents(actorOf(request), {
      waveCode: filters.welle || undefined,
      action: filters.aktion || undefined,
      actor: filters.person || undefined,
    });
    response.set('Cache-Control', 'no-store');
    return asDownload(auditCsvFile(events, CsvDialect.Excel, this.clock.now(), filters.welle || undefined));
  }

  @Get('protokoll')
  @ConsoleRoles(StaffRole.Admin)
  async page(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Query() query: Record<string, unknown>,
  ): Promise<string> {
    const filters = parseAuditPageQuery(query);
    if (!filters) throw new RequestException(ErrorCode.VALIDATION_FAILED, 'Invalid filter or page of the audit trail');
    const [trail, options] = await Promise.all([
      this.audit.search({
        waveCode: filters.welle || undefined,
        action: filters.aktion || undefined,
        actor: filters.person || undefined,
        page: filters.seite,
        pageSize: AUDIT_PAGE_SIZE,
      }),
      this.audit.filters(),
    ]);
    const existing = await this.waves.existing([...new Set(trail.events.flatMap((event) => (event.waveCode ? [event.waveCode] : [])))]);
    return this.views.page(request, response, 'audit', {
      title: 'Protokoll',
      section: 'protokoll',
      filters,
      trail,
      options,
      pages: pageCount(trail.total, trail.pageSize),
      existingWaves: new Set(existing.map((wave) => wave.code)),
      href: auditPageHref,
      csvHref: auditCsvHref(filters),
      actionLabel: auditActionLabel,
      personLabel,
      detailsOf: auditDetailsSummary,
    });
  }
}
