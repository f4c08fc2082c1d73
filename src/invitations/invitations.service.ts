import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { AuthException } from '../auth/auth.exception';
import { StaffRole } from '../auth/staff-member.entity';
import { ErrorCode } from '../common/error-code';
import { withoutAddresses } from '../common/without-addresses';
import { generateToken, hashToken } from '../common/tokens';
import { EnvironmentVariables } from '../config/env.validation';
import { publicUrlOf } from '../config/public-url';
import { ResponseActivityReader } from '../responses/response-activity.reader';
import { Wave, WaveStatus } from '../waves/wave.entity';
import type { WaveCountsDto } from '../waves/dto/wave.dto';
import { WavesService } from '../waves/waves.service';
import { CreateInvitationsDto, InvitationRequestDto } from './dto/create-invitations.dto';
import { CreatedInvitationDto, CreatedInvitationsDto, InvitationContactDto, InvitationDto, MailStatus } from './dto/invitation.dto';
import { PersonInvitationDto } from './dto/person-invitation.dto';
import { InvitationException } from './invitation.exception';
import { InvitationContact } from './invitation-contact.entity';
import { Invitation, InvitationStatus } from './invitation.entity';

/** A wave's invitations and how many of them have a started or completed response. */
export type InvitationCounts = Omit<WaveCountsDto, 'imported'>;

/** An invitation as the mail module sees it: its state and, if it has an address, its contact and personal link. */
export interface MailRecipientInfo {
  id: string;
  progress: InvitationStatus;
  blocked: boolean;
  /** null without an e-mail address. */
  contact: {
    email: string;
    name: string | null;
    salutation: string | null;
    organisation: string | null;
    /** The personal link; null for invitations created before links were kept (issue a new link to mail them). */
    link: string | null;
  } | null;
}

/** An invitation with an e-mail address, as a template preview names it (InvitationsService.mailablePage). */
export interface MailablePerson {
  id: string;
  email: string;
  name: string | null;
  salutation: string | null;
}

/** Where contact data was shown (the audit event's `purpose`). */
export type ContactViewPurpose = 'invitation-list' | 'invitation-page' | 'mail-outbox' | 'mail-preview' | 'person-search';

