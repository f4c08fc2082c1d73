/**
 * Where an uploaded import file waits while it is read: a temporary file under DATA_DIR/imports/uploads, written by
 * multer while the request streams in (never the whole file in memory), deleted when the request is done.
 */
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface';
import type { Request } from 'express';
import { diskStorage } from 'multer';
import { mkdirSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finalize, Observable } from 'rxjs';
import type { EnvironmentVariables } from '../config/env.validation';

/** The largest file an import takes: a wave of 100,000 rows × 60 items is about 35 MB as CSV. */
export const IMPORT_UPLOAD_LIMIT_BYTES = 200 * 1024 * 1024;

export function importUploadDirectory(dataDir: string): string {
  return join(dataDir, 'imports', 'uploads');
}

export function importUploadOptions(dataDir: string): MulterOptions {
  const destination = importUploadDirectory(dataDir);
  return {
    storage: diskStorage({
      destination: (_request, _file, done) => {
        try {
          mkdirSync(destination, { recursive: true });
          done(null, destination);
        } catch (error) {
          done(error as Error, destination);
        }
      },
    }),
    // File names as browsers and curl send them (UTF-8), not Latin-1.
    defParamCharset: 'utf8',
    limits: { fileSize: IMPORT_UPLOAD_LIMIT_BYTES, files: 2, fields: 5, fieldSize: 1024 * 1024 + 1024, parts: 8 },
  };
}

/** Removes the temporary file of an upload (already gone is fine). */
export async function removeUpload(path: string | undefined): Promise<void> {
  if (path !== undefined) await rm(path, { force: true });
}

/** Uploads nobody finished with are removed after this long (a crash between upload and the end of the request). */
export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

/** Removes the files (not folders) of `directory` last written before `before`; a missing folder is fine. Their names. */
export async function removeFilesOlderThan(directory: string, before: number): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const path = join(directory, name);
    const facts = await stat(path).catch(() => undefined);
    if (facts?.isFile() && facts.mtimeMs < before) {
      await rm(path, { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/**
 * On the API's upload route, after the file interceptor: the uploaded file is removed when the request is done,
 * whatever happened (also when the query or form fields are refused before the handler runs), and uploads older
 * than a day (left by a crash) go too.
 */
@Injectable()
export class RemoveUploadInterceptor implements NestInterceptor {
  private readonly directory: string;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.directory = importUploadDirectory(config.get('DATA_DIR', { infer: true }));
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      finalize(() => {
        const parts = Object.values((request.files ?? {}) as Record<string, Express.Multer.File[]>).flat();
        for (const part of [request.file, ...parts]) void removeUpload(part?.path);
        void removeFilesOlderThan(this.directory, Date.now() - STALE_UPLOAD_MS);
      }),
    );
  }
}
