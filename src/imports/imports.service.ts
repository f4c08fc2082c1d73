import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, describeActor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ErrorCode } from '../common/error-code';
import { CompiledDefinition, DefinitionsService } from '../definitions/definitions.service';
import { validateAnswers } from '../responses/answer-validation';
import { FrozenCounts } from '../responses/frozen-counts';
import { ImportedResponse, ImportedResponsesWriter, StoredImportedResponse } from '../responses/imported-responses.writer';
import { ResponseStatus } from '../responses/response.entity';
import { SurveyRules } from '../responses/survey-rules';
import { Wave, WaveStatus } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import { responseFingerprint } from './answers-fingerprint';
import { ImportFormat, ImportRecord } from './import.entity';
import { ImportException } from './import.exception';
import { ConflictRow, ImportCounts, ImportTally } from './import-tally';
import { autoMapping, ImportMapping, parseMapping } from './mapping';
import { openSource, SourceReadError, SourceTable } from './readers';
import { CellError, compileMapping, DuplicateTracker, ImportPlan, rowToAnswers, validationErrorsToCells } from './row-answers';
import { columnsRead, sourceProblems } from './source-problems';

/** A file to import, already on disk (the API and the console write uploads to a temporary file; the CLI names one). */
export interface ImportFile {
  path: string;
  /** The name the person knows the file by (the upload's name); also decides CSV/XLSX/SAV when the content allows both. */
  fileName: string;
}

export interface ImportProgress {
  /** Data rows read so far. */
  rows: number;
  /** Bytes of the file read so far; null for an XLSX (read by its zip directory, not front to back). */
  bytesRead: number | null;
  totalBytes: number;
}

export interface ImportOptions {
  /** The mapping as JSON text or parsed; absent or blank: the file must be the service's own raw export. */
  mapping?: unknown;
  /** Replace the stored response of a conflicting external id (each replacement audited); otherwise conflicts refuse the commit. */
  replaceConflicts?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

/** What an import of the file would do (dry run), or did. */
export interface ImportReport extends ImportCounts {
  dryRun: boolean;
  format: ImportFormat;
  fileName: string;
  fileSize: number;
  fileSha256: string;
  /** XLSX: the sheet that was read. */
  sheet: string | null;
  /** The mapping the file was read with: the given one, or the automatic one of the service's own export. */
  mapping: ImportMapping;
  automaticMapping: boolean;
  /** Columns of the file that are neither mapped nor ignored: not imported, never silently. */
  unmappedColumns: string[];
  /** The first errors, in file order ({row, column, value, code, message}); `errorCount` counts all. */
  errors: CellError[];
  errorCount: number;
  /** The first rows whose external id the wave has with other answers. */
  conflictRows: ConflictRow[];
}

export interface CommittedImport {
  /** Null when the file brought nothing new (every row unchanged): then no import is kept. */
  importId: string | null;
  created: number;
  unchanged: number;
  /** Conflicting responses replaced (only with replaceConflicts). */
  replaced: number;
}

export interface ImportSummary {
  id: string;
  fileName: string;
  fileSize: number;
  fileSha256: string;
  format: ImportFormat;
  created: number;
  unchanged: number;
  replaced: number;
  /** Responses of the wave that came from this import now (0 after an undo; fewer when a later import replaced some). */
  responses: number;
  createdBy: string;
  createdAt: Date;
  undoneAt: Date | null;
  undoneBy: string | null;
  mapping: ImportMapping;
}

/** Rows validated, compared and written together: one lookup and one insert statement per chunk. */
const CHUNK_ROWS = 1000;
/** Waves an import may write to: never one that respondents can answer at the same time. */
const IMPORTABLE: readonly WaveStatus[] = [WaveStatus.Draft, WaveStatus.Closed];

interface PassResult {
  tally: ImportTally;
  replaced: number;
}

interface Pass {
  wave: Wave;
  definition: CompiledDefinition;
  plan: ImportPlan;
  table: SourceTable;
  /** The transaction and import to write to; absent in a dry run. */
  write?: { manager: EntityManager; importId: string; replaceConflicts: boolean; actor: Actor };
}

/**
 * Earlier waves' raw data from CSV, XLSX or SPSS files (issue 15). One pass streams the file: each row is mapped
 * (row-answers.ts), checked with the respondent API's own `validateAnswers`, compared by external id with what
 * the wave holds (created / unchanged / conflict) and, in a commit, written in chunks inside ONE transaction that
 * is rolled back when any row had an error: a file is imported whole or not at all. A dry run is the same pass
 * without the writes.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);
  private readonly rules = new SurveyRules();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly definitions: DefinitionsService,
    private readonly writer: ImportedResponsesWriter,
    private readonly audit: AuditService,
    private readonly frozenCounts: FrozenCounts,
  ) {}

  /** The dry run: what a commit of the file would do, with every error; stores nothing. */
  async dryRun(waveCode: string, file: ImportFile, options: ImportOptions = {}): Promise<ImportReport> {
    const wave = await this.waves.findByCode(waveCode);
    assertImportable(wave);
    const fileFacts = await factsOf(file);
    return this.withSource(wave, file, fileFacts, options, async (opened) => {
      const { tally } = await this.pass(opened);
      return report(true, fileFacts, opened, tally);
    });
  }

