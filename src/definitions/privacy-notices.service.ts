import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../auth/actor';
import { ErrorCode } from '../common/error-code';
import { EnvironmentVariables } from '../config/env.validation';
import { PRIVACY_NOTICE_FILE_NAME, PrivacyNoticeFile } from './definition-files';
import type { DefinitionSource } from './definition-version.entity';
import { DefinitionException } from './definition.exception';
import {
  fillPrivacyNotice,
  NoticeFacts,
  NoticePlaceholder,
  parsePrivacyNotice,
  placeholderValues,
  RenderedPrivacyNotice,
} from './privacy-notice';

/** A stored notice as staff see it: the Markdown, where it comes from, and the rendered parts. */
export interface PrivacyNoticeView extends RenderedPrivacyNotice {
  surveyId: string;
  markdown: string;
  source: DefinitionSource;
  updatedAt: string;
}

/** Whether staff can change a survey's notice through the API and the console, and why not. */
export interface PrivacyNoticeEditability {
  editable: boolean;
  /** The file the notice lives in (or belongs in) when it is not editable here. */
  file: string | null;
}

export type NoticeSyncResult = 'created' | 'unchanged' | 'replaced' | 'removed';

interface StoredRow {
  survey_id: string;
  markdown: string;
  source: DefinitionSource;
  updated_at: Date;
}

/**
 * The surveys' privacy notices (table `privacy_notices`): from `<DEFINITIONS_DIR>/<surveyId>/privacy.md` (source
 * `file`, loaded with the definitions by DefinitionsService.sync) or, for surveys whose definitions were all uploaded,
 * set through the API and the console (source `upload`). A file's notice is changed in the file only.
 */
