import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../auth/actor';
import { ErrorCode } from '../common/error-code';
import { EnvironmentVariables } from '../config/env.validation';
import { ImportsService } from '../imports/imports.service';
import { InvitationStatus } from '../invitations/invitation.entity';
import { InvitationRecord, InvitationsService } from '../invitations/invitations.service';
import { HeldMailFile, MailErasure } from '../mail/mail-erasure';
import { ResponseErasure } from '../responses/response-erasure';
import { Wave, WaveStatus } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import { DataProtectionException } from './data-protection.exception';
import { ContactsForgottenDto, ErasureDto, ErasurePreviewDto } from './dto/erasure.dto';
import { PersonalDataDto } from './dto/personal-data.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the file of an access request says about itself (German: it is handed to the person). */
const ABOUT_PERSONAL_DATA =
  'Alle Daten, die der Befragungsdienst zu dieser Einladung speichert: Einladung, Kontaktdaten, Antworten, E-Mails und ' +
  'Protokolleinträge. Der persönliche Zugangslink selbst ist nicht enthalten; für den Fragebogen wird nur sein Hash gespeichert.';

/**
 * Data protection (issue 16): erasure of one person on request (GDPR Art. 17), the answer to an access request
 * (Art. 15) and forgetting a wave's contact data after the retention (Art. 5(1)(e)). Each change runs in one
 * transaction across the owning modules' services, with one audit event that records who, when, why and what was
 * deleted, never a deleted value.
 */