  /**
   * Imports the file in one transaction: `{importId, created, unchanged, replaced}` (`importId` null when nothing was
   * new: the same file again keeps no import), or an ImportException with the errors (IMPORT_ROWS_INVALID) or the
   * conflicts (IMPORT_CONFLICTS), and nothing stored.
   */
  async commit(actor: Actor, waveCode: string, file: ImportFile, options: ImportOptions = {}): Promise<CommittedImport> {
    const fileFacts = await factsOf(file);
    const replaceConflicts = options.replaceConflicts === true;
    const committed = await this.dataSource.transaction(async (manager) => {
      // Locked until the end: no transition, no second import of the wave meanwhile.
      const wave = await this.waves.lockByCode(manager, waveCode);
      assertImportable(wave);
      return this.withSource(wave, file, fileFacts, options, async (opened) => {
        const record = await manager.save(
          manager.create(ImportRecord, {
            waveId: wave.id,
            fileName: fileFacts.fileName,
            fileSize: String(fileFacts.fileSize),
            fileSha256: fileFacts.fileSha256,
            format: opened.table.format,
            mapping: opened.plan.mapping as unknown as Record<string, unknown>,
            created: 0,
            unchanged: 0,
            replaced: 0,
            createdBy: actor.id,
            createdByName: describeActor(actor),
          }),
        );
        const { tally, replaced } = await this.pass({ ...opened, write: { manager, importId: record.id, replaceConflicts, actor } });
        if (tally.rows === 0) {
          const row = opened.table.headerRow + 1;
          const message = 'The file has a header but no data rows: there is nothing to import';
          throw new ImportException(ErrorCode.IMPORT_FILE_UNREADABLE, message, [
            { row, column: null, value: null, code: 'FILE_UNREADABLE', message },
          ]);
        }
        if (tally.errorCount > 0) {
          throw new ImportException(
            ErrorCode.IMPORT_ROWS_INVALID,
            `${tally.invalid} of ${tally.rows} rows have errors (${tally.errorCount} in all); nothing was imported`,
            tally.errors,
            report(false, fileFacts, opened, tally),
          );
        }
        if (tally.conflicts > 0 && !replaceConflicts) {
          throw new ImportException(
            ErrorCode.IMPORT_CONFLICTS,
            `${tally.conflicts} rows have an external id the wave already has, with other answers; nothing was imported. ` +
              'Send replaceConflicts=true to replace those responses',
            tally.conflictRows.map((conflict) => ({
              row: conflict.row,
              column: opened.plan.externalId.column,
              value: conflict.externalId,
              message: 'A response with this external id exists in the wave with other answers',
            })),
            report(false, fileFacts, opened, tally),
          );
        }
        // Nothing new (the same file again): no import is kept, only the attempt is recorded in the audit trail.
        const kept = tally.created + replaced > 0;
        if (kept) await manager.update(ImportRecord, { id: record.id }, { created: tally.created, unchanged: tally.unchanged, replaced });
        else await manager.delete(ImportRecord, { id: record.id });
        // Into a closed wave: its frozen counts are rebuilt in this transaction.
        if (kept) await this.frozenCounts.refresh(manager, wave.id);
        await this.audit.record(
          actor,
          {
            action: kept ? 'import.committed' : 'import.unchanged',
            waveCode: wave.code,
            surveyId: wave.surveyId,
            details: {
              importId: kept ? record.id : null,
              fileName: fileFacts.fileName,
              fileSize: fileFacts.fileSize,
              fileSha256: fileFacts.fileSha256,
              format: opened.table.format,
              rows: tally.rows,
              created: tally.created,
              unchanged: tally.unchanged,
              replaced,
            },
          },
          manager,
        );
        return { importId: kept ? record.id : null, created: tally.created, unchanged: tally.unchanged, replaced };
      });
    });
    this.logger.log(
      committed.importId === null
        ? `Import into wave ${waveCode}: nothing new, ${committed.unchanged} unchanged`
        : `Import ${committed.importId} into wave ${waveCode}: ${committed.created} created, ${committed.unchanged} unchanged, ${committed.replaced} replaced`,
    );
    return committed;
  }

