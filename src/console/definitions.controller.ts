import { Body, Controller, Get, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { StaffRole } from '../auth/staff-member.entity';
import { pathDetails } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import { germanErrorMessage } from '../common/german-error-messages';
import { httpStatusOf } from '../common/http-status-of';
import { DefinitionException } from '../definitions/definition.exception';
import { DefinitionsService, StoreResult } from '../definitions/definitions.service';
import { DefinitionVersionParamsDto, SurveyParamsDto } from '../definitions/dto/definition-params.dto';
import { PrivacyNoticesService } from '../definitions/privacy-notices.service';
import { asDownload } from '../exports/download-file';
import { CodebookExportParamsDto } from '../exports/dto/codebook-export-params.dto';
import { CsvExportQueryDto } from '../exports/dto/csv-export-query.dto';
import { DataExportsService } from '../exports/raw/data-exports.service';
import type { RespondentViewDto } from '../responses/dto/respondent-view.dto';
import { WavesService } from '../waves/waves.service';
import { WebAssetsService } from '../web/web-assets.service';
import { actorOf, type ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import { catalogOf, defaultComparison, versionKey } from './definition-catalog';
import { germanProblem, parseDefinitionFile, UploadProblem } from './definition-upload';
import { DefinitionCompareQueryDto } from './dto/definition-compare-query.dto';
import { PrivacyNoticeFormDto } from './dto/privacy-notice-form.dto';
import { UploadDefinitionFormDto } from './dto/upload-definition-form.dto';

const UPLOADED: Record<StoreResult, string> = {
  created: 'wurde gespeichert.',
  unchanged: 'ist unverändert: Sie hatte schon genau diesen Inhalt.',
  replaced: 'wurde ersetzt (noch keine Welle verwendet sie).',
};

interface PrivacyForm {
  markdown: string;
  /** German problems of the entered text, each with its line. */
  problems: string[];
  /** A German sentence about why nothing was stored (a file's survey), or null. */
  error: string | null;
}

interface UploadForm {
  surveyId: string;
  version: string;
  /** A German sentence about the whole upload (the file, or why nothing was stored). */
  error: string | null;
  problems: UploadProblem[];
}

/**
 * Page 6, "Fragebögen": the stored questionnaire versions, the codebook of one with its downloads, the
 * difference between two, the upload of a new version (admins) and a preview as respondents see it.
 * Everything comes from DefinitionsService (and the codebook export), as in the REST API.
 */
@Controller('admin/frageboegen')
@ConsoleController()
export class DefinitionPagesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly definitions: DefinitionsService,
    private readonly waves: WavesService,
    private readonly data: DataExportsService,
    private readonly assets: WebAssetsService,
    private readonly privacyNotices: PrivacyNoticesService,
  ) {}

  @Get()
  async list(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response): Promise<string> {
    const [summaries, waves] = await Promise.all([this.definitions.list(), this.waves.inFieldingOrder()]);
    const facts = new Map(
      await Promise.all(
        summaries.map(async (summary) => {
          const codebook = await this.definitions.codebook(summary.surveyId, summary.version);
          return [versionKey(summary.surveyId, summary.version), { title: codebook.title, questions: codebook.questions.length }] as const;
        }),
      ),
    );
    const surveys = catalogOf(summaries, waves, facts);
    const withNotice = await this.privacyNotices.surveysWithNotice(surveys.map((survey) => survey.surveyId));
    return this.views.page(request, response, 'definitions', {
      title: 'Fragebögen',
      section: 'frageboegen',
      surveys,
      withNotice: [...withNotice],
    });
  }

  @Get('hochladen')
  @ConsoleRoles(StaffRole.Admin)
  uploadForm(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Query('umfrage') surveyId?: string,
  ): Promise<string> {
    return this.renderUpload(request, response, {
      surveyId: typeof surveyId === 'string' ? surveyId : '',
      version: '',
      error: null,
      problems: [],
    });
  }

  @Post('hochladen')
  @ConsoleRoles(StaffRole.Admin)
  async upload(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Body() form: UploadDefinitionFormDto,
  ): Promise<string | void> {
    const entered = { surveyId: form.surveyId?.trim() ?? '', version: form.version?.trim() ?? '' };
    const file = request.files?.find((candidate) => candidate.fieldname === 'definition');
    const parsed = parseDefinitionFile(file?.buffer);
    if (!parsed.ok) return this.renderUpload(request, response, { ...entered, error: parsed.message, problems: parsed.problems }, 422);
    try {
      const stored = await this.definitions.upload(actorOf(request), entered.surveyId, entered.version, parsed.json);
      const location = `/admin/frageboegen/${encodeURIComponent(stored.surveyId)}/${encodeURIComponent(stored.version)}`;
      return this.views.redirect(
        request,
        response,
        location,
        `Version ${stored.version} von ${stored.surveyId} ${UPLOADED[stored.result]}`,
      );
    } catch (error) {
      if (!(error instanceof DefinitionException) || error.code === ErrorCode.DEFINITION_NOT_FOUND) throw error;
      const invalid = error.code === ErrorCode.DEFINITION_INVALID;
      return this.renderUpload(
        request,
        response,
        {
          ...entered,
          error: invalid
            ? 'Der Fragebogen ist nicht gültig. Nichts wurde gespeichert. Bitte korrigieren Sie die Datei an diesen Stellen (JSON-Pfad):'
            : `${germanErrorMessage(error.code, 409)} Nichts wurde gespeichert. Speichern Sie die Änderung als neue Version.`,
          problems: invalid ? pathDetails(error).map((problem) => germanProblem(problem.path, problem.message)) : [],
        },
        invalid ? 422 : 409,
      );
    }
  }

  @Get(':surveyId/vergleich')
  async compare(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param() params: SurveyParamsDto,
    @Query() query: DefinitionCompareQueryDto,
  ): Promise<string> {
    const versions = await this.definitions.versions(params.surveyId);
    const chosen = defaultComparison(versions);
    if (!chosen) throw new DefinitionException(ErrorCode.DEFINITION_NOT_FOUND, `There is no definition of ${params.surveyId}`);
    const from = query.von ?? chosen.from;
    const to = query.bis ?? chosen.to;
    const diff = await this.definitions.diff(params.surveyId, from, to);
    return this.views.page(request, response, 'definition-diff', {
      title: `Versionen vergleichen: ${params.surveyId}`,
      section: 'frageboegen',
      surveyId: params.surveyId,
      versions,
      from,
      to,
      diff,
    });
  }

  /** A survey's privacy notice as respondents see it, its source, and (admins, uploaded surveys) the form to change it. */
  @Get(':surveyId/datenschutz')
  privacyNotice(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param() params: SurveyParamsDto,
  ): Promise<string> {
    return this.renderPrivacy(request, response, params.surveyId, null);
  }

  @Post(':surveyId/datenschutz')
  @ConsoleRoles(StaffRole.Admin)
  async savePrivacyNotice(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param() params: SurveyParamsDto,
    @Body() form: PrivacyNoticeFormDto,
  ): Promise<string | void> {
    const markdown = form.markdown ?? '';
    try {
      await this.privacyNotices.save(actorOf(request), params.surveyId, markdown);
    } catch (error) {
      const refused = this.privacyRefusal(error, markdown);
      if (!refused) throw error;
      return this.renderPrivacy(request, response, params.surveyId, refused.form, refused.status);
    }
    const location = `/admin/frageboegen/${encodeURIComponent(params.surveyId)}/datenschutz`;
    return this.views.redirect(request, response, location, 'Die Datenschutzhinweise wurden gespeichert. Befragte sehen sie ab sofort.');
  }

  @Post(':surveyId/datenschutz/entfernen')
  @ConsoleRoles(StaffRole.Admin)
  async removePrivacyNotice(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param() params: SurveyParamsDto,
  ): Promise<string | void> {
    try {
      await this.privacyNotices.remove(actorOf(request), params.surveyId);
    } catch (error) {
      const refused = this.privacyRefusal(error, '');
      if (!refused) throw error;
      return this.renderPrivacy(request, response, params.surveyId, refused.form, refused.status);
    }
    const location = `/admin/frageboegen/${encodeURIComponent(params.surveyId)}/datenschutz`;
    return this.views.redirect(
      request,
      response,
      location,
      'Die Datenschutzhinweise wurden entfernt. Befragte sehen keine Datenschutzhinweise, keinen Absender und keine Ansprechperson.',
    );
  }

  @Get(':surveyId/:version')
  async codebook(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param() params: DefinitionVersionParamsDto,
  ): Promise<string> {
    const [codebook, summaries, waves, versions, withNotice] = await Promise.all([
      this.definitions.codebook(params.surveyId, params.version),
      this.definitions.list(),
      this.waves.inFieldingOrder(params.surveyId),
      this.definitions.versions(params.surveyId),
      this.privacyNotices.surveysWithNotice([params.surveyId]),
    ]);
    const summary = summaries.find((entry) => entry.surveyId === params.surveyId && entry.version === params.version);
    const version = catalogOf(summary ? [summary] : [], waves, new Map())[0]?.versions[0];
    const previous = versions[versions.indexOf(params.version) - 1];
    return this.views.page(request, response, 'definition', {
      title: `${params.surveyId}, Version ${params.version}`,
      section: 'frageboegen',
      surveyId: params.surveyId,
      version: params.version,
      details: version,
      codebook,
      previous,
      hasPrivacyNotice: withNotice.has(params.surveyId),
    });
  }

  @Get(':surveyId/:version/codebook.:ext')
  async download(@Param() params: CodebookExportParamsDto, @Query() query: CsvExportQueryDto): Promise<StreamableFile> {
    return asDownload(await this.data.codebook(params.surveyId, params.version, params.ext, query.format));
  }

  @Get(':surveyId/:version/vorschau')
  async preview(@Param() params: DefinitionVersionParamsDto, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    await this.definitions.get(params.surveyId, params.version);
    const page = this.assets.previewPageFile();
    response.set(page.headers);
    return new StreamableFile(page.body);
  }

  /** What the respondent API's GET answers for a new respondent, for the preview page: the definition, no answers. */
  @Get(':surveyId/:version/vorschau.json')
  async previewDefinition(
    @Param() params: DefinitionVersionParamsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RespondentViewDto> {
    const [{ content, codebook }, privacyNotice] = await Promise.all([
      this.definitions.compiled(params.surveyId, params.version),
      this.privacyNotices.forRespondents(params.surveyId),
    ]);
    response.set('Cache-Control', 'no-store');
    return {
      wave: { code: '', title: codebook.title || `${params.surveyId}, Version ${params.version}`, closesAt: null },
      definition: content,
      answers: {},
      status: 'new',
      revision: null,
      privacyNotice,
    };
  }

  private async renderPrivacy(
    request: ConsoleRequest,
    response: Response,
    surveyId: string,
    entered: PrivacyForm | null,
    status = 200,
  ): Promise<string> {
    const [notice, editability, versions] = await Promise.all([
      this.privacyNotices.find(surveyId),
      this.privacyNotices.editability(surveyId),
      this.definitions.versions(surveyId),
    ]);
    const form: PrivacyForm = entered ?? { markdown: notice?.markdown ?? '', problems: [], error: null };
    return this.views.page(
      request,
      response,
      'definition-privacy',
      {
        title: `Datenschutzhinweise: ${surveyId}`,
        section: 'frageboegen',
        surveyId,
        latest: versions[versions.length - 1],
        notice,
        editability,
        definitionsDir: this.definitions.definitionsDir(),
        form,
        retentionPhrase: this.privacyNotices.placeholderValues().loeschfrist,
      },
      status,
    );
  }

  /** The form again with German problems for a refused text (422) or a file's survey (409); null for anything else. */
  private privacyRefusal(error: unknown, markdown: string): { form: PrivacyForm; status: number } | null {
    if (!(error instanceof DefinitionException)) return null;
    if (error.code === ErrorCode.PRIVACY_NOTICE_INVALID) {
      const problems = (error.errors ?? []).map((problem) => {
        const line = (problem as { line?: number }).line;
        return line === undefined ? problem.message : `Zeile ${line}: ${problem.message}`;
      });
      return { form: { markdown, problems, error: null }, status: 422 };
    }
    if (error.code === ErrorCode.PRIVACY_NOTICE_FROM_FILE || error.code === ErrorCode.PRIVACY_NOTICE_NOT_FOUND) {
      return { form: { markdown, problems: [], error: germanErrorMessage(error.code, 409) }, status: httpStatusOf(error.code) };
    }
    return null;
  }

  private renderUpload(request: ConsoleRequest, response: Response, form: UploadForm, status = 200): Promise<string> {
    const fieldProblems = Object.fromEntries(
      form.problems
        .filter((problem) => problem.path === 'surveyId' || problem.path === 'version')
        .map((problem) => [problem.path, problem.message]),
    );
    const fileProblems = form.problems.filter((problem) => problem.path !== 'surveyId' && problem.path !== 'version');
    return this.views.page(
      request,
      response,
      'definition-upload',
      { title: 'Neue Fragebogen-Version hochladen', section: 'frageboegen', form, fieldProblems, fileProblems },
      status,
    );
  }
}
