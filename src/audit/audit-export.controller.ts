import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { Clock } from '../common/clock';
import { ErrorBodyDto } from '../common/error-body.dto';
import { CSV_CONTENT_TYPE } from '../exports/csv-dialect';
import { asDownload } from '../exports/download-file';
import { auditCsvFile } from './audit-csv';
import { AuditService } from './audit.service';
import { AuditExportQueryDto } from './dto/audit-export-query.dto';

@ApiTags('audit')
@Controller()
export class AuditExportController {
  constructor(
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  @Get('audit.csv')
  @Staff(StaffRole.Admin)
  @ApiOperation({
    summary: 'The audit trail as CSV (admins): every event matching the filters of GET /api/audit, newest first, streamed',
    description:
      'Columns: Zeitpunkt (UTC), Zeitpunkt (Berlin), Wer, Aktion, Aktion (Bezeichnung), Welle, Fragebogen, Einzelheiten (JSON). ' +
      'German Excel by default (";" separated, UTF-8 with BOM). Every export is itself recorded as audit.exported.',
  })
  @ApiProduces(CSV_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The CSV file (Content-Disposition: attachment)', schema: { type: 'string', format: 'binary' } })
  @ApiUnprocessableEntityResponse({ description: 'Invalid filter or format (VALIDATION_FAILED)', type: ErrorBodyDto })
  async exportCsv(@CurrentActor() actor: Actor, @Query() query: AuditExportQueryDto): Promise<StreamableFile> {
    const events = await this.audit.exportEvents(actor, { waveCode: query.wave, action: query.action, actor: query.actor });
    return asDownload(auditCsvFile(events, query.format, this.clock.now(), query.wave));
  }
}
