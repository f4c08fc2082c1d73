import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { StaffRole } from '../auth/staff-member.entity';
import { Staff } from '../auth/staff.decorator';
import { ErrorBodyDto } from '../common/error-body.dto';
import { AuditFiltersDto, AuditPageDto } from './dto/audit-page.dto';
import { AuditQueryDto } from './dto/audit-query.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'The audit trail, filtered by wave, action and person, newest first, one page' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiUnprocessableEntityResponse({ description: 'Invalid filter or page (VALIDATION_FAILED)', type: ErrorBodyDto })
  async search(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return AuditPageDto.from(
      await this.audit.search({
        waveCode: query.wave,
        action: query.action,
        actor: query.actor,
        page: query.page ?? 1,
        pageSize: query.pageSize ?? 50,
      }),
    );
  }

  @Get('filters')
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'The wave codes, actions and people of the audit trail (for filter lists)' })
  @ApiOkResponse({ type: AuditFiltersDto })
  filters(): Promise<AuditFiltersDto> {
    return this.audit.filters();
  }
}
