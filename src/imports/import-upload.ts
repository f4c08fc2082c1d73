/**
 * Where an uploaded import file waits while it is read: a temporary file under DATA_DIR/imports/uploads, written by
 * multer while the request streams in (never the whole file in memory), deleted when the request is done.
 */
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { diskStorage } from 'multer';
import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface';

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
    limits: { fileSize: IMPORT_UPLOAD_LIMIT_BYTES, files: 1, fields: 5, fieldSize: 1024 * 1024 + 1024, parts: 8 },
  };
}

/** Removes the temporary file of an upload (already gone is fine). */
export async function removeUpload(path: string | undefined): Promise<void> {
  if (path !== undefined) await rm(path, { force: true });
}
