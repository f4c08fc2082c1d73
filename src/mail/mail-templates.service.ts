import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { StaffAccountsService } from '../auth/staff-accounts.service';
import { ErrorCode } from '../common/error-code';
import { InvitationsService, type MailablePerson } from '../invitations/invitations.service';
import type { Wave } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import type { MailPreviewDto, MailTemplateDraftDto, MailTemplateDto, TestSendResultDto } from './dto/mail-template.dto';
import { MailComposer } from './mail-composer';
import { MailException } from './mail.exception';
import { smtpErrorText } from './delivery-policy';
import { exampleLinks, mailKindOf, SAMPLE_CONTACT, smtpResponseCode } from './mail-samples';
import { MailSettings } from './mail-settings';
import { DEFAULT_TEMPLATES, templateProblems, type MailKind, type MailTemplate } from './mail-templates';
import { MailTransport, type OutgoingMail } from './mail-transport';

/** Put before the subject of a test mail, so nobody mistakes it for the real one. */
export const TEST_SUBJECT_PREFIX = '[Test] ';

/**
 * A wave's mail templates: its own, or the German defaults while it has none; storing them (checked),
 * rendering them for one invitation (preview) and sending one to the staff member's own address.
 * Previews and test mails never carry a real personal or opt-out link (both are credentials): they show
 * marked example links instead (see mail-samples.ts).
 */
@Injectable()
export class MailTemplatesService {
  private readonly logger = new Logger(MailTemplatesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
    private readonly settings: MailSettings,
    private readonly composer: MailComposer,
    private readonly transport: MailTransport,
    private readonly accounts: StaffAccountsService,
  ) {}

  /** The template a mail of this kind is rendered from now. */
  async templateFor(waveId: string, kind: MailKind, manager: EntityManager = this.dataSource.manager): Promise<MailTemplate> {
    const [row]: Array<{ subject: string; body: string } | undefined> = await manager.query(
      'SELECT subject, body FROM mail_templates WHERE wave_id = $1 AND kind = $2',
      [waveId, kind],
    );
    return row ?? DEFAULT_TEMPLATES[kind];
  }

  /** The wave's template of this kind (its own, or the default with `isDefault: true`). */
  async get(waveCode: string, kind: string): Promise<MailTemplateDto> {
    const known = knownKind(kind);
    const wave = await this.waves.findByCode(waveCode);
    return this.view(this.dataSource.manager, wave.id, known);
  }

