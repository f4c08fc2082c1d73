import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../auth/actor';
import { ErrorCode } from '../common/error-code';
import { EnvironmentVariables } from '../config/env.validation';
import { withStartUpLock } from '../database/start-up-lock';
import { WavesService } from '../waves/waves.service';
import { buildCodebook, Codebook } from './codebook';
import { DefinitionDiff, diffDefinitions } from './definition-diff';
import {
  asDefinitionProblems,
  describeInvalidFiles,
  readDefinitionsFolder,
  readPrivacyNoticeFiles,
  SURVEY_ID_PATTERN,
  VERSION_PATTERN,
} from './definition-files';
import { definitionHash } from './definition-hash';
import { validateDefinition } from './definition-validation';
import { DefinitionSource, DefinitionVersion } from './definition-version.entity';
import { DefinitionException } from './definition.exception';
import { NoticeSyncResult, PrivacyNoticesService } from './privacy-notices.service';

export interface CompiledDefinition {
  hash: string;
  content: Record<string, unknown>;
  codebook: Codebook;
}

export type StoreResult = 'created' | 'unchanged' | 'replaced';

export interface StoredDefinition {
  result: StoreResult;
  surveyId: string;
  version: string;
  hash: string;
}

export interface SyncedDefinition extends StoredDefinition {
  file: string;
}

export interface DefinitionSummary {
  surveyId: string;
  version: string;
  hash: string;
  source: DefinitionSource;
  createdAt: string;
  updatedAt: string;
  /** Codes of the waves pinned to this version; while one exists the version is immutable. */
  usedByWaves: string[];
}

const byVersion = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

@Injectable()
export class DefinitionsService {
  private readonly logger = new Logger(DefinitionsService.name);
  /** Codebooks by content hash: a hash names one content for good. */
  /** Parsed definitions by content hash: a hash names immutable content, so entries never go stale. */
  private readonly compiledByHash = new Map<string, CompiledDefinition>();
  /** Content hash of a version a fielded wave pins (immutable from then on), by `surveyId version`. */
  private readonly pinnedHashes = new Map<string, string>();

  constructor(
    @InjectRepository(DefinitionVersion) private readonly definitions: Repository<DefinitionVersion>,
    private readonly waves: WavesService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly privacyNotices: PrivacyNoticesService,
  ) {}

  /**
   * Loads every definition file of DEFINITIONS_DIR (see sync()). Called once by
   * whoever needs the files in the database: the HTTP application when it boots
   * (AppModule), the CLI before a command that reads definitions, and
   * `definitions:sync`. Under the start-up lock: instances started at once would
   * otherwise insert the same versions concurrently.
   */
  syncDefinitionFiles(): Promise<SyncedDefinition[]> {
    return withStartUpLock(this.dataSource, () => this.sync());
  }

  definitionsDir(): string {
    return this.config.get('DEFINITIONS_DIR', { infer: true });
  }

  /**
   * Validates every file of the folder and stores it, all in one transaction:
   * any invalid file, or any file that would change a version a wave uses,
   * throws an Error that names each file and problem, and nothing is stored.
   * The surveys' `privacy.md` files are checked and stored with them.
   */
  async sync(dir = this.definitionsDir()): Promise<SyncedDefinition[]> {
    const files = readDefinitionsFolder(dir);
    const notices = readPrivacyNoticeFiles(dir);
    const invalid = [
      ...files.filter((file) => file.problems.length > 0),
      ...notices.filter((notice) => notice.problems.length > 0).map(asDefinitionProblems),
    ];
    if (invalid.length > 0) throw new Error(describeInvalidFiles(invalid));
    let noticeResults = new Map<string, NoticeSyncResult>();
    const refused: string[] = [];
    const synced = await this.dataSource.transaction(async (manager) => {
      const results: SyncedDefinition[] = [];
      for (const file of files) {
        try {
          results.push({ file: file.file, ...(await this.store(manager, SYSTEM_ACTOR, file.surveyId, file.version, file.json, 'file')) });
        } catch (error) {
          if (!(error instanceof DefinitionException) || error.code !== ErrorCode.DEFINITION_IMMUTABLE) throw error;
          refused.push(`  ${file.file}: ${error.message}`);
        }
      }
      if (refused.length > 0) {
        throw new Error(`Definition files differ from versions that waves use:\n${refused.join('\n')}`);
      }
      noticeResults = await this.privacyNotices.storeFiles(manager, notices);
      return results;
    });
    this.logSync(dir, synced);
    for (const [surveyId, result] of noticeResults) {
      if (result !== 'unchanged') this.logger.log(`Privacy notice of ${surveyId} ${result} (${dir})`);
    }
    return synced;
  }

