import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { ErrorCode } from '../common/error-code';
import { generateToken, hashToken } from '../common/tokens';
import { EnvironmentVariables } from '../config/env.validation';
import { WaveException } from '../waves/wave.exception';
import { WaveStatus } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import { CreateInvitationsDto, InvitationRequestDto } from './dto/create-invitations.dto';
import { CreatedInvitationsDto, InvitationDto } from './dto/invitation.dto';
import { InvitationContact } from './invitation-contact.entity';
import { Invitation, InvitationStatus } from './invitation.entity';

@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly audit: AuditService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    const configured = config.get('PUBLIC_URL', { infer: true });
    this.publicUrl = (configured ?? `http://${config.get('HOST', { infer: true })}:${config.get('PORT', { infer: true })}`).replace(/\/+$/, '');
  }

  /** Creates invitations; the tokens are returned this once and only their hashes are stored. */
  async create(actor: Actor, waveCode: string, dto: CreateInvitationsDto): Promise<CreatedInvitationsDto> {
    const requests = invitationRequests(dto);
    const created = await this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.findByCode(waveCode, manager);
      if (wave.status === WaveStatus.Closed) {
        throw new WaveException(ErrorCode.WAVE_CLOSED_FOR_INVITATIONS, `Wave ${waveCode} is closed; reopen it before inviting more experts`);
      }
      const withTokens = requests.map((request) => ({ request, token: generateToken() }));
      const inserted = await manager.insert(
        Invitation,
        withTokens.map(({ request, token }) => ({ waveId: wave.id, tokenHash: hashToken(token), label: request.label ?? null, status: InvitationStatus.Unused })),
      );
      const ids = inserted.identifiers.map((identifier) => String(identifier.id));
      const contacts = withTokens.flatMap(({ request }, index) => (request.email ? [{ invitationId: ids[index], email: request.email }] : []));
      if (contacts.length > 0) await manager.insert(InvitationContact, contacts);
      await this.audit.record(actor, { action: 'invitations.created', waveCode, surveyId: wave.surveyId, details: { count: requests.length, withEmail: contacts.length } }, manager);
      return withTokens.map(({ request, token }, index) => ({ id: ids[index], token, url: `${this.publicUrl}/survey/${token}`, label: request.label ?? null }));
    });
    this.logger.log(`${created.length} invitations created for wave ${waveCode}`);
    return { invitations: created };
  }

  async list(waveCode: string): Promise<InvitationDto[]> {
    const wave = await this.waves.findByCode(waveCode);
    const rows: Array<{ id: string; label: string | null; status: InvitationStatus; has_email: boolean; created_at: Date; updated_at: Date }> =
      await this.dataSource.query(
        `SELECT i.id, i.label, i.status, c.invitation_id IS NOT NULL AS has_email, i.created_at, i.updated_at
           FROM invitations i LEFT JOIN invitation_contacts c ON c.invitation_id = i.id
          WHERE i.wave_id = $1
          ORDER BY i.created_at, i.id`,
        [wave.id],
      );
    return rows.map((row) => ({
      id: row.id,
      label: row.label,
      status: row.status,
      hasEmail: row.has_email,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }));
  }
}

function invitationRequests(dto: CreateInvitationsDto): InvitationRequestDto[] {
  if ((dto.count === undefined) === (dto.invitations === undefined)) {
    throw new WaveException(ErrorCode.VALIDATION_FAILED, 'Give either count or invitations', [
      { path: 'count', message: 'give either count (a number of invitations) or invitations (a list), not both and not neither' },
    ]);
  }
  return dto.invitations ?? Array.from({ length: dto.count ?? 0 }, () => ({}));
}
