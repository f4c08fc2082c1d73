import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SYSTEM_ACTOR } from '../auth/actor';
import { ErrorCode } from '../common/error-code';
import type { CellValue } from './cell-safety';
import { CsvDialect } from './csv-dialect';
import { DownloadFile, ExportFormat, TableFormat } from './download-file';
import { WaveException } from '../waves/wave.exception';
import { DataExportsService, RawExport, RawExportOptions } from './raw/data-exports.service';
import { ReportExportsService } from './report-exports.service';

interface ExportOptions {
  format?: CsvDialect;
  labels?: boolean;
  includePartial?: boolean;
  waves?: string[];
}

const USAGE = 'results:<wave>, trends:<survey>, figure:<survey>:<figure>, responses:<wave or survey>, codebook:<survey>:<version>';

/** The format from the file's extension, if the export offers it. */
export function formatOfFile(file: string, allowed: ExportFormat[]): ExportFormat {
  const extension = extname(file).slice(1).toLowerCase();
  const format = allowed.find((candidate) => candidate === extension);
  if (!format) throw new Error(`The file must end in ${allowed.map((candidate) => `.${candidate}`).join(' or ')}: ${file}`);
  return format;
}

@Command({
  name: 'export',
  arguments: '<what> <file>',
  description: `Write an export to a file, the format from its extension (.csv, .xlsx, .svg): ${USAGE}`,
})
export class ExportCommand extends CommandRunner {
  constructor(
    private readonly reports: ReportExportsService,
    private readonly data: DataExportsService,
  ) {
    super();
  }

  async run([what, file]: string[], flags: ExportOptions): Promise<void> {
    const options = {
      format: flags.format ?? CsvDialect.Excel,
      labels: flags.labels ?? false,
      partial: flags.includePartial ?? false,
      waves: flags.waves,
    };
    const [kind, first, second, ...rest] = what.split(':');
    const arity = kind === 'figure' || kind === 'codebook' ? 2 : 1;
    if (!first || (arity === 2 && !second) || (arity === 1 && second !== undefined) || rest.length > 0) {
      throw new Error(`Unknown export "${what}": use ${USAGE}`);
    }
    const tableFormat = () => formatOfFile(file, ['csv', 'xlsx']) as TableFormat;
    switch (kind) {
      case 'results':
        return this.write(file, await this.reports.waveResults(first, tableFormat(), options.format));
      case 'trends':
        return this.write(file, await this.reports.trends(first, options.waves, tableFormat(), options.format));
      case 'figure':
        return this.write(file, await this.reports.figure(first, second, formatOfFile(file, ['csv', 'xlsx', 'svg']), options.format));
      case 'codebook':
        return this.write(file, await this.data.codebook(first, second, tableFormat(), options.format));
      case 'responses':
        return this.writeRaw(
          file,
          await this.rawExport(first, { includePartial: options.partial, labels: options.labels }),
          tableFormat(),
          options.format,
        );
      default:
        throw new Error(`Unknown export "${what}": use ${USAGE}`);
    }
  }

  /** A wave's raw data, or, when no wave has that code, every wave of the survey of that id. */
  private async rawExport(code: string, options: RawExportOptions): Promise<RawExport> {
    try {
      return await this.data.waveResponses(SYSTEM_ACTOR, code, options);
    } catch (error) {
      if (error instanceof WaveException && error.code === ErrorCode.WAVE_NOT_FOUND)
        return this.data.surveyResponses(SYSTEM_ACTOR, code, options);
      throw error;
    }
  }

  private async write(file: string, download: DownloadFile): Promise<void> {
    if (Buffer.isBuffer(download.content)) await writeFile(file, download.content);
    else await pipeline(download.content, createWriteStream(file));
    process.stderr.write(`Wrote ${file}\n`);
  }

  /** Streams the rows to the file with a progress bar on stderr (total counted first). */
  private async writeRaw(file: string, raw: RawExport, format: TableFormat, dialect: CsvDialect): Promise<void> {
    const total = await raw.count();
    const bar = new SingleBar(
      {
        stream: process.stderr,
        format: 'Antworten [{bar}] {value}/{total} | {duration_formatted}',
        noTTYOutput: true,
        notTTYSchedule: 1000,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    let done = 0;
    async function* counted(rows: AsyncIterable<CellValue[]>): AsyncGenerator<CellValue[]> {
      for await (const row of rows) {
        done += 1;
        if (done > total) bar.setTotal(done);
        bar.update(done);
        yield row;
      }
    }
    try {
      const download = this.data.rawFile(raw, format, dialect, counted(raw.rows()));
      await pipeline(download.content as Readable, createWriteStream(file));
    } finally {
      bar.stop();
    }
    process.stderr.write(`Wrote ${file}\n`);
  }

  @Option({
    flags: '--format <dialect>',
    description: 'CSV dialect: excel (";", decimal comma, BOM; default) or plain (",", decimal point)',
  })
  parseFormat(value: string): CsvDialect {
    const dialects: string[] = Object.values(CsvDialect);
    if (!dialects.includes(value)) throw new Error('--format must be excel or plain');
    return value as CsvDialect;
  }

  @Option({ flags: '--labels', description: 'Raw data: answer labels instead of codes' })
  parseLabels(): boolean {
    return true;
  }

  @Option({ flags: '--include-partial', description: 'Raw data: add the partial responses' })
  parsePartial(): boolean {
    return true;
  }

  @Option({ flags: '--waves <codes>', description: 'Trends: comma-separated wave codes, in this order' })
  parseWaves(value: string): string[] {
    return value
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean);
  }
}