  /** Stores the wave's own template; 422 MAIL_TEMPLATE_INVALID (nothing stored) when it breaks a rule. */
  async save(actor: Actor, waveCode: string, kind: string, template: MailTemplate): Promise<MailTemplateDto> {
    const known = knownKind(kind);
    assertValid(template);
    const saved = await this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.findByCode(waveCode, manager);
      await manager.query(
        `INSERT INTO mail_templates (wave_id, kind, subject, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, now(), $5)
         ON CONFLICT (wave_id, kind) DO UPDATE
           SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [wave.id, known, template.subject, template.body, actor.id],
      );
      await this.audit.record(
        actor,
        { action: 'mail-template.saved', waveCode, surveyId: wave.surveyId, details: { kind: known } },
        manager,
      );
      return this.view(manager, wave.id, known);
    });
    this.logger.log(`Mail template ${known} of wave ${waveCode} saved`);
    return saved;
  }

  /** Back to the German default: the wave's own template of this kind is removed (nothing happens without one). */
  async reset(actor: Actor, waveCode: string, kind: string): Promise<MailTemplateDto> {
    const known = knownKind(kind);
    return this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.findByCode(waveCode, manager);
      const [, removed]: [unknown, number] = await manager.query('DELETE FROM mail_templates WHERE wave_id = $1 AND kind = $2', [
        wave.id,
        known,
      ]);
      if (removed > 0) {
        await this.audit.record(
          actor,
          { action: 'mail-template.saved', waveCode, surveyId: wave.surveyId, details: { kind: known, reset: true } },
          manager,
        );
      }
      return this.view(manager, wave.id, known);
    });
  }

  /**
   * The mail as one invitation would get it: the given invitation (it must have an e-mail address), else the
   * first with one, else a sample person. `subject`/`body` render an unsaved draft (checked like `save`).
   * The links are marked examples, never the real ones. Showing a real person's contact is audited.
   */
  async preview(
    viewer: Actor,
    waveCode: string,
    kind: string,
    options: MailTemplateDraftDto & { invitationId?: string } = {},
  ): Promise<MailPreviewDto> {
    const known = knownKind(kind);
    const wave = await this.waves.findByCode(waveCode);
    const template = await this.draft(wave, known, options);
    const recipient = await this.previewRecipient(wave, options.invitationId);
    const contact = recipient?.contact ?? null;
    // The preview shows this person's address and name: a look at contact data, audited.
    if (recipient !== null) await this.invitations.recordContactView(viewer, waveCode, [recipient.id], 'mail-preview');
    const mail = this.compose(wave, template, {
      to: contact?.email ?? '',
      salutation: contact === null ? SAMPLE_CONTACT.salutation : contact.salutation,
      name: contact === null ? SAMPLE_CONTACT.name : contact.name,
    });
    return {
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      to: contact?.email ?? null,
      invitationId: recipient?.id ?? null,
      sample: contact === null,
    };
  }

  /**
   * Sends the (saved or draft) template with sample values and example links at once, not through the
   * outbox, to the acting staff member's own e-mail address. Without SMTP_URL the mail is held as an
   * .eml file. A refusal or an unreachable relay is the answer (`sent: false`, `error`), not an error.
   */
  async testSend(actor: Actor, waveCode: string, kind: string, options: MailTemplateDraftDto = {}): Promise<TestSendResultDto> {
    const known = knownKind(kind);
    const wave = await this.waves.findByCode(waveCode);
    const template = await this.draft(wave, known, options);
    const { email } = await this.accounts.ownAccount(actor);
    if (email === null) {
      throw new MailException(
        ErrorCode.VALIDATION_FAILED,
        'Your staff account has no e-mail address (an API-only account): send the test from an account that signs in to the console with one',
        [{ path: '(account)', message: 'the staff account has no e-mail address to send the test mail to' }],
      );
    }
    const id = randomUUID();
    const mail = this.compose(
      wave,
      { ...template, subject: `${TEST_SUBJECT_PREFIX}${template.subject}` },
      { to: email, salutation: SAMPLE_CONTACT.salutation, name: SAMPLE_CONTACT.name },
      id,
    );
    let result: TestSendResultDto;
    let outcome: Record<string, unknown>;
    try {
      const sent = await this.transport.send(mail, `test-${id}`);
      result = { to: email, held: sent.held, sent: !sent.held };
      outcome = { outcome: sent.held ? 'held' : 'sent' };
    } catch (error) {
      result = { to: email, held: false, sent: false, error: smtpErrorText(error) };
      // The relay's reply may quote the address: only its code goes into the audit trail.
      outcome = { outcome: 'refused', responseCode: smtpResponseCode(error) };
      this.logger.warn(
        `Test mail of wave ${waveCode} not accepted by ${this.settings.relayHost} (${smtpResponseCode(error) ?? 'no reply'})`,
      );
    }
    await this.audit.record(actor, { action: 'mail.test-sent', waveCode, surveyId: wave.surveyId, details: { kind: known, ...outcome } });
    return result;
  }

  private async view(manager: EntityManager, waveId: string, kind: MailKind): Promise<MailTemplateDto> {
    const [row]: Array<{ subject: string; body: string; updated_at: Date } | undefined> = await manager.query(
      'SELECT subject, body, updated_at FROM mail_templates WHERE wave_id = $1 AND kind = $2',
      [waveId, kind],
    );
    return row
      ? { kind, subject: row.subject, body: row.body, isDefault: false, updatedAt: row.updated_at }
      : { kind, ...DEFAULT_TEMPLATES[kind], isDefault: true, updatedAt: null };
  }

  /** The draft's fields over the saved template (or the default), checked. */
  private async draft(wave: Wave, kind: MailKind, options: MailTemplateDraftDto): Promise<MailTemplate> {
    const saved = await this.templateFor(wave.id, kind);
    const template = { subject: options.subject ?? saved.subject, body: options.body ?? saved.body };
    assertValid(template);
    return template;
  }

  /** Whom a preview is written for: the named invitation (it must have an address), else the wave's first with one. */
  private async previewRecipient(wave: Wave, invitationId: string | undefined): Promise<{ id: string; contact: MailablePerson } | null> {
    if (invitationId === undefined) {
      const [first] = await this.invitations.mailablePage(wave.id, 1);
      return first === undefined ? null : { id: first.id, contact: first };
    }
    const [recipient] = await this.invitations.mailRecipients(wave.id, [invitationId]);
    if (recipient === undefined) {
      throw new MailException(ErrorCode.VALIDATION_FAILED, `Wave ${wave.code} has no invitation ${invitationId}`, [
        { path: 'invitationId', message: `not an invitation of wave ${wave.code}` },
      ]);
    }
    if (recipient.contact === null) {
      throw new MailException(ErrorCode.VALIDATION_FAILED, `Invitation ${invitationId} has no e-mail address: it gets no mail`, [
        { path: 'invitationId', message: 'this invitation has no e-mail address' },
      ]);
    }
    return { id: recipient.id, contact: { id: recipient.id, ...recipient.contact } };
  }

  private compose(
    wave: Wave,
    template: MailTemplate,
    person: { to: string; salutation: string | null; name: string | null },
    id: string = randomUUID(),
  ): OutgoingMail {
    const example = exampleLinks(this.settings.publicUrl);
    return this.composer.compose({
      template,
      closesAt: wave.closesAt,
      to: person.to,
      name: person.name,
      salutation: person.salutation,
      link: example.link,
      optOutToken: example.optOutToken,
      outboxId: id,
    });
  }
}

function knownKind(kind: string): MailKind {
  const known = mailKindOf(kind);
  if (known === null) throw new MailException(ErrorCode.MAIL_KIND_UNKNOWN, `No mail kind "${kind}": use invitation or reminder`);
  return known;
}

function assertValid(template: MailTemplate): void {
  const problems = templateProblems(template.subject, template.body);
  if (problems.length > 0) {
    throw new MailException(ErrorCode.MAIL_TEMPLATE_INVALID, `The template cannot be used: ${problems[0].message}`, problems);
  }
}
