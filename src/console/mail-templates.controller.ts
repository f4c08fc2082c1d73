import type { Actor } from '../auth/actor';
import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { StaffRole } from '../auth/staff-member.entity';
import { ErrorCode } from '../common/error-code';
import { InvitationsService } from '../invitations/invitations.service';
import type { MailPreviewDto, MailTemplateDto } from '../mail/dto/mail-template.dto';
import { MailException } from '../mail/mail.exception';
import { MailSettings } from '../mail/mail-settings';
import type { MailKind } from '../mail/mail-templates';
import { MailTemplatesService } from '../mail/mail-templates.service';
import { WaveDto } from '../waves/dto/wave.dto';
import { WavesApiService } from '../waves/waves-api.service';
import { WavesService } from '../waves/waves.service';
import { actorOf } from './console-request';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import {
  isNoOwnAddress,
  PLACEHOLDER_LIST,
  previewChoiceLabel,
  previewChoiceName,
  readTemplateForm,
  templateFormErrorsOf,
  TemplateFormErrors,
  TemplateFormValues,
  testSendOutcome,
  TestSendOutcome,
} from './mail-template-form';
import { ART_OF_MAIL_KIND, kindOfArt, MAIL_KIND_LABELS } from './mail-labels';

/** The invitations offered in the preview's choice (the first with an address; a wave may have thousands). */
const PREVIEW_CHOICES = 200;

/** What one rendering of the page shows besides the template itself. */
interface PageState {
  values?: TemplateFormValues;
  errors?: TemplateFormErrors;
  preview?: MailPreviewDto;
  outcome?: TestSendOutcome;
  /** The test mail could not be sent: the staff member's account has no e-mail address. */
  noOwnAddress?: boolean;
}

/**
 * Composing a wave's two mail templates (Einladung, Erinnerung): the form with Betreff and Text, the
 * placeholders, a preview and a test mail of the unsaved text, saving and going back to the default (behind
 * a confirmation). Thin: MailTemplatesService checks, stores, renders and sends. Analysts read the template
 * (it holds no contact data, as in the API); everything else is for admins (the preview shows a contact).
 */
