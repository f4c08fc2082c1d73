import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { StaffRole } from '../auth/staff-member.entity';
import { ErrorCode } from '../common/error-code';
import { DataProtectionService } from '../data-protection/data-protection.service';
import type { ErasureDto } from '../data-protection/dto/erasure.dto';
import { CSV_CONTENT_TYPE, CsvDialect, csvStringifyOptions } from '../exports/csv-dialect';
import { asDownload } from '../exports/download-file';
import type { InvitationRequestDto } from '../invitations/dto/create-invitations.dto';
import type { InvitationDto } from '../invitations/dto/invitation.dto';
import { InvitationException } from '../invitations/invitation.exception';
import { InvitationStatus } from '../invitations/invitation.entity';
import { InvitationsService } from '../invitations/invitations.service';
import { WaveStatus } from '../waves/wave.entity';
import { WavesApiService } from '../waves/waves-api.service';
import { actorOf } from './console-request';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import { erasedMessage, erasureReturn, ErasureReturn, readErasureReason, reasonRefusal } from './erasure-form';
import { countRows, decodeListFile, InvitationListRow, readInvitationList } from './invitation-list';
import { invitationMailCell, invitationName } from './mail-labels';
import { INVITATION_STATE_LABELS } from './wave-labels';

/** The row commands of the invitations page: URL segment and words. */
type RowCommand = 'neuer-link' | 'sperren' | 'entsperren';

const ROW_COMMANDS: Record<RowCommand, { label: string; allowed: (invitation: InvitationDto) => boolean }> = {
  'neuer-link': { label: 'Neuen Link ausgeben', allowed: (invitation) => invitation.status !== 'blocked' },
  sperren: { label: 'Link sperren', allowed: (invitation) => invitation.status !== 'blocked' },
  entsperren: { label: 'Link entsperren', allowed: (invitation) => invitation.status === 'blocked' },
};

/** Invitations per page of the list. */
const PAGE_SIZE = 100;