@Injectable()
export class DataProtectionService {
  private readonly logger = new Logger(DataProtectionService.name);
  readonly retentionDays: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly invitations: InvitationsService,
    private readonly responses: ResponseErasure,
    private readonly mail: MailErasure,
    private readonly imports: ImportsService,
    private readonly audit: AuditService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.retentionDays = config.get('CONTACT_RETENTION_DAYS', { infer: true });
  }

  /** What erasing this invitation would delete, for a confirmation. */
  async erasurePreview(waveCode: string, invitationId: string): Promise<ErasurePreviewDto> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const record = await this.record(manager, waveCode, invitationId);
      refuseErased(record.status, invitationId);
      // One transaction is one connection: its queries run one after the other.
      const responses = await this.responses.ofInvitation(invitationId, manager);
      const history = await this.mail.historyOf(invitationId, manager);
      return {
        invitationId,
        label: record.label,
        hasContact: record.contact !== null,
        response: responses[0]?.status ?? null,
        mails: history.mails.length,
      };
    });
  }

  /**
   * Erases one person: the invitation’s response with its answers, its contact, its mail records (and held mail
   * files) and its opt-out token. The invitation row stays as the proof (status `erased`, no token hash, no label).
   */
  async eraseInvitation(actor: Actor, waveCode: string, invitationId: string, reason: string): Promise<ErasureDto> {
    if (!UUID.test(invitationId)) throw notFound(waveCode, invitationId);
    let heldFiles: HeldMailFile[] = [];
    const erasure = await this.dataSource.transaction(async (manager) => {
      // The wave FOR SHARE (no status change meanwhile; saves only key-share it), then the response and the invitation
      // in the order a save locks them: an erasure waits for a save in flight instead of deadlocking with it;
      // forgetting the wave's contacts (wave FOR NO KEY UPDATE) waits for the erasure.
      await this.waves.shareByCode(manager, waveCode);
      await this.responses.lockOfInvitation(manager, invitationId);
      const { wave, invitation } = await this.invitations.lockInWave(manager, waveCode, invitationId);
      refuseErased(invitation.status, invitationId);
      refuseNamingReason(reason, await this.invitations.personalRecord(manager, invitationId, wave.id));
      // Read again under the invitation's lock: a first save that committed meanwhile is erased too.
      const response = await this.responses.eraseOfInvitation(manager, invitationId);
      const { contact } = await this.invitations.erase(manager, invitationId);
      const mails = await this.mail.forgetInvitation(manager, invitationId);
      heldFiles = mails.heldFiles;
      const deleted = { response: response?.status ?? null, answers: response?.answers ?? 0, contact, mails: mails.mails };
      await this.audit.record(
        actor,
        { action: 'invitation.erased', waveCode: wave.code, surveyId: wave.surveyId, details: { invitationId, reason, ...deleted } },
        manager,
      );
      return { invitationId, importId: null, externalId: null, erasedAt: new Date().toISOString(), deleted };
    });
    await this.mail.deleteHeldFiles(heldFiles);
    this.logger.log(`Invitation ${invitationId} of wave ${waveCode} erased on request`);
    return erasure;
  }

  /** Erases one imported response, found by its import and its external id (the id it had in the imported file). */
  async eraseImportedResponse(actor: Actor, waveCode: string, importId: string, externalId: string, reason: string): Promise<ErasureDto> {
    const summary = await this.imports.get(waveCode, importId);
    const erasure = await this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.shareByCode(manager, waveCode);
      const response = await this.responses.eraseImported(manager, wave.id, summary.id, externalId);
      if (response === null) {
        throw new DataProtectionException(
          ErrorCode.IMPORTED_RESPONSE_NOT_FOUND,
          `Import ${summary.id} of wave ${waveCode} holds no response with external id ${JSON.stringify(externalId)}`,
        );
      }
      const deleted = { response: response.status, answers: response.answers, contact: false, mails: 0 };
      // The external id stays out of the audit trail: it leads back to the row of the person in the source file. Earlier
      // events that named it (an import that replaced this response) lose it too.
      await this.audit.forgetExternalId(manager, waveCode, externalId);
      await this.audit.record(
        actor,
        { action: 'response.erased', waveCode, surveyId: wave.surveyId, details: { importId: summary.id, reason, ...deleted } },
        manager,
      );
      return { invitationId: null, importId: summary.id, externalId, erasedAt: new Date().toISOString(), deleted };
    });
    this.logger.log(`An imported response of import ${summary.id} (wave ${waveCode}) erased on request`);
    return erasure;
  }

  /** Everything stored about one invitation, for an access request (Art. 15); the look is audited. */
  async personalData(actor: Actor, waveCode: string, invitationId: string): Promise<PersonalDataDto> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const wave = await this.waves.findByCode(waveCode, manager);
      const { contact, ...invitation } = await this.record(manager, waveCode, invitationId);
      const responses = await this.responses.ofInvitation(invitationId, manager);
      const history = await this.mail.historyOf(invitationId, manager);
      const events = await this.audit.aboutInvitation(invitationId, manager);
      await this.audit.record(
        actor,
        { action: 'invitation.data-exported', waveCode: wave.code, surveyId: wave.surveyId, details: { invitationId } },
        manager,
      );
      return {
        exportedAt: new Date().toISOString(),
        about: ABOUT_PERSONAL_DATA,
        wave: { code: wave.code, title: wave.title, surveyId: wave.surveyId, version: wave.version, status: wave.status },
        invitation: { ...invitation },
        contact,
        responses: responses.map((response) => ({ ...response })),
        mails: history.mails.map((mail) => ({ ...mail })),
        optOut: history.optOut === null ? null : { ...history.optOut },
        auditEvents: events.map((event) => ({
          occurredAt: event.occurredAt.toISOString(),
          actor: event.actor,
          action: event.action,
          details: aboutOnly(event.details, invitationId),
        })),
      };
    });
  }

  /** Forgets a closed wave's contact data and token hashes now, before the retention ends (an admin's decision). */
  async forgetContacts(actor: Actor, waveCode: string): Promise<ContactsForgottenDto> {
    let heldFiles: HeldMailFile[] = [];
    const forgotten = await this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.lockForChange(manager, waveCode);
      if (wave.status !== WaveStatus.Closed) {
        throw new DataProtectionException(
          ErrorCode.CONTACTS_WAVE_NOT_CLOSED,
          `Wave ${waveCode} is ${wave.status}; its contact data can be deleted once it is closed`,
        );
      }
      if (wave.contactsErasedAt !== null && wave.closedAt !== null && wave.contactsErasedAt >= wave.closedAt) {
        throw new DataProtectionException(
          ErrorCode.CONTACTS_ALREADY_ERASED,
          `The contact data of wave ${waveCode} was deleted at ${wave.contactsErasedAt.toISOString()}`,
        );
      }
      const result = await this.forget(manager, actor, wave, false);
      heldFiles = result.heldFiles;
      return result.forgotten;
    });
    await this.mail.deleteHeldFiles(heldFiles);
    this.logger.log(`Contact data of wave ${waveCode} deleted: ${forgotten.contacts} contacts, ${forgotten.tokens} links`);
    return forgotten;
  }

  /**
   * The retention sweep: forgets the contact data of every wave closed at least CONTACT_RETENTION_DAYS before `now`
   * (and not forgotten since), as the system. One transaction; the waves are locked SKIP LOCKED, so several instances
   * never take one twice. The codes of the waves it forgot.
   */
  async forgetExpiredContacts(now: Date): Promise<string[]> {
    let heldFiles: HeldMailFile[] = [];
    const done = await this.dataSource.transaction(async (manager) => {
      const due = await this.waves.dueForContactErasure(manager, new Date(now.getTime() - this.retentionDays * DAY_MS));
      const forgotten: Array<{ code: string } & ContactsForgottenDto> = [];
      for (const wave of due) {
        const result = await this.forget(manager, SYSTEM_ACTOR, wave, true);
        heldFiles = [...heldFiles, ...result.heldFiles];
        forgotten.push({ code: wave.code, ...result.forgotten });
      }
      return forgotten;
    });
    await this.mail.deleteHeldFiles(heldFiles);
    for (const wave of done) {
      this.logger.log(
        `Contact data of wave ${wave.code} deleted after ${this.retentionDays} days: ${wave.contacts} contacts, ${wave.tokens} links`,
      );
    }
    return done.map((wave) => wave.code);
  }

  private async forget(
    manager: EntityManager,
    actor: Actor,
    wave: Wave,
    automatic: boolean,
  ): Promise<{ forgotten: ContactsForgottenDto; heldFiles: HeldMailFile[] }> {
    const mails = await this.mail.forgetWave(manager, wave.id);
    const { contacts, tokens } = await this.invitations.forgetContacts(manager, wave.id);
    await this.waves.markContactsErased(manager, wave.id);
    const counts = { contacts, tokens, cancelledMails: mails.cancelled };
    await this.audit.record(
      actor,
      {
        action: 'wave.contacts-erased',
        waveCode: wave.code,
        surveyId: wave.surveyId,
        details: { ...counts, automatic, retentionDays: this.retentionDays },
      },
      manager,
    );
    return { forgotten: { ...counts, erasedAt: new Date().toISOString() }, heldFiles: mails.heldFiles };
  }

  private async record(manager: EntityManager, waveCode: string, invitationId: string) {
    const wave = await this.waves.findByCode(waveCode, manager);
    if (!UUID.test(invitationId)) throw notFound(waveCode, invitationId);
    const record = await this.invitations.personalRecord(manager, invitationId, wave.id);
    if (record === null) throw notFound(waveCode, invitationId);
    return record;
  }
}