  /** The wave's imports, newest first (undone ones included, for the record). */
  async list(waveCode: string): Promise<ImportSummary[]> {
    const wave = await this.waves.findByCode(waveCode);
    const records = await this.dataSource.manager.find(ImportRecord, {
      where: { waveId: wave.id },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return (await this.withResponseCounts(records)).map(summaryOf);
  }

  async get(waveCode: string, importId: string): Promise<ImportSummary> {
    const wave = await this.waves.findByCode(waveCode);
    const record = await this.findRecord(this.dataSource.manager, wave, importId);
    const [withCount] = await this.withResponseCounts([record]);
    return summaryOf(withCount);
  }

  /** Takes one import back: exactly its responses are deleted (their cells with them); the record stays, marked undone. */
  async undo(actor: Actor, waveCode: string, importId: string): Promise<{ importId: string; removed: number }> {
    const removed = await this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.lockByCode(manager, waveCode);
      const record = await this.findRecord(manager, wave, importId);
      if (record.undoneAt !== null) {
        throw new ImportException(
          ErrorCode.IMPORT_ALREADY_UNDONE,
          `Import ${importId} was already undone at ${record.undoneAt.toISOString()}`,
        );
      }
      const count = await this.writer.removeImport(manager, record.id);
      await this.frozenCounts.refresh(manager, wave.id);
      await manager.update(
        ImportRecord,
        { id: record.id },
        { undoneAt: () => 'now()', undoneBy: actor.id, undoneByName: describeActor(actor) },
      );
      await this.audit.record(
        actor,
        {
          action: 'import.undone',
          waveCode: wave.code,
          surveyId: wave.surveyId,
          details: { importId: record.id, fileName: record.fileName, removed: count },
        },
        manager,
      );
      return count;
    });
    this.logger.log(`Import ${importId} of wave ${waveCode} undone: ${removed} responses removed`);
    return { importId, removed };
  }

  // ------------------------------------------------------------------ the pass

