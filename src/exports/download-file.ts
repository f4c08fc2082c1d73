import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';

/** The file formats of the export routes, named by the route's extension. */
export type ExportFormat = 'csv' | 'xlsx' | 'svg';
export type TableFormat = Exclude<ExportFormat, 'svg'>;

/** An export ready to download: whole (aggregates, charts) or streamed (raw data). */
export interface DownloadFile {
  filename: string;
  contentType: string;
  content: Buffer | Readable;
}

/** A file name that is safe in a Content-Disposition header and on every file system. */
export function safeFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** The file as a Nest download: Content-Type, `attachment; filename="…"`, and the stream piped to the response. */
export function asDownload(file: DownloadFile): StreamableFile {
  const options = { type: file.contentType, disposition: `attachment; filename="${safeFilename(file.filename)}"` };
  return Buffer.isBuffer(file.content)
    ? new StreamableFile(file.content, { ...options, length: file.content.length })
    : new StreamableFile(file.content, options);
}