  find(surveyId: string, version: string): Promise<DefinitionVersion | null> {
    return this.definitions.findOneBy({ surveyId, version });
  }

  async get(surveyId: string, version: string): Promise<DefinitionVersion> {
    const definition = await this.find(surveyId, version);
    if (!definition) throw new DefinitionException(ErrorCode.DEFINITION_NOT_FOUND, `There is no definition ${surveyId} version ${version}`);
    return definition;
  }

  /** The SurveyJS JSON of a version. */
  async content(surveyId: string, version: string): Promise<Record<string, unknown>> {
    return (await this.get(surveyId, version)).content;
  }

  async list(): Promise<DefinitionSummary[]> {
    const [definitions, waves] = await Promise.all([this.definitions.find(), this.waves.pinsOf()]);
    return definitions
      .sort((a, b) => {
        const bySurvey = a.surveyId.localeCompare(b.surveyId);
        return bySurvey !== 0 ? bySurvey : byVersion(a.version, b.version);
      })
      .map((definition) => ({
        surveyId: definition.surveyId,
        version: definition.version,
        hash: definition.hash,
        source: definition.source,
        createdAt: definition.createdAt.toISOString(),
        updatedAt: definition.updatedAt.toISOString(),
        usedByWaves: waves
          .filter((wave) => wave.surveyId === definition.surveyId && wave.version === definition.version)
          .map((wave) => wave.code),
      }));
  }

  /** The versions of a survey, oldest first (numeric-aware order). */
  async versions(surveyId: string): Promise<string[]> {
    const found = await this.definitions.find({ select: { version: true }, where: { surveyId } });
    return found.map((definition) => definition.version).sort(byVersion);
  }

  async codebook(surveyId: string, version: string): Promise<Codebook> {
    return (await this.compiled(surveyId, version)).codebook;
  }

  /**
   * Content and codebook of a version, parsed once per content hash. A caller
   * that already knows the hash is answered from memory without a query.
   */
  async compiled(surveyId: string, version: string, knownHash?: string): Promise<CompiledDefinition> {
    const cached = knownHash === undefined ? undefined : this.compiledByHash.get(knownHash);
    if (cached) return cached;
    const definition = await this.get(surveyId, version);
    let compiled = this.compiledByHash.get(definition.hash);
    if (!compiled) {
      compiled = { hash: definition.hash, content: definition.content, codebook: buildCodebook(definition.content) };
      this.compiledByHash.set(definition.hash, compiled);
    }
    return compiled;
  }

  /**
   * The compiled definition of a version that a wave which is (or was) in the
   * field pins: such a version is immutable (`store` refuses to change it while
   * a wave pins it, and only draft waves can be deleted or re-pinned), so its
   * hash is kept in memory and later calls need no query. Only for the
   * respondent API, which asks after it has checked that the wave accepts answers.
   */
  async compiledPinned(surveyId: string, version: string): Promise<CompiledDefinition> {
    const key = `${surveyId} ${version}`;
    const compiled = await this.compiled(surveyId, version, this.pinnedHashes.get(key));
    this.pinnedHashes.set(key, compiled.hash);
    return compiled;
  }