@Injectable()
export class PrivacyNoticesService {
  private readonly logger = new Logger(PrivacyNoticesService.name);
  /** Rendered notices by survey (with the Markdown they come from): respondents' pages ask for them on every load. */
  private readonly rendered = new Map<string, { markdown: string; notice: RenderedPrivacyNotice }>();
  /** What the notices' placeholders stand for ({{loeschfrist}}: CONTACT_RETENTION_DAYS). */
  private readonly facts: NoticeFacts;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.facts = { contactRetentionDays: config.get('CONTACT_RETENTION_DAYS', { infer: true }) };
  }

  /** What the placeholders of every notice stand for in this service, e.g. `{ loeschfrist: '90 Tage' }`. */
  placeholderValues(): Record<NoticePlaceholder, string> {
    return placeholderValues(this.facts);
  }

  /** Which of these surveys have a privacy notice. */
  async surveysWithNotice(surveyIds: readonly string[]): Promise<Set<string>> {
    if (surveyIds.length === 0) return new Set();
    const rows: Array<{ survey_id: string }> = await this.dataSource.query(
      'SELECT survey_id FROM privacy_notices WHERE survey_id = ANY($1::varchar[])',
      [[...new Set(surveyIds)]],
    );
    return new Set(rows.map((row) => row.survey_id));
  }

  async find(surveyId: string): Promise<PrivacyNoticeView | null> {
    const row = await this.row(surveyId);
    if (!row) return null;
    const notice = this.render(row);
    return notice && { surveyId, markdown: row.markdown, source: row.source, updatedAt: row.updated_at.toISOString(), ...notice };
  }

  async get(surveyId: string): Promise<PrivacyNoticeView> {
    const found = await this.find(surveyId);
    if (!found) throw new DefinitionException(ErrorCode.PRIVACY_NOTICE_NOT_FOUND, `The survey ${surveyId} has no privacy notice`);
    return found;
  }

  /** What a respondent's page shows: the rendered notice, its sender and contact; null when the survey has none. */
  async forRespondents(surveyId: string): Promise<RenderedPrivacyNotice | null> {
    const row = await this.row(surveyId);
    return row && this.render(row);
  }

  /**
   * A survey's notice can be set here when it has definitions, all of them uploaded, and no notice from a file. A survey
   * with a definition file keeps its notice beside it (`privacy.md`).
   */
  async editability(surveyId: string, manager: EntityManager = this.dataSource.manager): Promise<PrivacyNoticeEditability> {
    // One after the other: `manager` may be a transaction's, whose one connection takes one query at a time.
    const sources = await manager.query<Array<{ source: DefinitionSource }>>(
      'SELECT DISTINCT source FROM definition_versions WHERE survey_id = $1',
      [surveyId],
    );
    const notice = await manager.query<Array<{ source: DefinitionSource }>>('SELECT source FROM privacy_notices WHERE survey_id = $1', [
      surveyId,
    ]);
    if (sources.length === 0 && notice.length === 0) {
      throw new DefinitionException(ErrorCode.DEFINITION_NOT_FOUND, `There is no definition of ${surveyId}`);
    }
    const fromFile = notice[0]?.source === 'file' || sources.some((row) => row.source === 'file');
    return { editable: !fromFile, file: fromFile ? `${surveyId}/${PRIVACY_NOTICE_FILE_NAME}` : null };
  }

  /** Sets the notice of a survey whose definitions were uploaded; 409 for a file's survey, else 422 with every problem by line. */
  async save(actor: Actor, surveyId: string, markdown: string): Promise<PrivacyNoticeView> {
    const changed = await this.dataSource.transaction(async (manager) => {
      // First whether it may be set here at all (a file's survey: 409), then the text: no fixing of problems in vain.
      await this.assertEditable(manager, surveyId);
      const parsed = parsePrivacyNotice(markdown);
      if (!parsed.ok) {
        throw new DefinitionException(
          ErrorCode.PRIVACY_NOTICE_INVALID,
          `The privacy notice of ${surveyId} is invalid (${parsed.problems.length} ${parsed.problems.length === 1 ? 'problem' : 'problems'}); nothing was stored`,
          parsed.problems.map((problem) => ({ path: 'markdown', ...problem })),
        );
      }
      const rows: Array<{ markdown: string }> = await manager.query(
        `INSERT INTO privacy_notices (survey_id, markdown, source, updated_at, updated_by) VALUES ($1, $2, 'upload', now(), $3)
         ON CONFLICT (survey_id) DO UPDATE SET markdown = EXCLUDED.markdown, updated_at = now(), updated_by = EXCLUDED.updated_by
         WHERE privacy_notices.source = 'upload' AND privacy_notices.markdown IS DISTINCT FROM EXCLUDED.markdown
         RETURNING markdown`,
        [surveyId, markdown, actor.id],
      );
      if (rows.length === 0) return false;
      await this.audit.record(actor, { action: 'privacy-notice.saved', surveyId, details: { source: 'upload' } }, manager);
      return true;
    });
    if (changed) this.logger.log(`Privacy notice of ${surveyId} saved`);
    return this.get(surveyId);
  }

  /** Removes the notice of a survey whose definitions were uploaded (respondents then see none). */
  async remove(actor: Actor, surveyId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.assertEditable(manager, surveyId);
      const deleted: [unknown[], number] = await manager.query(
        `DELETE FROM privacy_notices WHERE survey_id = $1 AND source = 'upload' RETURNING survey_id`,
        [surveyId],
      );
      if (deleted[1] === 0)
        throw new DefinitionException(ErrorCode.PRIVACY_NOTICE_NOT_FOUND, `The survey ${surveyId} has no privacy notice`);
      await this.audit.record(actor, { action: 'privacy-notice.deleted', surveyId, details: { source: 'upload' } }, manager);
    });
    this.rendered.delete(surveyId);
    this.logger.log(`Privacy notice of ${surveyId} deleted`);
  }

  /**
   * Stores the notices of the definition files (all valid: the caller checked them) inside the caller's transaction:
   * a file's notice replaces whatever the survey had; a notice that came from a file no longer there is removed.
   */
  async storeFiles(manager: EntityManager, files: readonly PrivacyNoticeFile[]): Promise<Map<string, NoticeSyncResult>> {
    const results = new Map<string, NoticeSyncResult>();
    const stored: StoredRow[] = await manager.query('SELECT survey_id, markdown, source, updated_at FROM privacy_notices FOR UPDATE');
    const byId = new Map(stored.map((row) => [row.survey_id, row]));
    for (const file of files) {
      const existing = byId.get(file.surveyId);
      if (existing?.source === 'file' && existing.markdown === file.markdown) {
        results.set(file.surveyId, 'unchanged');
        continue;
      }
      await manager.query(
        `INSERT INTO privacy_notices (survey_id, markdown, source, updated_at, updated_by) VALUES ($1, $2, 'file', now(), NULL)
         ON CONFLICT (survey_id) DO UPDATE SET markdown = EXCLUDED.markdown, source = 'file', updated_at = now(), updated_by = NULL`,
        [file.surveyId, file.markdown],
      );
      const result = existing ? 'replaced' : 'created';
      await this.audit.record(
        SYSTEM_ACTOR,
        { action: 'privacy-notice.loaded', surveyId: file.surveyId, details: { source: 'file', result } },
        manager,
      );
      results.set(file.surveyId, result);
    }
    const inFiles = new Set(files.map((file) => file.surveyId));
    for (const row of stored) {
      if (row.source !== 'file' || inFiles.has(row.survey_id)) continue;
      await manager.query(`DELETE FROM privacy_notices WHERE survey_id = $1 AND source = 'file'`, [row.survey_id]);
      await this.audit.record(
        SYSTEM_ACTOR,
        { action: 'privacy-notice.deleted', surveyId: row.survey_id, details: { source: 'file' } },
        manager,
      );
      results.set(row.survey_id, 'removed');
    }
    for (const surveyId of results.keys()) this.rendered.delete(surveyId);
    return results;
  }

  private async assertEditable(manager: EntityManager, surveyId: string): Promise<void> {
    // One change of a survey's notice at a time; a definition file's sync takes the same rows.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`privacy-notice ${surveyId}`]);
    const editability = await this.editability(surveyId, manager);
    if (!editability.editable) {
      throw new DefinitionException(
        ErrorCode.PRIVACY_NOTICE_FROM_FILE,
        `The privacy notice of ${surveyId} belongs in the file ${editability.file} of the definitions folder (DEFINITIONS_DIR): edit the file and restart the service (or run definitions:sync)`,
      );
    }
  }

  private async row(surveyId: string): Promise<StoredRow | null> {
    const rows: StoredRow[] = await this.dataSource.query(
      'SELECT survey_id, markdown, source, updated_at FROM privacy_notices WHERE survey_id = $1',
      [surveyId],
    );
    return rows[0] ?? null;
  }

  /**
   * Stored notices were valid when stored; one that no longer parses (a stricter parser) is logged and shown to nobody.
   * The placeholders get the service's values here, so staff and respondents read the same text.
   */
  private render(row: StoredRow): RenderedPrivacyNotice | null {
    const cached = this.rendered.get(row.survey_id);
    if (cached && cached.markdown === row.markdown) return cached.notice;
    const parsed = parsePrivacyNotice(row.markdown);
    if (!parsed.ok) {
      this.logger.error(
        `The stored privacy notice of ${row.survey_id} is invalid: ${parsed.problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; ')}`,
      );
      return null;
    }
    const notice = fillPrivacyNotice(parsed.notice, this.facts);
    this.rendered.set(row.survey_id, { markdown: row.markdown, notice });
    return notice;
  }
}