  /** Opens the file with the mapping (given or automatic), compiled for the wave's definition; closes it afterwards. */
  private async withSource<T>(
    wave: Wave,
    file: ImportFile,
    facts: FileFacts,
    options: ImportOptions,
    use: (opened: Omit<Pass, 'write'> & { automatic: boolean }) => Promise<T>,
  ): Promise<T> {
    const given = givenMapping(options.mapping);
    const definition = await this.definitions.compiledPinned(wave.surveyId, wave.version);
    const table = await openTable(file, facts, given, options.onProgress);
    try {
      const mapping = given ?? autoMapping(table.header, definition.codebook);
      if (mapping === null) {
        throw new ImportException(
          ErrorCode.IMPORT_MAPPING_REQUIRED,
          "The file is not a raw export of this service (columns response_id, status, completed_at and the questionnaire's item codes): " +
            'send a mapping of its columns',
          [
            {
              path: 'mapping',
              message: `columns of the file: ${table.header.slice(0, 50).join(', ')}${table.header.length > 50 ? ', …' : ''}`,
            },
          ],
        );
      }
      const compiled = compileMapping(mapping, definition.codebook, table.header, table.meta.valueLabels);
      if ('problems' in compiled) {
        throw new ImportException(
          ErrorCode.IMPORT_MAPPING_INVALID,
          'The mapping does not fit the file or the questionnaire',
          compiled.problems,
        );
      }
      return await use({ wave, definition, plan: compiled.plan, table, automatic: given === undefined });
    } finally {
      table.close();
    }
  }

  private async pass(pass: Pass): Promise<PassResult> {
    const { plan, table, definition } = pass;
    const tally = new ImportTally();
    const seen = new DuplicateTracker();
    const read = columnsRead(plan);
    let chunk: Array<ImportedResponse & { row: number }> = [];
    let replaced = 0;
    // A wave without imported responses has nothing to compare a row with (only imports give a response an external id,
    // a commit holds the wave's lock, and a repeat inside the file is refused by `seen`): no lookup per chunk then.
    const compare = await this.writer.holdsImported(pass.write?.manager ?? this.dataSource.manager, pass.wave.id);
    // A chunk is settled (looked up, written) while the next one is read and checked: the transaction's connection
    // runs one statement at a time, and reading no longer waits for it. At most one chunk is in flight, in file order.
    let settling: Promise<void> = Promise.resolve();
    const settleInTurn = async (rows: Array<ImportedResponse & { row: number }>): Promise<void> => {
      await settling;
      settling = this.settle(pass, tally, rows, compare).then((count) => void (replaced += count));
      // Its failure is thrown where it is awaited (the next chunk, the end or the catch below), not left unhandled.
      settling.catch(() => undefined);
    };
    try {
      for await (const source of table.rows) {
        const result = rowToAnswers(source, plan, seen);
        if (result.outcome === 'skipped') continue;
        tally.rows += 1;
        const errors = sourceProblems(source, plan, read);
        if (result.outcome === 'errors') errors.push(...result.errors);
        else if (errors.length === 0) {
          const details = validateAnswers(this.rules, definition, result.answers, result.status === 'completed');
          errors.push(...validationErrorsToCells(details, source, plan));
        }
        if (errors.length > 0 || result.outcome === 'errors') {
          tally.refuse(errors);
          continue;
        }
        tally.valid += 1;
        chunk.push({
          row: result.row,
          externalId: result.externalId,
          status: result.status === 'completed' ? ResponseStatus.Completed : ResponseStatus.Partial,
          answers: result.answers,
          completedAt: result.completedAt ?? completedByDefault(pass.wave),
        });
        if (chunk.length >= CHUNK_ROWS) {
          await settleInTurn(chunk);
          chunk = [];
        }
      }
      await settleInTurn(chunk);
      await settling;
    } catch (error) {
      // Nothing is left running on the transaction when the pass ends; a failed settle throws its own error here.
      await settling;
      if (!(error instanceof SourceReadError)) throw error;
      // The file stops being a table here: the rows before it are reported, the import refused.
      throw unreadable(error, tally);
    }
    return { tally, replaced };
  }

