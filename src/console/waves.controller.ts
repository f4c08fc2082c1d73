import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { StaffRole } from '../auth/staff-member.entity';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { DataProtectionException } from '../data-protection/data-protection.exception';
import { DataProtectionService } from '../data-protection/data-protection.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { WaveDto } from '../waves/dto/wave.dto';
import { nextStatus, WaveAction } from '../waves/wave-transitions';
import { WaveStatus } from '../waves/wave.entity';
import { WaveException } from '../waves/wave.exception';
import { WavesApiService } from '../waves/waves-api.service';
import { actorOf } from './console-request';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import { toLocalInput } from '../common/german-time';
import {
  definitionValue,
  parseWaveForm,
  readWaveForm,
  WAVE_CODE_HINT,
  WaveFormErrors,
  WaveFormValues,
  waveFormErrorsOf,
} from './wave-form';
import { contactsForgottenMessage } from './erasure-form';
import { recentEvents } from './wave-labels';

/** The state-changing actions of the wave page: the URL segment, the service's action, the words. */
type WaveCommand = 'oeffnen' | 'schliessen' | 'wieder-oeffnen' | 'loeschen';

const COMMANDS: Record<WaveCommand, { action: WaveAction | 'delete'; label: string; flash: string }> = {
  oeffnen: { action: 'open', label: 'Welle öffnen', flash: 'Die Welle ist geöffnet.' },
  schliessen: { action: 'close', label: 'Welle schließen', flash: 'Die Welle ist geschlossen. Es werden keine Antworten mehr angenommen.' },
  'wieder-oeffnen': { action: 'reopen', label: 'Welle wieder öffnen', flash: 'Die Welle ist wieder geöffnet.' },
  loeschen: { action: 'delete', label: 'Entwurf löschen', flash: 'Der Entwurf ist gelöscht.' },
};

/** The events the wave page lists. */
const RECENT_EVENTS = 20;

/** The command's words for this wave: closing a draft (a past wave) says that it was never open. */
function labelOf(wave: WaveDto, command: WaveCommand): string {
  return command === 'schliessen' && wave.status === WaveStatus.Draft ? 'Welle schließen, ohne sie zu öffnen' : COMMANDS[command].label;
}

/** Whether the wave's status allows the command (the service decides again when it runs). */
function allows(wave: WaveDto, command: WaveCommand): boolean {
  const { action } = COMMANDS[command];
  return action === 'delete' ? wave.status === WaveStatus.Draft : nextStatus(wave.status, action) !== undefined;
}

function notAllowed(wave: WaveDto, command: WaveCommand): WaveException {
  return COMMANDS[command].action === 'delete'
    ? new WaveException(ErrorCode.WAVE_NOT_DELETABLE, `Wave ${wave.code} is ${wave.status}; only a draft wave can be deleted`)
    : new WaveException(ErrorCode.WAVE_TRANSITION_NOT_ALLOWED, `Wave ${wave.code} is ${wave.status}`);
}

/**
 * Pages 1–2 of a wave: "Neue Welle", the wave with its counts, events and actions (each behind a
 * confirmation page), and editing its title and fielding window. Thin: WavesApiService decides.
 */