@Controller('admin/wellen/:code/e-mails/vorlagen')
@ConsoleController()
export class MailTemplatesPagesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly templates: MailTemplatesService,
    private readonly waves: WavesApiService,
    private readonly waveRecords: WavesService,
    private readonly invitations: InvitationsService,
    private readonly settings: MailSettings,
  ) {}

  @Get(':vorlage')
  async show(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('vorlage') slug: string,
  ): Promise<string> {
    return this.render(request, response, code, kindOf(slug), {});
  }

  @Post(':vorlage')
  @ConsoleRoles(StaffRole.Admin)
  async save(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('vorlage') slug: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const kind = kindOf(slug);
    const values = readTemplateForm(body);
    try {
      await this.templates.save(actorOf(request), code, kind, { subject: values.subject, body: values.body });
    } catch (error) {
      return this.refused(request, response, code, kind, values, error);
    }
    return this.views.redirect(
      request,
      response,
      `/admin/wellen/${code}/e-mails/vorlagen/${slug}`,
      `Die Vorlage „${MAIL_KIND_LABELS[kind]}“ ist gespeichert. Jede E-Mail, die ab jetzt hinausgeht, verwendet diesen Text – auch schon eingeplante.`,
    );
  }

  @Post(':vorlage/vorschau')
  @ConsoleRoles(StaffRole.Admin)
  async preview(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('vorlage') slug: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    const kind = kindOf(slug);
    const values = readTemplateForm(body);
    let preview: MailPreviewDto;
    try {
      preview = await this.templates.preview(actorOf(request), code, kind, {
        subject: values.subject,
        body: values.body,
        invitationId: values.invitationId === '' ? undefined : values.invitationId,
      });
    } catch (error) {
      return this.refused(request, response, code, kind, values, error);
    }
    return this.render(request, response, code, kind, {
      values: { ...values, invitationId: preview.invitationId ?? '' },
      preview,
    });
  }

  @Post(':vorlage/test-email')
  @ConsoleRoles(StaffRole.Admin)
  async testSend(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('vorlage') slug: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    const kind = kindOf(slug);
    const values = readTemplateForm(body);
    try {
      const result = await this.templates.testSend(actorOf(request), code, kind, { subject: values.subject, body: values.body });
      return await this.render(request, response, code, kind, { values, outcome: testSendOutcome(result) });
    } catch (error) {
      if (isNoOwnAddress(error)) return this.render(request, response, code, kind, { values, noOwnAddress: true }, 422);
      return this.refused(request, response, code, kind, values, error);
    }
  }

  @Get(':vorlage/standardtext')
  @ConsoleRoles(StaffRole.Admin)
  async confirmReset(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('vorlage') slug: string,
  ): Promise<string> {
    const kind = kindOf(slug);
    const wave = await this.waves.get(code);
    const template = await this.templates.get(code, kind);
    return this.views.page(request, response, 'mail-template-reset', {
      title: `Standardtext der ${MAIL_KIND_LABELS[kind]} wiederherstellen?`,
      section: 'uebersicht',
      wave,
      tab: 'e-mails',
      kindLabel: MAIL_KIND_LABELS[kind],
      slug,
      template,
    });
  }

  @Post(':vorlage/standardtext')
  @ConsoleRoles(StaffRole.Admin)
  async reset(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('vorlage') slug: string,
  ): Promise<void> {
    const kind = kindOf(slug);
    await this.templates.reset(actorOf(request), code, kind);
    return this.views.redirect(
      request,
      response,
      `/admin/wellen/${code}/e-mails/vorlagen/${slug}`,
      `Die Vorlage „${MAIL_KIND_LABELS[kind]}“ verwendet wieder den Standardtext.`,
    );
  }

  /** The form again with the German messages at the fields (422) when the service refused the entered text; else rethrows. */
  private refused(
    request: ConsoleRequest,
    response: Response,
    code: string,
    kind: MailKind,
    values: TemplateFormValues,
    error: unknown,
  ): Promise<string> {
    const errors = templateFormErrorsOf(error);
    if (!errors) throw error;
    return this.render(request, response, code, kind, { values, errors }, 422);
  }

  private async render(
    request: ConsoleRequest,
    response: Response,
    code: string,
    kind: MailKind,
    state: PageState,
    status = 200,
  ): Promise<string> {
    const wave: WaveDto = await this.waves.get(code);
    const template: MailTemplateDto = await this.templates.get(code, kind);
    const isAdmin = actorOf(request).role === StaffRole.Admin;
    const choices = isAdmin ? await this.previewChoices(actorOf(request), code) : [];
    const errors = state.errors ?? {};
    const other: MailKind = kind === 'invitation' ? 'reminder' : 'invitation';
    return this.views.page(
      request,
      response,
      'mail-template',
      {
        title: `Vorlage: ${MAIL_KIND_LABELS[kind]}`,
        section: 'uebersicht',
        wave,
        tab: 'e-mails',
        kind,
        kindLabel: MAIL_KIND_LABELS[kind],
        slug: ART_OF_MAIL_KIND[kind],
        other: { slug: ART_OF_MAIL_KIND[other], label: MAIL_KIND_LABELS[other] },
        template,
        values: state.values ?? { subject: template.subject, body: template.body, invitationId: choices[0]?.id ?? '' },
        errors,
        errorCount: Object.keys(errors).length,
        choices,
        moreChoices: choices.length === PREVIEW_CHOICES,
        preview: state.preview,
        previewFor: choices.find((choice) => choice.id === state.preview?.invitationId)?.name ?? null,
        outcome: state.outcome,
        noOwnAddress: state.noOwnAddress === true,
        placeholders: PLACEHOLDER_LIST,
        relayHost: this.settings.relayHost,
        sender: isAdmin ? this.settings.sender : null,
      },
      status,
    );
  }

  /** The invitations of the wave with an e-mail address, for the preview's choice (admins only: names and addresses). */
  private async previewChoices(viewer: Actor, code: string): Promise<Array<{ id: string; label: string; name: string }>> {
    const wave = await this.waveRecords.findByCode(code);
    const people = await this.invitations.mailablePage(wave.id, PREVIEW_CHOICES);
    await this.invitations.recordContactView(
      viewer,
      code,
      people.map((person) => person.id),
      'mail-preview',
    );
    return people.map((person) => ({
      id: person.id,
      label: previewChoiceLabel(person.id, person),
      name: previewChoiceName(person.id, person),
    }));
  }
}

/** The kind of the URL segment; the console's German 404 for any other. */
function kindOf(slug: string): MailKind {
  const kind = kindOfArt(slug);
  if (kind === null) throw new MailException(ErrorCode.MAIL_KIND_UNKNOWN, `No mail template "${slug}": use einladung or erinnerung`);
  return kind;
}