function notFound(waveCode: string, invitationId: string): DataProtectionException {
  return new DataProtectionException(ErrorCode.INVITATION_NOT_FOUND, `Wave ${waveCode} has no invitation ${invitationId}`);
}

/** An event about several invitations (a list page that showed names) names only this person's in an access request. */
function aboutOnly(details: Record<string, unknown>, invitationId: string): Record<string, unknown> {
  if (!Array.isArray(details.invitationIds)) return details;
  const { invitationIds: _others, count: _count, ...rest } = details;
  return { ...rest, invitationIds: [invitationId] };
}

/**
 * The reason is kept in the audit trail: it must not name the person. Refused (422, nothing deleted) when it holds the
 * e-mail address, name or organisation stored for them (an e-mail address of anyone is refused by the request's DTO).
 */
function refuseNamingReason(reason: string, record: InvitationRecord | null): void {
  const contact = record?.contact;
  if (!contact) return;
  const lower = reason.toLocaleLowerCase('de');
  const named = [contact.email, contact.name, contact.organisation].some(
    (value) => value !== null && value.trim().length >= 3 && lower.includes(value.trim().toLocaleLowerCase('de')),
  );
  if (named) {
    throw new DataProtectionException(ErrorCode.VALIDATION_FAILED, 'The reason names the person; it is kept in the audit trail', [
      {
        path: 'reason',
        message: 'must not contain the e-mail address, name or organisation of the person (it is kept in the audit trail)',
      },
    ]);
  }
}

function refuseErased(status: InvitationStatus, invitationId: string): void {
  if (status === InvitationStatus.Erased) {
    throw new DataProtectionException(ErrorCode.INVITATION_ALREADY_ERASED, `Invitation ${invitationId} was erased already`);
  }
}