  async diff(surveyId: string, from: string, to: string): Promise<DefinitionDiff> {
    const [before, after] = await Promise.all([this.codebook(surveyId, from), this.codebook(surveyId, to)]);
    return diffDefinitions(before, after);
  }

  /** Stores an uploaded definition: created, unchanged (same hash) or replaced (unused version); never changes a used one. */
  async upload(actor: Actor, surveyId: string, version: string, json: unknown): Promise<StoredDefinition> {
    const problems = [
      ...(SURVEY_ID_PATTERN.test(surveyId) ? [] : [{ path: 'surveyId', message: `must match ${SURVEY_ID_PATTERN.source}` }]),
      ...(VERSION_PATTERN.test(version) ? [] : [{ path: 'version', message: `must match ${VERSION_PATTERN.source}` }]),
      ...validateDefinition(json),
    ];
    if (problems.length > 0) {
      throw new DefinitionException(ErrorCode.DEFINITION_INVALID, `The definition ${surveyId} version ${version} is invalid`, problems);
    }
    const stored = await this.dataSource.transaction((manager) => this.store(manager, actor, surveyId, version, json, 'upload'));
    if (stored.result !== 'unchanged')
      this.logger.log(`Definition ${surveyId} version ${version} ${stored.result} by upload (${stored.hash})`);
    return stored;
  }

  /** Inserts or replaces one valid definition inside the caller's transaction, with its audit event. */
  private async store(
    manager: EntityManager,
    actor: Actor,
    surveyId: string,
    version: string,
    json: unknown,
    source: DefinitionSource,
  ): Promise<StoredDefinition> {
    const hash = definitionHash(json);
    /** TypeORM types jsonb values as deep partial entities; a validated definition is a plain JSON object. */
    const content = json as QueryDeepPartialEntity<Record<string, unknown>>;
    const repository = manager.getRepository(DefinitionVersion);
    const inserted = await repository
      .createQueryBuilder()
      .insert()
      .values({ surveyId, version, content, hash, source })
      .orIgnore()
      .execute();
    if ((inserted.raw as unknown[]).length > 0) {
      const action = source === 'upload' ? 'definition.uploaded' : 'definition.loaded';
      await this.audit.record(actor, { action, surveyId, details: { version, hash, source } }, manager);
      return { result: 'created', surveyId, version, hash };
    }
    const existing = await repository
      .createQueryBuilder('definition')
      .setLock('pessimistic_write')
      .where('definition.surveyId = :surveyId AND definition.version = :version', { surveyId, version })
      .getOneOrFail();
    if (existing.hash === hash) return { result: 'unchanged', surveyId, version, hash };
    // The row lock above also blocks a wave pinning this version meanwhile (its foreign-key check takes FOR KEY SHARE).
    const waves = await this.waves.pinsOf({ surveyId, version }, manager);
    if (waves.length > 0) {
      const codes = waves.map((wave) => wave.code).join(', ');
      throw new DefinitionException(
        ErrorCode.DEFINITION_IMMUTABLE,
        `${surveyId} version ${version} is used by the wave(s) ${codes} and its content differs: published versions are immutable, save the change as a new version`,
      );
    }
    await repository.update({ surveyId, version }, { content, hash, source });
    this.pinnedHashes.delete(`${surveyId} ${version}`);
    await this.audit.record(
      actor,
      { action: 'definition.replaced', surveyId, details: { version, hash, previousHash: existing.hash, source } },
      manager,
    );
    return { result: 'replaced', surveyId, version, hash };
  }

  private logSync(dir: string, synced: SyncedDefinition[]): void {
    const surveys = new Map<string, string[]>();
    for (const entry of synced) surveys.set(entry.surveyId, [...(surveys.get(entry.surveyId) ?? []), `${entry.version} ${entry.result}`]);
    if (surveys.size === 0) this.logger.warn(`No questionnaire definitions in ${dir}`);
    for (const [surveyId, versions] of surveys) this.logger.log(`Definitions of ${surveyId} loaded from ${dir}: ${versions.join(', ')}`);
  }
}
