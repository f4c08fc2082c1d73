import { Body, Controller, Get, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { StaffRole } from '../auth/staff-member.entity';
import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import { germanErrorMessage } from '../common/german-error-messages';
import { DataProtectionService } from '../data-protection/data-protection.service';
import { CSV_CONTENT_TYPE } from '../exports/csv-dialect';
import { asDownload } from '../exports/download-file';
import { ImportException } from '../imports/import.exception';
import { ImportReport, ImportsService, ImportSummary } from '../imports/imports.service';
import { CellError } from '../imports/row-answers';
import { WaveDto } from '../waves/dto/wave.dto';
import { WaveStatus } from '../waves/wave.entity';
import { WavesApiService } from '../waves/waves-api.service';
import { WavesService } from '../waves/waves.service';
import { actorOf, type ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import { erasedMessage, readErasureReason, readExternalId } from './erasure-form';
import { ConsoleImportUploads, KeptUpload } from './import-uploads';
import {
  committedMessage,
  CONFLICTS_SHOWN,
  EarlierImport,
  errorRow,
  errorsCsv,
  ERRORS_SHOWN,
  fileSize,
  germanMappingProblem,
  importState,
  mappingChoices,
  mappingJson,
  mappingNotes,
  mappingRows,
  parseMappingChoice,
  shortSha,
  undoneMessage,
} from './import-view';
import { personLabel } from './audit-trail';

/** The upload form as entered: the mapping text, the earlier import chosen, and what was wrong with them. */
interface UploadForm {
  mapping: string;
  choice: string;
  error: string | null;
  /** Which field the error is about (for aria-describedby). */
  field: 'file' | 'mapping' | 'choice' | null;
}

/** Why a check or a commit did not run through: a German sentence and the service's details. */
interface Failure {
  message: string;
  /** Problems of the mapping: a path in the JSON, a German sentence, the English detail. */
  problems: Array<{ where: string; german: string; text: string }>;
  /** Problems of the file (an unreadable line). */
  cells: ReturnType<typeof errorRow>[];
}

const EMPTY_FORM: UploadForm = { mapping: '', choice: '', error: null, field: null };

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A refusal of the service as the page explains it; undefined for what the error page handles (open wave, not found). */
function failureOf(error: unknown): Failure | undefined {
  if (!(error instanceof ImportException)) return undefined;
  if (error.code === ErrorCode.IMPORT_WAVE_OPEN || error.code === ErrorCode.IMPORT_NOT_FOUND) return undefined;
  const details = error.errors ?? [];
  return {
    message: `${germanErrorMessage(error.code, 422)}${error.code === ErrorCode.IMPORT_ROWS_INVALID || error.code === ErrorCode.IMPORT_CONFLICTS ? '' : ' Es wurde nichts übernommen.'}`,
    problems: details
      .filter((detail) => 'path' in detail)
      .map((detail) => ({ where: detail.path, german: germanMappingProblem(detail.message), text: detail.message })),
    cells: details
      .filter((detail): detail is CellError => 'row' in detail && 'code' in detail)
      .slice(0, ERRORS_SHOWN)
      .map(errorRow),
  };
}

/**
 * The wave tab "Import" (issue 15): upload an earlier wave's file → check it (dry run, with a mapping given, taken
 * from an earlier import, or automatic) → commit it; the wave's imports with undo and their mappings. Analysts see
 * the list only. Thin: ImportsService decides everything; ConsoleImportUploads keeps the file between the steps.
 */
@Controller('admin/wellen/:code/import')
@ConsoleController()
export class ImportPagesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly waves: WavesApiService,
    private readonly waveRecords: WavesService,
    private readonly imports: ImportsService,
    private readonly uploads: ConsoleImportUploads,
    private readonly dataProtection: DataProtectionService,
  ) {}

  @Get()
  async page(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response, @Param('code') code: string): Promise<string> {
    return this.renderPage(request, response, await this.waves.get(code), EMPTY_FORM);
  }

  @Post()
  @ConsoleRoles(StaffRole.Admin)
  async upload(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const wave = await this.waves.get(code);
    const form: UploadForm = { ...EMPTY_FORM, mapping: text(body.mapping), choice: text(body.frueherer) };
    if (wave.status === WaveStatus.Open) {
      throw new ImportException(ErrorCode.IMPORT_WAVE_OPEN, `Wave ${wave.code} is open: it takes no import`);
    }
    const file = request.file;
    if (file === undefined || file.size === 0) {
      const error = file === undefined ? 'Bitte wählen Sie eine Datei aus.' : 'Die Datei ist leer.';
      return this.renderPage(request, response, wave, { ...form, error, field: 'file' }, 422);
    }
    let mapping = form.mapping;
    if (form.choice !== '') {
      const choice = parseMappingChoice(form.choice);
      if (mapping.trim() !== '' || choice === undefined) {
        const error =
          choice === undefined
            ? 'Diese Auswahl gibt es nicht. Bitte wählen Sie eine Zuordnung aus der Liste.'
            : 'Bitte geben Sie die Zuordnung entweder als JSON ein oder wählen Sie die eines früheren Imports, nicht beides.';
        return this.renderPage(request, response, wave, { ...form, error, field: 'choice' }, 422);
      }
      mapping = mappingJson((await this.imports.get(choice.waveCode, choice.importId)).mapping);
    }
    const kept = await this.uploads.keep(this.session(request), file);
    return this.check(request, response, wave, kept, mapping);
  }

  @Get(':uploadId')
  @ConsoleRoles(StaffRole.Admin)
  async report(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('uploadId') uploadId: string,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const kept = await this.uploads.find(this.session(request), uploadId);
    if (kept === undefined) return this.gone(request, response, wave);
    return this.renderReport(request, response, wave, kept, { report: kept.report, mapping: kept.mapping, failure: null });
  }

  @Post(':uploadId/pruefen')
  @ConsoleRoles(StaffRole.Admin)
  async recheck(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('uploadId') uploadId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const wave = await this.waves.get(code);
    const kept = await this.uploads.find(this.session(request), uploadId);
    if (kept === undefined) return this.gone(request, response, wave);
    return this.check(request, response, wave, kept, text(body.mapping));
  }

  @Post(':uploadId/uebernehmen')
  @ConsoleRoles(StaffRole.Admin)
  async commit(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('uploadId') uploadId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const wave = await this.waves.get(code);
    const session = this.session(request);
    const kept = await this.uploads.find(session, uploadId);
    if (kept === undefined) return this.gone(request, response, wave);
    const mapping = text(body.mapping);
    const replaceConflicts = body.replaceConflicts === 'ja';
    try {
      const committed = await this.imports.commit(
        actorOf(request),
        code,
        { path: kept.path, fileName: kept.fileName },
        { mapping, replaceConflicts },
      );
      await this.uploads.discard(session, kept.id);
      return this.views.redirect(request, response, `/admin/wellen/${wave.code}/import`, committedMessage(committed));
    } catch (error) {
      const failure = failureOf(error);
      if (failure === undefined || !(error instanceof ImportException)) throw error;
      const report = (error.extra as ImportReport | undefined)?.fileSha256 === undefined ? null : (error.extra as ImportReport);
      return this.renderReport(
        request,
        response,
        wave,
        kept,
        { report: report ?? kept.report, mapping, failure, replaceConflicts },
        error.code === ErrorCode.IMPORT_CONFLICTS ? 409 : 422,
      );
    }
  }

  @Get(':uploadId/fehler.csv')
  @ConsoleRoles(StaffRole.Admin)
  async errorsCsv(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('uploadId') uploadId: string,
  ): Promise<StreamableFile | string> {
    const wave = await this.waves.get(code);
    const kept = await this.uploads.find(this.session(request), uploadId);
    if (kept === undefined) return this.gone(request, response, wave);
    response.set('Cache-Control', 'no-store');
    const csv = errorsCsv(kept.report?.errors ?? []);
    return asDownload({ filename: `import-${wave.code}-fehler.csv`, contentType: CSV_CONTENT_TYPE, content: Buffer.from(csv, 'utf8') });
  }

  @Get(':importId/zuordnung.json')
  async mappingDownload(
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('importId') importId: string,
  ): Promise<StreamableFile> {
    const summary = await this.imports.get(code, importId);
    response.set('Cache-Control', 'no-store');
    const name = `zuordnung-${code}-${summary.fileName.replace(/\.[^.]*$/, '')}.json`;
    return asDownload({
      filename: name,
      contentType: 'application/json; charset=utf-8',
      content: Buffer.from(mappingJson(summary.mapping)),
    });
  }

  @Get(':importId/rueckgaengig')
  @ConsoleRoles(StaffRole.Admin)
  async confirmUndo(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('importId') importId: string,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const summary = await this.imports.get(code, importId);
    if (summary.undoneAt !== null) {
      throw new ImportException(ErrorCode.IMPORT_ALREADY_UNDONE, `Import ${importId} was already undone`);
    }
    return this.views.page(request, response, 'import-undo', {
      title: 'Import rückgängig machen',
      section: 'uebersicht',
      wave,
      summary: this.row(summary),
    });
  }

  @Post(':importId/rueckgaengig')
  @ConsoleRoles(StaffRole.Admin)
  async undo(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('importId') importId: string,
  ): Promise<void> {
    const { removed } = await this.imports.undo(actorOf(request), code, importId);
    return this.views.redirect(request, response, `/admin/wellen/${code}/import`, undoneMessage(removed));
  }

  /** Erasing one response of a committed import by its external id (Art. 17 GDPR): the form says what happens. */
  @Get(':importId/antwort-loeschen')
  @ConsoleRoles(StaffRole.Admin)
  async eraseForm(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('importId') importId: string,
  ): Promise<string> {
    return this.renderErase(request, response, code, importId, { externalId: '', reason: '' }, {});
  }

  @Post(':importId/antwort-loeschen')
  @ConsoleRoles(StaffRole.Admin)
  async erase(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Param('importId') importId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const id = readExternalId(body.externalId);
    const why = readErasureReason(body.reason);
    const values = { externalId: id.externalId, reason: why.reason };
    if (id.error !== null || why.error !== null) {
      const errors = { ...(id.error === null ? {} : { externalId: id.error }), ...(why.error === null ? {} : { reason: why.error }) };
      return this.renderErase(request, response, code, importId, values, errors, 422);
    }
    try {
      const erased = await this.dataProtection.eraseImportedResponse(actorOf(request), code, importId, id.externalId, why.reason);
      return this.views.redirect(request, response, `/admin/wellen/${code}/import`, erasedMessage(erased.deleted));
    } catch (error) {
      if (!(error instanceof AppException) || error.code !== ErrorCode.IMPORTED_RESPONSE_NOT_FOUND) throw error;
      const errors = {
        externalId: `Dieser Import enthält keine Antwort mit der Kennung „${id.externalId}“ (mehr). Bitte prüfen Sie die Kennung; gelöscht wurde nichts.`,
      };
      return this.renderErase(request, response, code, importId, values, errors, 422);
    }
  }

  // ------------------------------------------------------------------ rendering

  private async renderErase(
    request: ConsoleRequest,
    response: Response,
    code: string,
    importId: string,
    values: { externalId: string; reason: string },
    errors: { externalId?: string; reason?: string },
    status = 200,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const summary = await this.imports.get(code, importId);
    if (summary.undoneAt !== null) {
      throw new ImportException(ErrorCode.IMPORT_ALREADY_UNDONE, `Import ${importId} was undone: it has no responses`);
    }
    return this.views.page(
      request,
      response,
      'import-erase',
      { title: 'Importierte Antwort löschen', section: 'uebersicht', wave, summary: this.row(summary), values, errors },
      status,
    );
  }

  /** The dry run of a kept file with a mapping: the report page (303 to it), or the page with why it did not run (422). */
  private async check(
    request: ConsoleRequest,
    response: Response,
    wave: WaveDto,
    kept: KeptUpload,
    mapping: string,
  ): Promise<string | void> {
    const session = this.session(request);
    try {
      const report = await this.imports.dryRun(wave.code, { path: kept.path, fileName: kept.fileName }, { mapping });
      await this.uploads.update(session, kept, { mapping, report });
      return this.views.redirect(request, response, `/admin/wellen/${wave.code}/import/${kept.id}`);
    } catch (error) {
      const failure = failureOf(error);
      if (failure === undefined) throw error;
      await this.uploads.update(session, kept, { mapping, report: null });
      return this.renderReport(request, response, wave, { ...kept, mapping }, { report: null, mapping, failure }, 422);
    }
  }

  private async renderPage(request: ConsoleRequest, response: Response, wave: WaveDto, form: UploadForm, status = 200): Promise<string> {
    const admin = request.consoleSession?.actor?.role === StaffRole.Admin;
    const imports = await this.imports.list(wave.code);
    return this.views.page(
      request,
      response,
      'import',
      {
        title: `Import: ${wave.title}`,
        section: 'uebersicht',
        wave,
        importable: wave.status !== WaveStatus.Open,
        imports: imports.map((summary) => this.row(summary)),
        choices: admin && wave.status !== WaveStatus.Open ? mappingChoices(wave.code, await this.earlierImports(wave)) : [],
        form,
      },
      status,
    );
  }

  private renderReport(
    request: ConsoleRequest,
    response: Response,
    wave: WaveDto,
    kept: KeptUpload,
    state: { report: ImportReport | null; mapping: string; failure: Failure | null; replaceConflicts?: boolean },
    status = 200,
  ): Promise<string> {
    const { report } = state;
    return this.views.page(
      request,
      response,
      'import-report',
      {
        title: `Import prüfen: ${kept.fileName}`,
        section: 'uebersicht',
        wave,
        upload: { id: kept.id, fileName: kept.fileName, size: fileSize(kept.fileSize) },
        report,
        failure: state.failure,
        mapping: state.mapping,
        replaceConflicts: state.replaceConflicts === true,
        view:
          report === null
            ? null
            : {
                mappingRows: mappingRows(report.mapping),
                mappingNotes: mappingNotes(report.mapping),
                mappingJson: mappingJson(report.mapping),
                errors: report.errors.slice(0, ERRORS_SHOWN).map(errorRow),
                conflicts: report.conflictRows.slice(0, CONFLICTS_SHOWN),
                shortSha: shortSha(report.fileSha256),
                size: fileSize(report.fileSize),
              },
        errorsShown: ERRORS_SHOWN,
        conflictsShown: CONFLICTS_SHOWN,
        importable: wave.status !== WaveStatus.Open,
      },
      status,
    );
  }

  private gone(request: ConsoleRequest, response: Response, wave: WaveDto): Promise<string> {
    return this.views.page(request, response, 'import-gone', { title: 'Datei nicht mehr vorhanden', section: 'uebersicht', wave }, 404);
  }

  private row(summary: ImportSummary) {
    const german = { ...summary, undoneBy: summary.undoneBy === null ? null : personLabel(summary.undoneBy) };
    return {
      ...german,
      createdBy: personLabel(summary.createdBy),
      size: fileSize(summary.fileSize),
      shortSha: shortSha(summary.fileSha256),
      state: importState(german),
    };
  }

  /** Imports of the waves of the same questionnaire (their mappings name its questions). */
  private async earlierImports(wave: WaveDto): Promise<EarlierImport[]> {
    const waves = await this.waveRecords.inFieldingOrder(wave.surveyId);
    const lists = await Promise.all(
      waves.map(async (other) =>
        (await this.imports.list(other.code)).map((summary) => ({
          waveCode: other.code,
          waveTitle: other.title,
          id: summary.id,
          fileName: summary.fileName,
          createdAt: summary.createdAt,
          mapping: summary.mapping,
        })),
      ),
    );
    return lists.flat();
  }

  private session(request: ConsoleRequest) {
    const session = request.consoleSession;
    if (!session) throw new Error('A console route without a session');
    return session;
  }
}