@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly audit: AuditService,
    config: ConfigService<EnvironmentVariables, true>,
    private readonly activity: ResponseActivityReader,
  ) {
    this.publicUrl = publicUrlOf(config);
  }

  /** Creates invitations; the tokens are returned this once and only their hashes are stored. */
  async create(actor: Actor, waveCode: string, dto: CreateInvitationsDto): Promise<CreatedInvitationsDto> {
    const requests = invitationRequests(dto);
    const created = await this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.findByCode(waveCode, manager);
      if (wave.status === WaveStatus.Closed) {
        throw new InvitationException(
          ErrorCode.WAVE_CLOSED_FOR_INVITATIONS,
          `Wave ${waveCode} is closed; reopen it before inviting more experts`,
        );
      }
      const withTokens = requests.map((request) => ({ request, token: generateToken() }));
      const inserted = await manager.insert(
        Invitation,
        withTokens.map(({ request, token }) => ({
          waveId: wave.id,
          tokenHash: hashToken(token),
          label: request.label ?? null,
          status: InvitationStatus.Unused,
        })),
      );
      const ids = inserted.identifiers.map((identifier) => String(identifier.id));
      const contacts = withTokens.flatMap(({ request }, index) =>
        request.email
          ? [
              {
                invitationId: ids[index],
                email: request.email,
                linkToken: withTokens[index].token,
                name: request.name ?? null,
                salutation: request.salutation ?? null,
                organisation: request.organisation ?? null,
              },
            ]
          : [],
      );
      if (contacts.length > 0) await manager.insert(InvitationContact, contacts);
      await this.audit.record(
        actor,
        {
          action: 'invitations.created',
          waveCode,
          surveyId: wave.surveyId,
          details: { count: requests.length, withEmail: contacts.length },
        },
        manager,
      );
      return withTokens.map(({ request, token }, index) => ({
        id: ids[index],
        token,
        url: `${this.publicUrl}/survey/${token}`,
        label: request.label ?? null,
      }));
    });
    this.logger.log(`${created.length} invitations created for wave ${waveCode}`);
    return { invitations: created };
  }

  /** A wave's invitations with their state; for anyone but an admin, e-mail addresses in a relay's reply are masked. */
  async list(viewer: Actor, waveCode: string): Promise<InvitationDto[]> {
    const wave = await this.waves.findByCode(waveCode);
    const [rows, lastActivity]: [InvitationRow[], Map<string, Date>] = await Promise.all([
      this.dataSource.query<InvitationRow[]>(invitationSelect('wave_id = $1'), [wave.id]),
      this.activity.lastActivityByInvitation(wave.id),
    ]);
    return rows.map((row) => toDto(row, lastActivity.get(row.id) ?? null, viewer));
  }

  /** One page of a wave's invitations (in creation order) and how many it has in all: for lists too long for one page. */
  async listPage(viewer: Actor, waveCode: string, offset: number, limit: number): Promise<{ total: number; invitations: InvitationDto[] }> {
    const wave = await this.waves.findByCode(waveCode);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<InvitationRow[]>(invitationSelect('wave_id = $1', 'OFFSET $2 LIMIT $3'), [wave.id, offset, limit]),
      this.dataSource.query<Array<{ total: number }>>('SELECT count(*)::int AS total FROM invitations WHERE wave_id = $1', [wave.id]),
    ]);
    const lastActivity = await this.activity.lastActivityOfInvitations(rows.map((row) => row.id));
    return { total, invitations: rows.map((row) => toDto(row, lastActivity.get(row.id) ?? null, viewer)) };
  }

  /**
   * A page of a wave's invitations in creation order by keyset (`position`, indexed with the wave): the `limit`
   * invitations after `after`, or those just before `before`, or the first ones. Costs the same on the last page of
   * 100,000 as on the first (OFFSET reads and drops every row before its page). `first`/`last` are the positions
   * that bound the page (the cursors of the links to the pages before and after), `hasPrevious`/`hasNext` whether
   * there are invitations before and after it. `skip` (a page given only by its number) finds the page's start
   * through the index once, by offset.
   */
  async listKeysetPage(
    viewer: Actor,
    waveCode: string,
    at: { after?: string; before?: string; skip?: number },
    limit: number,
  ): Promise<{
    total: number;
    invitations: InvitationDto[];
    first: string | null;
    last: string | null;
    hasPrevious: boolean;
    hasNext: boolean;
  }> {
    const wave = await this.waves.findByCode(waveCode);
    if (at.after === undefined && at.before === undefined && at.skip !== undefined && at.skip > 0) {
      const [start] = await this.dataSource.query<Array<{ position: string }>>(
        'SELECT position FROM invitations WHERE wave_id = $1 ORDER BY position OFFSET $2 LIMIT 1',
        [wave.id, at.skip - 1],
      );
      at = { after: start?.position ?? '9223372036854775807' };
    }
    const [where, order, parameters] =
      at.after !== undefined
        ? ['wave_id = $1 AND position > $2', 'LIMIT $3', [wave.id, at.after, limit]]
        : at.before !== undefined
          ? ['wave_id = $1 AND position < $2', 'DESC LIMIT $3', [wave.id, at.before, limit]]
          : ['wave_id = $1', 'LIMIT $2', [wave.id, limit]];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<Array<InvitationRow & { position: string }>>(invitationSelect(where, order), parameters),
      this.dataSource.query<Array<{ total: number }>>('SELECT count(*)::int AS total FROM invitations WHERE wave_id = $1', [wave.id]),
    ]);
    const first = rows[0]?.position ?? null;
    const last = rows.at(-1)?.position ?? null;
    const [around] = await this.dataSource.query<Array<{ previous: boolean; next: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM invitations WHERE wave_id = $1 AND position < $2) AS previous,
              EXISTS (SELECT 1 FROM invitations WHERE wave_id = $1 AND position > $3) AS next`,
      [wave.id, first ?? at.after ?? '0', last ?? at.before ?? '0'],
    );
    const lastActivity = await this.activity.lastActivityOfInvitations(rows.map((row) => row.id));
    return {
      total,
      invitations: rows.map((row) => toDto(row, lastActivity.get(row.id) ?? null, viewer)),
      first,
      last,
      hasPrevious: first === null ? total > 0 && at.after !== undefined : around.previous,
      hasNext: first === null ? total > 0 && at.before !== undefined : around.next,
    };
  }

  /** One invitation of a wave with its state (no token, no contact). */
  async get(viewer: Actor, waveCode: string, id: string): Promise<InvitationDto> {
    const wave = await this.waves.findByCode(waveCode);
    const [row]: Array<InvitationRow | undefined> = UUID.test(id)
      ? await this.dataSource.query<InvitationRow[]>(invitationSelect('id = $1 AND wave_id = $2'), [id, wave.id])
      : [];
    if (row === undefined) throw new InvitationException(ErrorCode.INVITATION_NOT_FOUND, `Wave ${waveCode} has no invitation ${id}`);
    return toDto(row, await this.activity.lastActivityOfInvitation(id), viewer);
  }

  /**
   * A new link for an invitation whose link was lost or leaked: the new token
   * is shown this once, the old one stops working with the commit, the answers
   * saved so far stay with the invitation.
   */
  async reissue(actor: Actor, waveCode: string, id: string): Promise<CreatedInvitationDto> {
    const token = generateToken();
    const invitation = await this.dataSource.transaction(async (manager) => {
      const { wave, invitation } = await this.lock(manager, waveCode, id);
      refuseErased(invitation);
      if (
        wave.status === WaveStatus.Closed &&
        wave.contactsErasedAt !== null &&
        wave.closedAt !== null &&
        wave.contactsErasedAt >= wave.closedAt
      ) {
        // A new link would outlive the retention: no sweep comes again for this close.
        throw new InvitationException(
          ErrorCode.CONTACTS_ALREADY_ERASED,
          `The contact data and links of wave ${waveCode} were deleted; reopen the wave before issuing a new link`,
        );
      }
      if (invitation.blockedAt !== null) {
        throw new InvitationException(ErrorCode.INVITATION_BLOCKED, `Invitation ${id} is blocked; unblock it before issuing a new link`);
      }
      await manager.update(Invitation, { id }, { tokenHash: hashToken(token) });
      // Mails carry the link: the next one carries the new link.
      await manager.update(InvitationContact, { invitationId: id }, { linkToken: token });
      await this.audit.record(
        actor,
        { action: 'invitation.reissued', waveCode, surveyId: wave.surveyId, details: { invitationId: id } },
        manager,
      );
      return invitation;
    });
    this.logger.log(`New link issued for invitation ${id} of wave ${waveCode}`);
    return { id, token, url: `${this.publicUrl}/survey/${token}`, label: invitation.label };
  }

  /** Blocks (or unblocks) an invitation's link; the answers stay. Repeating it changes nothing and records nothing. */
  async setBlocked(actor: Actor, waveCode: string, id: string, blocked: boolean): Promise<InvitationDto> {
    await this.dataSource.transaction(async (manager) => {
      const { wave, invitation } = await this.lock(manager, waveCode, id);
      refuseErased(invitation);
      if ((invitation.blockedAt !== null) === blocked) return;
      await manager.query(`UPDATE invitations SET blocked_at = ${blocked ? 'now()' : 'NULL'}, updated_at = now() WHERE id = $1`, [id]);
      const action = blocked ? 'invitation.blocked' : 'invitation.unblocked';
      await this.audit.record(actor, { action, waveCode, surveyId: wave.surveyId, details: { invitationId: id } }, manager);
      this.logger.log(`Invitation ${id} of wave ${waveCode} ${blocked ? 'blocked' : 'unblocked'}`);
    });
    const [[row], lastActivity]: [InvitationRow[], Date | null] = await Promise.all([
      this.dataSource.query<InvitationRow[]>(invitationSelect('id = $1'), [id]),
      this.activity.lastActivityOfInvitation(id),
    ]);
    return toDto(row, lastActivity, actor);
  }

  /**
   * The contact data of one invitation, for an admin who needs it; every look is audited
   * (`invitation.contact-viewed`, with the invitation's id, in the same transaction as the read).
   */
  async contact(actor: Actor, waveCode: string, id: string): Promise<InvitationContactDto> {
    return this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.findByCode(waveCode, manager);
      const [row]: Array<ContactRow | undefined> = UUID.test(id)
        ? await manager.query(
            `SELECT i.id, i.label, c.email, c.name, c.salutation, c.organisation
               FROM invitations i LEFT JOIN invitation_contacts c ON c.invitation_id = i.id
              WHERE i.id = $1 AND i.wave_id = $2`,
            [id, wave.id],
          )
        : [];
      if (row === undefined) throw new InvitationException(ErrorCode.INVITATION_NOT_FOUND, `Wave ${waveCode} has no invitation ${id}`);
      await this.audit.record(
        actor,
        { action: 'invitation.contact-viewed', waveCode, surveyId: wave.surveyId, details: { invitationId: id } },
        manager,
      );
      return { id: row.id, label: row.label, email: row.email, name: row.name, salutation: row.salutation, organisation: row.organisation };
    });
  }

  /**
   * A person's invitations across all waves, found by their e-mail address (trimmed, any case), the newest wave first:
   * to answer an access or erasure request without paging through every wave. Admins only. Each wave whose contacts
   * were shown is audited (`invitation.contacts-viewed`, purpose `person-search`: the ids, never the address).
   */
  async findByEmail(viewer: Actor, email: string): Promise<PersonInvitationDto[]> {
    if (viewer.role !== StaffRole.Admin) throw new AuthException(ErrorCode.AUTH_FORBIDDEN, 'Finding a person needs the role admin');
    const address = typeof email === 'string' ? email.trim() : '';
    if (address.length > 320 || !isEmail(address)) {
      throw new InvitationException(ErrorCode.VALIDATION_FAILED, 'Give a valid e-mail address', [
        { path: 'email', message: 'email must be an e-mail address' },
      ]);
    }
    // lower(c.email) is the expression an index would take: at 100k contacts the (parallel) scan took 33 ms without
    // one, under the 50 ms budget, so no index yet; `CREATE INDEX … ON invitation_contacts (lower(email))` made it 0.1 ms.
    const rows: PersonInvitationRow[] = await this.dataSource.query(
      `SELECT i.id, i.wave_id, i.status, i.blocked_at, c.name, c.organisation
         FROM invitation_contacts c JOIN invitations i ON i.id = c.invitation_id
        WHERE lower(c.email) = $1
        ORDER BY i.position`,
      [address.toLowerCase()],
    );
    if (rows.length === 0) return [];
    // Newest wave first: the console's overview order (fielding order, reversed).
    const waves = (await this.waves.inFieldingOrder()).reverse();
    const found = waves.flatMap((wave) => {
      const ids = rows.filter((row) => row.wave_id === wave.id);
      return ids.length === 0 ? [] : [{ wave, rows: ids }];
    });
    for (const { wave, rows: ofWave } of found) {
      await this.recordContactView(
        viewer,
        wave.code,
        ofWave.map((row) => row.id),
        'person-search',
      );
    }
    return found.flatMap(({ wave, rows: ofWave }) =>
      ofWave.map((row) => ({
        id: row.id,
        wave: { code: wave.code, title: wave.title },
        status: row.blocked_at === null ? row.status : 'blocked',
        name: row.name,
        organisation: row.organisation,
      })),
    );
  }

  /** The e-mail addresses of a wave's invitations, in lower case: to tell who is invited already. Not shown to anyone. */
  async contactEmails(waveCode: string): Promise<Set<string>> {
    const wave = await this.waves.findByCode(waveCode);
    const rows: Array<{ email: string }> = await this.dataSource.query(
      `SELECT lower(c.email) AS email FROM invitation_contacts c JOIN invitations i ON i.id = c.invitation_id WHERE i.wave_id = $1`,
      [wave.id],
    );
    return new Set(rows.map((row) => row.email));
  }

  /**
   * The contact names (and organisations) of some invitations of a wave, for an admin's lists; names only, never the
   * e-mail address. Invitations without a contact or without a name are left out. Never for analysts. Each look that
   * shows a name is audited (`invitation.contacts-viewed`: who, which invitations, where).
   */
  async contactNames(
    viewer: Actor,
    waveCode: string,
    ids: readonly string[],
    purpose: ContactViewPurpose,
  ): Promise<Map<string, { name: string; organisation: string | null }>> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return new Map();
    const rows: Array<{ invitation_id: string; name: string; organisation: string | null }> = await this.dataSource.query(
      'SELECT invitation_id, name, organisation FROM invitation_contacts WHERE invitation_id = ANY($1::uuid[]) AND name IS NOT NULL',
      [valid],
    );
    await this.recordContactView(
      viewer,
      waveCode,
      rows.map((row) => row.invitation_id),
      purpose,
    );
    return new Map(rows.map((row) => [row.invitation_id, { name: row.name, organisation: row.organisation }]));
  }

  /**
   * Records that `viewer` was shown contact data of these invitations (nothing when none): the audit trail answers
   * "who saw my data" for an access request. The ids, never the data.
   */
  async recordContactView(viewer: Actor, waveCode: string, ids: readonly string[], purpose: ContactViewPurpose): Promise<void> {
    if (ids.length === 0) return;
    const wave = await this.waves.findByCode(waveCode);
    await this.audit.record(viewer, {
      action: 'invitation.contacts-viewed',
      waveCode,
      surveyId: wave.surveyId,
      details: { purpose, count: ids.length, invitationIds: [...ids] },
    });
  }

  /** The labels of some invitations (null where none was set): what staff without contact rights see. */
  async labels(ids: readonly string[]): Promise<Map<string, string | null>> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return new Map();
    const rows: Array<{ id: string; label: string | null }> = await this.dataSource.query(
      'SELECT id, label FROM invitations WHERE id = ANY($1::uuid[])',
      [valid],
    );
    return new Map(rows.map((row) => [row.id, row.label]));
  }

  /**
   * Invitations per wave, with how many have a saved (started) or completed response. Erased invitations are not
   * counted: the person is gone from the wave, so the response rate neither loses nor keeps them.
   */
  async countsByWave(waveIds: string[]): Promise<Map<string, InvitationCounts>> {
    if (waveIds.length === 0) return new Map();
    const rows: Array<{ wave_id: string; invitations: number; started: number; completed: number }> = await this.dataSource.query(
      `SELECT wave_id,
              count(*)::int AS invitations,
              count(*) FILTER (WHERE status = 'started')::int AS started,
              count(*) FILTER (WHERE status = 'completed')::int AS completed
         FROM invitations
        WHERE wave_id = ANY($1::uuid[]) AND status <> 'erased'
        GROUP BY wave_id`,
      [waveIds],
    );
    return new Map(rows.map((row) => [row.wave_id, { invitations: row.invitations, started: row.started, completed: row.completed }]));
  }

  /**
   * What the mail module needs to mail a wave's invitations (all of them, or the given ids): state and contact,
   * including the personal token of the link (kept only for invitations with an address). Contact data leaves
   * this module only here, for the mails themselves; it is never logged.
   */
  async mailRecipients(
    waveId: string,
    ids?: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MailRecipientInfo[]> {
    const rows: MailRecipientRow[] = await manager.query(
      `SELECT i.id, i.status, i.blocked_at IS NOT NULL AS blocked, c.email, c.name, c.salutation, c.organisation, c.link_token
         FROM invitations i LEFT JOIN invitation_contacts c ON c.invitation_id = i.id
        WHERE i.wave_id = $1 ${ids === undefined ? '' : 'AND i.id = ANY($2::uuid[])'}
        ORDER BY i.position`,
      ids === undefined ? [waveId] : [waveId, ids.filter((id) => UUID.test(id))],
    );
    return rows.map((row) => ({
      id: row.id,
      progress: row.status,
      blocked: row.blocked,
      contact:
        row.email === null
          ? null
          : {
              email: row.email,
              name: row.name,
              salutation: row.salutation,
              organisation: row.organisation,
              link: row.link_token === null ? null : `${this.publicUrl}/survey/${row.link_token}`,
            },
    }));
  }

  /**
   * The first `limit` invitations of a wave that have an e-mail address, in creation order, with the contact fields a
   * template preview needs (no link token): for admins choosing whom a preview is written for. Cut in SQL, so a wave of
   * 100,000 reads `limit` rows.
   */
  async mailablePage(waveId: string, limit: number): Promise<MailablePerson[]> {
    return this.dataSource.query<MailablePerson[]>(
      `SELECT i.id, c.email, c.name, c.salutation
         FROM invitations i JOIN invitation_contacts c ON c.invitation_id = i.id
        WHERE i.wave_id = $1
        ORDER BY i.position
        LIMIT $2`,
      [waveId, limit],
    );
  }

  /**
   * Locks one invitation of a wave (FOR UPDATE) inside the caller's transaction, for a change another module
   * orchestrates (an erasure); 404 when the wave has no invitation with this id.
   */
  lockInWave(manager: EntityManager, waveCode: string, id: string): Promise<{ wave: Wave; invitation: Invitation }> {
    return this.lock(manager, waveCode, id);
  }

  /** The stored record of one invitation and its contact, for a person's access request (Art. 15). Never the link token. */
  async personalRecord(manager: EntityManager, id: string, waveId: string): Promise<InvitationRecord | null> {
    const [row]: Array<InvitationRecordRow | undefined> = await manager.query(
      `SELECT i.id, i.label, i.status, i.token_hash, i.blocked_at, i.erased_at, i.created_at, i.updated_at,
              c.invitation_id IS NOT NULL AS has_contact, c.link_token IS NOT NULL AS link_stored, c.email, c.name, c.salutation, c.organisation
         FROM invitations i LEFT JOIN invitation_contacts c ON c.invitation_id = i.id
        WHERE i.id = $1 AND i.wave_id = $2`,
      [id, waveId],
    );
    if (row === undefined) return null;
    return {
      id: row.id,
      label: row.label,
      status: row.status,
      linkActive: row.token_hash !== null,
      tokenHash: row.token_hash,
      linkStoredForMails: row.link_stored ?? false,
      blockedAt: row.blocked_at?.toISOString() ?? null,
      erasedAt: row.erased_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      contact: row.has_contact
        ? { email: row.email as string, name: row.name, salutation: row.salutation, organisation: row.organisation }
        : null,
    };
  }

  /**
   * Erases one invitation inside the caller's transaction (the invitation is locked by lockInWave): its contact row
   * goes (e-mail, name, salutation, organisation, link token); the row keeps only that it existed and was erased
   * (status `erased`, when; no token hash, no label, no block). Whether it had a contact.
   */
  async erase(manager: EntityManager, id: string): Promise<{ contact: boolean }> {
    const [, contacts] = await manager.query<[unknown, number]>('DELETE FROM invitation_contacts WHERE invitation_id = $1', [id]);
    await manager.query(
      `UPDATE invitations SET status = 'erased', erased_at = now(), token_hash = NULL, label = NULL, blocked_at = NULL, updated_at = now()
        WHERE id = $1`,
      [id],
    );
    return { contact: contacts > 0 };
  }

  /**
   * Forgets a wave's contact data and token hashes inside the caller's transaction (retention, GDPR Art. 5(1)(e)):
   * every contact row of its invitations goes, and their labels (staff may have named people in them); no personal
   * link works any more. States and answers stay. `tokens`: the links that stopped working.
   */
  async forgetContacts(manager: EntityManager, waveId: string): Promise<{ contacts: number; tokens: number }> {
    const [, contacts] = await manager.query<[unknown, number]>(
      'DELETE FROM invitation_contacts c USING invitations i WHERE i.id = c.invitation_id AND i.wave_id = $1',
      [waveId],
    );
    const [{ tokens }] = await manager.query<Array<{ tokens: number }>>(
      'SELECT count(*)::int AS tokens FROM invitations WHERE wave_id = $1 AND token_hash IS NOT NULL',
      [waveId],
    );
    await manager.query<[unknown, number]>(
      'UPDATE invitations SET token_hash = NULL, label = NULL, updated_at = now() WHERE wave_id = $1 AND (token_hash IS NOT NULL OR label IS NOT NULL)',
      [waveId],
    );
    return { contacts, tokens };
  }

  private async lock(manager: EntityManager, waveCode: string, id: string): Promise<{ wave: Wave; invitation: Invitation }> {
    const wave = await this.waves.findByCode(waveCode, manager);
    const invitation = UUID.test(id)
      ? await manager.findOne(Invitation, { where: { id, waveId: wave.id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!invitation) throw new InvitationException(ErrorCode.INVITATION_NOT_FOUND, `Wave ${waveCode} has no invitation ${id}`);
    return { wave, invitation };
  }
}

/** An erased invitation has no link to renew or block: 409. */
function refuseErased(invitation: Invitation): void {
  if (invitation.status === InvitationStatus.Erased) {
    throw new InvitationException(
      ErrorCode.INVITATION_ALREADY_ERASED,
      `Invitation ${invitation.id} was erased on request; it has no link any more`,
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Invitations with their contact flag and mail state, in creation order. The invitations are chosen (and a page cut)
 * first and the mail module's view `invitation_mail_status` is joined to those rows only: joined before an OFFSET,
 * its per-invitation lookups ran for every skipped row too (page 500 of 100k: 1.2 s instead of 0.3 s).
 */
function invitationSelect(where: string, page = ''): string {
  return `
    SELECT i.id, i.label, i.status, i.blocked_at, c.invitation_id IS NOT NULL AS has_email, i.created_at, i.updated_at, i.position,
           m.status AS mail_status, m.attempts AS mail_attempts, m.last_error AS mail_last_error,
           m.last_sent_at AS mail_last_sent_at, m.reminders AS mail_reminders, m.opted_out
      FROM (SELECT * FROM invitations WHERE ${where} ORDER BY position ${page}) i
      LEFT JOIN invitation_contacts c ON c.invitation_id = i.id
      JOIN invitation_mail_status m ON m.invitation_id = i.id
     ORDER BY i.position`;
}

/** One invitation as stored, with its contact: what an access request (Art. 15) is answered with. */
export interface InvitationRecord {
  id: string;
  label: string | null;
  status: InvitationStatus;
  /** Whether its personal link still leads to the questionnaire (false once erased or its wave's contacts are forgotten). */
  linkActive: boolean;
  /** The SHA-256 of the personal token (the token itself is never stored for the questionnaire). */
  tokenHash: string | null;
  /** Whether the link is kept for the mails (invitations with an address). */
  linkStoredForMails: boolean;
  blockedAt: string | null;
  erasedAt: string | null;
  createdAt: string;
  updatedAt: string;
  contact: { email: string; name: string | null; salutation: string | null; organisation: string | null } | null;
}

interface InvitationRecordRow {
  id: string;
  label: string | null;
  status: InvitationStatus;
  token_hash: string | null;
  link_stored: boolean | null;
  blocked_at: Date | null;
  erased_at: Date | null;
  created_at: Date;
  updated_at: Date;
  has_contact: boolean;
  email: string | null;
  name: string | null;
  salutation: string | null;
  organisation: string | null;
}

interface PersonInvitationRow {
  id: string;
  wave_id: string;
  status: InvitationStatus;
  blocked_at: Date | null;
  name: string | null;
  organisation: string | null;
}

interface ContactRow {
  id: string;
  label: string | null;
  email: string | null;
  name: string | null;
  salutation: string | null;
  organisation: string | null;
}

interface MailRecipientRow {
  id: string;
  status: InvitationStatus;
  blocked: boolean;
  email: string | null;
  name: string | null;
  salutation: string | null;
  organisation: string | null;
  link_token: string | null;
}

interface InvitationRow {
  id: string;
  label: string | null;
  status: InvitationStatus;
  blocked_at: Date | null;
  has_email: boolean;
  created_at: Date;
  updated_at: Date;
  mail_status: MailStatus;
  mail_attempts: number;
  mail_last_error: string | null;
  mail_last_sent_at: Date | null;
  mail_reminders: number;
  opted_out: boolean;
}

/** The invitation as the API shows it to `viewer`: the relay's reply (it often quotes the address) masked for non-admins. */
function toDto(row: InvitationRow, lastActivityAt: Date | null, viewer: Actor): InvitationDto {
  const lastError = row.mail_last_error;
  return {
    id: row.id,
    label: row.label,
    status: row.blocked_at === null ? row.status : 'blocked',
    progress: row.status,
    blockedAt: row.blocked_at?.toISOString() ?? null,
    hasEmail: row.has_email,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastActivityAt: lastActivityAt?.toISOString() ?? null,
    mail: {
      status: row.mail_status,
      attempts: row.mail_attempts,
      lastError: lastError === null || viewer.role === StaffRole.Admin ? lastError : withoutAddresses(lastError),
      lastSentAt: row.mail_last_sent_at?.toISOString() ?? null,
      reminders: row.mail_reminders,
    },
    optedOut: row.opted_out,
  };
}

function invitationRequests(dto: CreateInvitationsDto): InvitationRequestDto[] {
  if ((dto.count === undefined) === (dto.invitations === undefined)) {
    throw new InvitationException(ErrorCode.VALIDATION_FAILED, 'Give either count or invitations', [
      { path: 'count', message: 'give either count (a number of invitations) or invitations (a list), not both and not neither' },
    ]);
  }
  return dto.invitations ?? Array.from({ length: dto.count ?? 0 }, () => ({}));
}