@Controller('admin/wellen')
@ConsoleController()
export class WavesPagesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly waves: WavesApiService,
    private readonly definitions: DefinitionsService,
    private readonly clock: Clock,
    private readonly dataProtection: DataProtectionService,
  ) {}

  @Get('neu')
  @ConsoleRoles(StaffRole.Admin)
  newForm(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.renderForm(request, response, null, { code: '', title: '', definition: '', opensAt: '', closesAt: '' }, {});
  }

  @Post('neu')
  @ConsoleRoles(StaffRole.Admin)
  async create(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const values = readWaveForm(body);
    const { fields, errors } = parseWaveForm(values, { needsCode: true, needsDefinition: true });
    if (Object.keys(errors).length > 0) return this.renderForm(request, response, null, values, errors, 422);
    try {
      const wave = await this.waves.create(actorOf(request), {
        code: fields.code,
        title: fields.title,
        surveyId: fields.surveyId,
        version: fields.version,
        opensAt: fields.opensAt ?? undefined,
        closesAt: fields.closesAt ?? undefined,
      });
      return this.views.redirect(request, response, `/admin/wellen/${wave.code}`, `Die Welle „${wave.title}“ ist als Entwurf angelegt.`);
    } catch (error) {
      const fieldErrors = waveFormErrorsOf(error);
      if (!fieldErrors) throw error;
      return this.renderForm(request, response, null, values, fieldErrors, 422);
    }
  }

  @Get(':code')
  async show(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response, @Param('code') code: string): Promise<string> {
    const wave = await this.waves.get(code);
    const events = await this.waves.events(code);
    const now = this.clock.now();
    return this.views.page(request, response, 'wave', {
      title: wave.title,
      section: 'uebersicht',
      wave,
      tab: 'welle',
      events: recentEvents(events, RECENT_EVENTS),
      actions: (Object.keys(COMMANDS) as WaveCommand[])
        .filter((command) => allows(wave, command))
        .map((command) => ({ path: command, label: labelOf(wave, command) })),
      closingSoon: wave.status === WaveStatus.Open && wave.closesAt !== null && new Date(wave.closesAt) <= now,
      beforeWindow: wave.status === WaveStatus.Open && wave.opensAt !== null && new Date(wave.opensAt) > now,
    });
  }

  @Get(':code/bearbeiten')
  @ConsoleRoles(StaffRole.Admin)
  async editForm(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    return this.renderForm(
      request,
      response,
      wave,
      {
        code: wave.code,
        title: wave.title,
        definition: definitionValue(wave.surveyId, wave.version),
        opensAt: toLocalInput(wave.opensAt),
        closesAt: toLocalInput(wave.closesAt),
      },
      {},
    );
  }

  @Post(':code/bearbeiten')
  @ConsoleRoles(StaffRole.Admin)
  async update(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const wave = await this.waves.get(code);
    const values = { ...readWaveForm(body), code: wave.code };
    const draft = wave.status === WaveStatus.Draft;
    if (!draft) values.definition = definitionValue(wave.surveyId, wave.version);
    const { fields, errors } = parseWaveForm(values, { needsCode: false, needsDefinition: draft });
    if (Object.keys(errors).length > 0) return this.renderForm(request, response, wave, values, errors, 422);
    try {
      await this.waves.update(actorOf(request), code, {
        title: fields.title,
        opensAt: fields.opensAt,
        closesAt: fields.closesAt,
        ...(draft ? { surveyId: fields.surveyId, version: fields.version } : {}),
      });
      return this.views.redirect(request, response, `/admin/wellen/${code}`, 'Die Änderungen sind gespeichert.');
    } catch (error) {
      const fieldErrors = waveFormErrorsOf(error);
      if (!fieldErrors) throw error;
      return this.renderForm(request, response, wave, values, fieldErrors, 422);
    }
  }

  @Get(':code/oeffnen')
  @ConsoleRoles(StaffRole.Admin)
  confirmOpen(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<string> {
    return this.confirm(request, response, code, 'oeffnen');
  }

  @Post(':code/oeffnen')
  @ConsoleRoles(StaffRole.Admin)
  open(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response, @Param('code') code: string): Promise<void> {
    return this.run(request, response, code, 'oeffnen');
  }

  @Get(':code/schliessen')
  @ConsoleRoles(StaffRole.Admin)
  confirmClose(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<string> {
    return this.confirm(request, response, code, 'schliessen');
  }

  @Post(':code/schliessen')
  @ConsoleRoles(StaffRole.Admin)
  close(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response, @Param('code') code: string): Promise<void> {
    return this.run(request, response, code, 'schliessen');
  }

  @Get(':code/wieder-oeffnen')
  @ConsoleRoles(StaffRole.Admin)
  confirmReopen(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<string> {
    return this.confirm(request, response, code, 'wieder-oeffnen');
  }

  @Post(':code/wieder-oeffnen')
  @ConsoleRoles(StaffRole.Admin)
  reopen(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response, @Param('code') code: string): Promise<void> {
    return this.run(request, response, code, 'wieder-oeffnen');
  }

  @Get(':code/loeschen')
  @ConsoleRoles(StaffRole.Admin)
  confirmDelete(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<string> {
    return this.confirm(request, response, code, 'loeschen');
  }

  @Post(':code/loeschen')
  @ConsoleRoles(StaffRole.Admin)
  remove(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response, @Param('code') code: string): Promise<void> {
    return this.run(request, response, code, 'loeschen');
  }

  /** Forgetting a closed wave's contact data and links now, before the retention ends: what goes and what stays. */
  @Get(':code/kontaktdaten-loeschen')
  @ConsoleRoles(StaffRole.Admin)
  async confirmForgetContacts(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    if (wave.status !== WaveStatus.Closed) {
      throw new DataProtectionException(ErrorCode.CONTACTS_WAVE_NOT_CLOSED, `Wave ${code} is ${wave.status}`);
    }
    if (wave.contacts.eraseAt === null) {
      throw new DataProtectionException(ErrorCode.CONTACTS_ALREADY_ERASED, `The contacts of wave ${code} were erased`);
    }
    return this.views.page(request, response, 'wave-contacts-erase', {
      title: 'Kontaktdaten jetzt löschen?',
      section: 'uebersicht',
      wave,
      tab: 'welle',
    });
  }

  @Post(':code/kontaktdaten-loeschen')
  @ConsoleRoles(StaffRole.Admin)
  async forgetContacts(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<void> {
    const forgotten = await this.dataProtection.forgetContacts(actorOf(request), code);
    return this.views.redirect(request, response, `/admin/wellen/${code}`, contactsForgottenMessage(forgotten));
  }

  /** The confirmation page of a command: what will happen, and the form that does it; 409 when the status does not allow it. */
  private async confirm(request: ConsoleRequest, response: Response, code: string, command: WaveCommand): Promise<string> {
    const wave = await this.waves.get(code);
    if (!allows(wave, command)) throw notAllowed(wave, command);
    const now = this.clock.now();
    const label = labelOf(wave, command);
    return this.views.page(request, response, 'wave-confirm', {
      title: `${label}?`,
      section: 'uebersicht',
      wave,
      tab: 'welle',
      command,
      label,
      windowStarts: wave.opensAt !== null && new Date(wave.opensAt) > now,
      windowOver: wave.closesAt !== null && new Date(wave.closesAt) <= now,
      // A draft was never open; a closed wave was never open when it was closed from the draft (a past wave) and not reopened.
      neverOpened: wave.status === WaveStatus.Draft || (command === 'wieder-oeffnen' && (await this.neverOpened(code))),
    });
  }

  /** Whether the wave's audit trail has no `wave.opened` (nor `wave.reopened`): no respondent could ever answer. */
  private async neverOpened(code: string): Promise<boolean> {
    const events = await this.waves.events(code);
    return !events.some((event) => event.action === 'wave.opened' || event.action === 'wave.reopened');
  }

  private async run(request: ConsoleRequest, response: Response, code: string, command: WaveCommand): Promise<void> {
    const { action, flash } = COMMANDS[command];
    if (action === 'delete') {
      await this.waves.remove(actorOf(request), code);
      return this.views.redirect(request, response, '/admin', flash);
    }
    await this.waves.transition(actorOf(request), code, action);
    return this.views.redirect(request, response, `/admin/wellen/${code}`, flash);
  }

  private async renderForm(
    request: ConsoleRequest,
    response: Response,
    wave: WaveDto | null,
    values: WaveFormValues,
    errors: WaveFormErrors,
    status = 200,
  ): Promise<string> {
    const versions = await this.definitions.list();
    const surveys = [...new Set(versions.map((version) => version.surveyId))].map((surveyId) => ({
      surveyId,
      versions: versions
        .filter((version) => version.surveyId === surveyId)
        .map((version) => ({ value: definitionValue(version.surveyId, version.version), version: version.version })),
    }));
    return this.views.page(
      request,
      response,
      'wave-form',
      {
        title: wave ? 'Welle bearbeiten' : 'Neue Welle',
        section: 'uebersicht',
        wave,
        tab: 'welle',
        values,
        errors,
        errorCount: Object.keys(errors).length,
        surveys,
        codeHint: WAVE_CODE_HINT,
        canChangeVersion: wave === null || wave.status === WaveStatus.Draft,
        action: wave ? `/admin/wellen/${wave.code}/bearbeiten` : '/admin/wellen/neu',
      },
      status,
    );
  }
}
