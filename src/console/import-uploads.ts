import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConsoleSession } from '../auth/staff-sessions.service';
import { Clock } from '../common/clock';
import { EnvironmentVariables } from '../config/env.validation';
import { removeFilesOlderThan } from '../imports/import-upload';
import type { ImportReport } from '../imports/imports.service';
import { consoleImportDirectory } from './import-upload-body';

/** Uploaded files not committed are removed at the next upload once they are this old. */
export const KEPT_UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** A file uploaded in the console, kept on disk between the dry run and the commit. */
export interface KeptUpload {
  id: string;
  /** The file on disk. */
  path: string;
  /** The person's name for the file. */
  fileName: string;
  fileSize: number;
  uploadedAt: string;
  /** The mapping text of the last check ('' = automatic: the service's own raw export). */
  mapping: string;
  /** The last dry run's report, when it ran through. */
  report: ImportReport | null;
}

type KeptFacts = Omit<KeptUpload, 'path'>;

/**
 * The console keeps an uploaded import file so that the person checks it (dry run), perhaps with another mapping,
 * and then commits it without uploading it again. No table: the file and a small JSON beside it live in
 * DATA_DIR/imports/uploads/console, named `<owner>-<random id>`, where the owner is a hash of the console
 * session's id. Only the session that uploaded a file finds it (another session, even of the same person,
 * gets "not found"). A file is removed after its commit; one never committed is removed by the first upload
 * (of anyone) after it is 24 hours old.
 */
@Injectable()
export class ConsoleImportUploads {
  private readonly logger = new Logger(ConsoleImportUploads.name);
  private readonly directory: string;

  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    private readonly clock: Clock,
  ) {
    this.directory = consoleImportDirectory(config.get('DATA_DIR', { infer: true }));
  }

  /** Takes over the temporary file of an upload (moved, so the request's clean-up no longer removes it). */
  async keep(session: ConsoleSession, file: Express.Multer.File): Promise<KeptUpload> {
    await this.removeOld();
    const id = randomBytes(16).toString('hex');
    const facts: KeptFacts = {
      id,
      fileName: file.originalname,
      fileSize: file.size,
      uploadedAt: this.clock.now().toISOString(),
      mapping: '',
      report: null,
    };
    const base = this.base(session, id);
    await mkdir(this.directory, { recursive: true });
    await rename(file.path, `${base}.upload`);
    await writeFile(`${base}.json`, JSON.stringify(facts));
    return { ...facts, path: `${base}.upload` };
  }

  /** The session's kept upload of this id, or undefined (unknown, another session's, removed). */
  async find(session: ConsoleSession, id: string): Promise<KeptUpload | undefined> {
    if (!UPLOAD_ID.test(id)) return undefined;
    const base = this.base(session, id);
    try {
      const facts = JSON.parse(await readFile(`${base}.json`, 'utf8')) as KeptFacts;
      await stat(`${base}.upload`);
      return { ...facts, id, path: `${base}.upload` };
    } catch {
      return undefined;
    }
  }

  /** Records the mapping and the report of the latest check. */
  async update(session: ConsoleSession, upload: KeptUpload, change: { mapping: string; report: ImportReport | null }): Promise<void> {
    const { path: _path, ...facts } = upload;
    await writeFile(`${this.base(session, upload.id)}.json`, JSON.stringify({ ...facts, ...change }));
  }

  /** Removes the file and its facts (after the commit). */
  async discard(session: ConsoleSession, id: string): Promise<void> {
    const base = this.base(session, id);
    await rm(`${base}.upload`, { force: true });
    await rm(`${base}.json`, { force: true });
  }

  /** Files of the folder older than 24 hours (kept uploads nobody committed, leftovers of a crash). */
  private async removeOld(): Promise<void> {
    try {
      await removeFilesOlderThan(this.directory, this.clock.now().getTime() - KEPT_UPLOAD_MAX_AGE_MS);
    } catch (error) {
      this.logger.warn({ err: error }, 'Old import uploads could not be removed');
    }
  }

  private base(session: ConsoleSession, id: string): string {
    const owner = createHash('sha256').update(`console-import:${session.id}`).digest('hex').slice(0, 32);
    return join(this.directory, `${owner}-${id}`);
  }
}