/** A respondent's personal link as InvitationsService builds it (what the CSV download accepts back). */
const SURVEY_LINK = /^https?:\/\/[^\s"<>]+\/survey\/[A-Za-z0-9_-]{16,200}$/;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(text) : typeof value === 'string' ? [value] : []);

/**
 * What the service is asked to create for a valid row of a list: the contact only. No label: a name is contact
 * data analysts must not see; admins see it through InvitationsService.contactNames.
 */
function invitationRequestOf(row: InvitationListRow): InvitationRequestDto {
  const request: InvitationRequestDto = { email: row.email };
  if (row.name !== '') request.name = row.name;
  if (row.salutation !== '') request.salutation = row.salutation;
  if (row.organisation !== '') request.organisation = row.organisation;
  return request;
}

/** One created link as the result page shows it and its CSV download carries it. */
interface LinkRow {
  name: string;
  email: string;
  organisation: string;
  url: string;
}

/**
 * Page 3, "Einladungen" of a wave: the invitations with their state (no contact data unless an admin
 * opens one, audited), new link, block and unblock behind confirmations, and adding invitations from
 * a pasted or uploaded list with a preview first. Nothing is kept on the server between the steps:
 * the list travels in the form, the new links only in the result page (and its CSV download).
 */
@Controller('admin/wellen/:code/einladungen')
@ConsoleController()
export class InvitationsPagesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly waves: WavesApiService,
    private readonly invitations: InvitationsService,
    private readonly dataProtection: DataProtectionService,
  ) {}

  @Get()
  async list(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Query('seite') seite?: string,
    @Query('nach') nach?: string,
    @Query('vor') vor?: string,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const page = /^[1-9]\d{0,6}$/.test(seite ?? '') ? Number(seite) : 1;
    // "Weiter" and "Zurück" carry the position next to which their page starts (keyset: as fast on page 1,000 as on
    // page 1); a bare ?seite=N (an older bookmark) is still served, by offset.
    const cursor = (value: string | undefined) => (value !== undefined && /^[1-9]\d{0,17}$/.test(value) ? value : undefined);
    const after = cursor(nach);
    const before = after === undefined ? cursor(vor) : undefined;
    const skip = after === undefined && before === undefined ? (page - 1) * PAGE_SIZE : undefined;
    const { total, invitations, first, last, hasPrevious, hasNext } = await this.invitations.listKeysetPage(
      actorOf(request),
      code,
      { after, before, skip },
      PAGE_SIZE,
    );
    const pageHref = (query: string) => `/admin/wellen/${encodeURIComponent(wave.code)}/einladungen?${query}`;
    const admin = actorOf(request).role === StaffRole.Admin;
    const names = admin
      ? await this.invitations.contactNames(
          actorOf(request),
          code,
          invitations.map((invitation) => invitation.id),
          'invitation-list',
        )
      : new Map<string, { name: string; organisation: string | null }>();
    return this.views.page(request, response, 'invitations', {
      title: `Einladungen: ${wave.title}`,
      section: 'uebersicht',
      wave,
      invitations: invitations.map((invitation) => ({
        ...invitation,
        name: invitationName(invitation, names.get(invitation.id)?.name),
        organisation: names.get(invitation.id)?.organisation ?? null,
        mailCell: invitationMailCell(invitation, admin),
      })),
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      total,
      first: total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1,
      // A page past the end (an old bookmark) shows no list and no paging links; the page itself links to the first.
      previousHref: hasPrevious && first !== null ? pageHref(`seite=${Math.max(1, page - 1)}&vor=${first}`) : null,
      nextHref: hasNext && last !== null ? pageHref(`seite=${page + 1}&nach=${last}`) : null,
      states: INVITATION_STATE_LABELS,
      canAdd: wave.status !== WaveStatus.Closed,
      listText: '',
    });
  }

  @Post('vorschau')
  @ConsoleRoles(StaffRole.Admin)
  async preview(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    const file = request.files?.find((candidate) => candidate.fieldname === 'datei' && candidate.size > 0);
    const listText = file ? decodeListFile(file.buffer) : text(body.liste);
    return this.renderPreview(request, response, code, listText, 'vorschau');
  }

  @Post('anlegen')
  @ConsoleRoles(StaffRole.Admin)
  async create(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    const listText = text(body.liste);
    const parsed = readInvitationList(listText, await this.invitations.contactEmails(code));
    const valid = parsed.rows.filter((row) => row.state === 'valid');
    if (parsed.error !== null || valid.length === 0) return this.renderPreview(request, response, code, listText, 'anlegen');
    const created = await this.invitations.create(actorOf(request), code, {
      invitations: valid.map(invitationRequestOf),
    });
    const wave = await this.waves.get(code);
    const links: LinkRow[] = valid.map((row, index) => ({
      name: row.name,
      email: row.email,
      organisation: row.organisation,
      url: created.invitations[index].url,
    }));
    return this.views.page(request, response, 'invitation-links', {
      title: 'Neue Einladungen',
      section: 'uebersicht',
      wave,
      links,
      skipped: parsed.rows.length - valid.length,
    });
  }

  @Post('links.csv')
  @HttpCode(HttpStatus.OK)
  @ConsoleRoles(StaffRole.Admin)
  linksCsv(
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
  ): StreamableFile {
    const urls = list(body.link);
    const columns = [list(body.name), list(body.email), list(body.organisation)];
    if (
      urls.length === 0 ||
      urls.length > 1000 ||
      columns.some((column) => column.length !== urls.length) ||
      !urls.every((url) => SURVEY_LINK.test(url))
    ) {
      throw new InvitationException(ErrorCode.VALIDATION_FAILED, 'The links of the form are not links of invitations');
    }
    const rows = urls.map((url, index) => [columns[0][index], columns[1][index], columns[2][index], url]);
    const csv = stringify([['Name', 'E-Mail', 'Organisation', 'Link'], ...rows], csvStringifyOptions(CsvDialect.Excel));
    response.set('Cache-Control', 'no-store');
    return asDownload({ filename: `einladungen-${code}-links.csv`, contentType: CSV_CONTENT_TYPE, content: Buffer.from(csv, 'utf8') });
  }

  @Get(':id/kontakt')
  @ConsoleRoles(StaffRole.Admin)
  async contact(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const contact = await this.invitations.contact(actorOf(request), code, id);
    return this.views.page(request, response, 'invitation-contact', { title: 'Kontaktdaten', section: 'uebersicht', wave, contact });
  }

  @Get(':id/neuer-link')
  @ConsoleRoles(StaffRole.Admin)
  confirmReissue(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
  ): Promise<string> {
    return this.confirm(request, response, code, id, 'neuer-link');
  }

  @Post(':id/neuer-link')
  @ConsoleRoles(StaffRole.Admin)
  async reissue(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
  ): Promise<string> {
    const created = await this.invitations.reissue(actorOf(request), code, id);
    const wave = await this.waves.get(code);
    const names = await this.invitations.contactNames(actorOf(request), code, [id], 'invitation-page');
    return this.views.page(request, response, 'invitation-reissued', {
      title: 'Neuer Link',
      section: 'uebersicht',
      wave,
      created,
      name: invitationName(created, names.get(id)?.name),
    });
  }

  @Get(':id/sperren')
  @ConsoleRoles(StaffRole.Admin)
  confirmBlock(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
  ): Promise<string> {
    return this.confirm(request, response, code, id, 'sperren');
  }

  @Post(':id/sperren')
  @ConsoleRoles(StaffRole.Admin)
  async block(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
  ): Promise<void> {
    await this.invitations.setBlocked(actorOf(request), code, id, true);
    return this.views.redirect(request, response, `/admin/wellen/${code}/einladungen`, 'Der Link ist gesperrt.');
  }

  @Get(':id/entsperren')
  @ConsoleRoles(StaffRole.Admin)
  confirmUnblock(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
  ): Promise<string> {
    return this.confirm(request, response, code, id, 'entsperren');
  }

  @Post(':id/entsperren')
  @ConsoleRoles(StaffRole.Admin)
  async unblock(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
  ): Promise<void> {
    await this.invitations.setBlocked(actorOf(request), code, id, false);
    return this.views.redirect(request, response, `/admin/wellen/${code}/einladungen`, 'Der Link ist entsperrt und funktioniert wieder.');
  }

  /** Everything stored about the invitation as a JSON file, for an access request (Art. 15 GDPR); audited by the service. */
  @Get(':id/auskunft')
  @ConsoleRoles(StaffRole.Admin)
  async personalData(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
  ): Promise<StreamableFile> {
    const data = await this.dataProtection.personalData(actorOf(request), code, id);
    response.set('Cache-Control', 'no-store');
    return asDownload({
      filename: `auskunft-${code}-${id}.json`,
      contentType: 'application/json; charset=utf-8',
      content: Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8'),
    });
  }

  @Get(':id/loeschen')
  @ConsoleRoles(StaffRole.Admin)
  confirmErase(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
    @Query('von') von?: string,
  ): Promise<string> {
    return this.renderErase(request, response, code, id, erasureReturn(code, von), '', null);
  }

  @Post(':id/loeschen')
  @ConsoleRoles(StaffRole.Admin)
  async erase(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Query('von') von?: string,
  ): Promise<string | void> {
    const back = erasureReturn(code, von);
    const { reason, error } = readErasureReason(body.reason);
    if (error !== null) return this.renderErase(request, response, code, id, back, reason, error, 422);
    let erased: ErasureDto;
    try {
      erased = await this.dataProtection.eraseInvitation(actorOf(request), code, id, reason);
    } catch (refusal) {
      const message = reasonRefusal(refusal);
      if (message === null) throw refusal;
      return this.renderErase(request, response, code, id, back, reason, message, 422);
    }
    return this.views.redirect(request, response, back.href, erasedMessage(erased.deleted));
  }

  /** The confirmation of an erasure: what will be deleted (the service's preview) and the reason field. */
  private async renderErase(
    request: ConsoleRequest,
    response: Response,
    code: string,
    id: string,
    back: ErasureReturn,
    reason: string,
    error: string | null,
    status = 200,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const preview = await this.dataProtection.erasurePreview(code, id);
    const invitation = await this.invitations.get(actorOf(request), code, id);
    const names = await this.invitations.contactNames(actorOf(request), code, [id], 'invitation-page');
    return this.views.page(
      request,
      response,
      'invitation-erase',
      {
        title: 'Daten dieser Person löschen?',
        section: 'uebersicht',
        wave,
        invitation,
        name: invitationName(invitation, names.get(id)?.name),
        preview,
        back,
        reason,
        error,
        states: INVITATION_STATE_LABELS,
      },
      status,
    );
  }

  private async confirm(request: ConsoleRequest, response: Response, code: string, id: string, command: RowCommand): Promise<string> {
    const wave = await this.waves.get(code);
    const invitation = await this.invitations.get(actorOf(request), code, id);
    if (invitation.status === InvitationStatus.Erased) {
      throw new InvitationException(ErrorCode.INVITATION_ALREADY_ERASED, `Invitation ${id} was erased`);
    }
    if (!ROW_COMMANDS[command].allowed(invitation)) {
      throw new InvitationException(ErrorCode.INVITATION_BLOCKED, `Invitation ${id} is ${invitation.status}`);
    }
    const names = await this.invitations.contactNames(actorOf(request), code, [invitation.id], 'invitation-page');
    return this.views.page(request, response, 'invitation-confirm', {
      title: `${ROW_COMMANDS[command].label}?`,
      section: 'uebersicht',
      wave,
      invitation,
      name: invitationName(invitation, names.get(invitation.id)?.name),
      command,
      label: ROW_COMMANDS[command].label,
      states: INVITATION_STATE_LABELS,
    });
  }

  /** The preview of a list (also when "anlegen" finds nothing to create): 422 when nothing in it can be created. */
  private async renderPreview(
    request: ConsoleRequest,
    response: Response,
    code: string,
    listText: string,
    step: 'vorschau' | 'anlegen',
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const parsed = readInvitationList(listText, await this.invitations.contactEmails(code));
    const counts = countRows(parsed.rows);
    const rows: InvitationListRow[] = parsed.rows;
    return this.views.page(
      request,
      response,
      'invitation-preview',
      {
        title: 'Vorschau der Einladungen',
        section: 'uebersicht',
        wave,
        rows,
        counts,
        header: parsed.header,
        listError: listText.trim() === '' ? 'Bitte fügen Sie eine Liste ein oder wählen Sie eine Datei.' : parsed.error,
        listText,
        step,
        canAdd: wave.status !== WaveStatus.Closed,
      },
      parsed.error !== null || counts.valid === 0 ? 422 : 200,
    );
  }
}