  /**
   * A chunk of valid rows against what the wave holds: new → created, same status and answers → unchanged,
   * otherwise a conflict (replaced when asked to). Written only in a commit that has had no error so far
   * (one error anywhere rolls everything back, so writing on would be wasted). Returns how many were replaced.
   */
  private async settle(
    pass: Pass,
    tally: ImportTally,
    chunk: Array<ImportedResponse & { row: number }>,
    compare: boolean,
  ): Promise<number> {
    if (chunk.length === 0) return 0;
    const manager = pass.write?.manager ?? this.dataSource.manager;
    const stored = compare
      ? await this.writer.existing(
          manager,
          pass.wave.id,
          chunk.map((response) => response.externalId),
        )
      : new Map<string, StoredImportedResponse>();
    const inserts: ImportedResponse[] = [];
    const replacing: Array<{ id: string; row: number; externalId: string }> = [];
    for (const response of chunk) {
      const existing = stored.get(response.externalId);
      if (existing === undefined) {
        tally.created += 1;
        inserts.push(response);
      } else if (responseFingerprint(existing.status, existing.answers) === responseFingerprint(response.status, response.answers)) {
        tally.unchanged += 1;
      } else {
        tally.conflict({ row: response.row, externalId: response.externalId });
        if (pass.write?.replaceConflicts) {
          replacing.push({ id: existing.id, row: response.row, externalId: response.externalId });
          inserts.push(response);
        }
      }
    }
    const write = pass.write;
    if (write === undefined || tally.errorCount > 0 || (tally.conflicts > 0 && !write.replaceConflicts)) return 0;
    await this.writer.remove(
      write.manager,
      replacing.map((replaced) => replaced.id),
    );
    await this.writer.insert(write.manager, pass.wave.id, write.importId, pass.definition.codebook, inserts);
    for (const replaced of replacing) {
      await this.audit.record(
        write.actor,
        {
          action: 'import.conflict-replaced',
          waveCode: pass.wave.code,
          surveyId: pass.wave.surveyId,
          details: { importId: write.importId, externalId: replaced.externalId, row: replaced.row },
        },
        write.manager,
      );
    }
    return replacing.length;
  }

  private async findRecord(manager: EntityManager, wave: Wave, importId: string): Promise<ImportRecord> {
    const record = UUID.test(importId) ? await manager.findOneBy(ImportRecord, { id: importId, waveId: wave.id }) : null;
    if (record === null) throw new ImportException(ErrorCode.IMPORT_NOT_FOUND, `Wave ${wave.code} has no import ${importId}`);
    return record;
  }

  /** The records with how many responses each still has (one grouped count). */
  private async withResponseCounts(records: ImportRecord[]): Promise<Array<{ record: ImportRecord; responses: number }>> {
    const counts = await this.writer.countByImport(
      this.dataSource.manager,
      records.map((record) => record.id),
    );
    return records.map((record) => ({ record, responses: counts.get(record.id) ?? 0 }));
  }
}

// ------------------------------------------------------------------ helpers

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FileFacts {
  fileName: string;
  fileSize: number;
  fileSha256: string;
}

/**
 * When the file does not say when a response was completed: the last second of the wave's fielding window (a past
 * wave's answers were given in it, and its progress chart ends there), or, for a wave without an end, the time of
 * the import (null here, `now()` in the statement).
 */
function completedByDefault(wave: Wave): Date | null {
  return wave.closesAt === null ? null : new Date(wave.closesAt.getTime() - 1000);
}

function assertImportable(wave: Wave): void {
  if (!IMPORTABLE.includes(wave.status)) {
    throw new ImportException(
      ErrorCode.IMPORT_WAVE_OPEN,
      `Wave ${wave.code} is open: import into a draft wave (a past wave is filled by import and then closed) or a closed one`,
    );
  }
}

/** Size and SHA-256 of the file, read once before the pass (a hash of what is imported, recorded and audited). */
async function factsOf(file: ImportFile): Promise<FileFacts> {
  const { size } = await stat(file.path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file.path)) hash.update(chunk as Buffer);
  return { fileName: cleanFileName(file.fileName), fileSize: size, fileSha256: hash.digest('hex') };
}

/** The last path segment, without control characters, at most 255 characters (the column's width). */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 255);
  return clean === '' ? 'datei' : clean;
}

function givenMapping(input: unknown): ImportMapping | undefined {
  if (input === undefined || input === null || (typeof input === 'string' && input.trim() === '')) return undefined;
  const parsed = parseMapping(input);
  if ('problems' in parsed) {
    throw new ImportException(ErrorCode.IMPORT_MAPPING_INVALID, 'The mapping is not valid', parsed.problems);
  }
  return parsed.mapping;
}

async function openTable(
  file: ImportFile,
  facts: FileFacts,
  mapping: ImportMapping | undefined,
  onProgress: ((progress: ImportProgress) => void) | undefined,
): Promise<SourceTable> {
  let bytesRead = 0;
  let table: SourceTable;
  try {
    table = await openSource({
      path: file.path,
      fileName: facts.fileName,
      sheet: mapping?.sheet,
      skipRows: mapping?.skipRows,
      onBytes: (bytes) => (bytesRead += bytes),
    });
  } catch (error) {
    if (error instanceof SourceReadError) throw unreadable(error);
    throw error;
  }
  if (onProgress === undefined) return table;
  const rowsOf = table.rows;
  // An XLSX is read by its zip directory, not front to back: its progress is in rows only.
  const bytes = () => (table.format === 'xlsx' ? null : bytesRead);
  let rows = 0;
  return {
    ...table,
    rows: {
      async *[Symbol.asyncIterator]() {
        for await (const row of rowsOf) {
          rows += 1;
          if (rows % CHUNK_ROWS === 0) onProgress({ rows, bytesRead: bytes(), totalBytes: facts.fileSize });
          yield row;
        }
        onProgress({ rows, bytesRead: table.format === 'xlsx' ? null : facts.fileSize, totalBytes: facts.fileSize });
      },
    },
  };
}

function unreadable(error: SourceReadError, tally?: ImportTally): ImportException {
  const row = error.row ?? 1;
  const fileError: CellError = { row, column: null, value: null, code: 'FILE_UNREADABLE', message: error.message };
  const errors = tally ? [...tally.errors.slice(0, 999), fileError] : [fileError];
  return new ImportException(ErrorCode.IMPORT_FILE_UNREADABLE, `The file cannot be read as a table: ${error.message}`, errors, {
    reason: error.code,
    ...(tally ? tally.counts() : {}),
  });
}

function report(dryRun: boolean, facts: FileFacts, opened: Omit<Pass, 'write'> & { automatic: boolean }, tally: ImportTally): ImportReport {
  return {
    dryRun,
    format: opened.table.format,
    ...facts,
    sheet: opened.table.meta.sheet ?? null,
    mapping: opened.plan.mapping,
    automaticMapping: opened.automatic,
    ...tally.counts(),
    unmappedColumns: opened.plan.unmappedColumns,
    errors: tally.errors,
    errorCount: tally.errorCount,
    conflictRows: tally.conflictRows,
  };
}

function summaryOf({ record, responses }: { record: ImportRecord; responses: number }): ImportSummary {
  return {
    id: record.id,
    fileName: record.fileName,
    fileSize: Number(record.fileSize),
    fileSha256: record.fileSha256,
    format: record.format,
    created: record.created,
    unchanged: record.unchanged,
    replaced: record.replaced,
    responses,
    createdBy: record.createdByName,
    createdAt: record.createdAt,
    undoneAt: record.undoneAt,
    undoneBy: record.undoneByName,
    mapping: record.mapping as unknown as ImportMapping,
  };
}
