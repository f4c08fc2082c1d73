import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { SYSTEM_ACTOR } from '../auth/actor';
import { ImportException } from '../imports/import.exception';
import { ImportProgress, ImportsService } from '../imports/imports.service';
import { committedText, dryRunText, refusedText, wouldBeRefused } from './import-output';

interface ImportFlags {
  mapping?: string;
  dryRun?: boolean;
  replaceConflicts?: boolean;
}

/** A file the command reads, or a clear message (no stack) when it is not there. */
async function existingFile(path: string, what: string): Promise<string> {
  const full = resolve(path);
  const facts = await stat(full).catch(() => null);
  if (facts === null) throw new Error(`${what} not found: ${path}`);
  if (!facts.isFile()) throw new Error(`${what} is not a file: ${path}`);
  return full;
}

/**
 * `cli import <wave> <file>`: the same import as POST /api/waves/:code/imports (dry run, commit in one
 * transaction, conflicts), run as the system (the CLI has no staff login; the audit names "system").
 * Progress on stderr only at a terminal; the report or result on stdout; a refusal on stderr with exit code 1.
 */
@Command({
  name: 'import',
  arguments: '<wave> <file>',
  description:
    "Import a file of an earlier wave (CSV, XLSX, SPSS .sav) into a draft or closed wave; without --mapping the file must be this service's own raw export",
})
export class ImportCommand extends CommandRunner {
  constructor(private readonly imports: ImportsService) {
    super();
  }

  async run([waveCode, path]: string[], flags: ImportFlags): Promise<void> {
    const file = { path: await existingFile(path, 'File'), fileName: basename(path) };
    const mapping = flags.mapping === undefined ? undefined : await readFile(await existingFile(flags.mapping, 'Mapping file'), 'utf8');
    const replaceConflicts = flags.replaceConflicts === true;
    const progress = progressBar();
    try {
      if (flags.dryRun) {
        const report = await this.imports.dryRun(waveCode, file, { mapping, replaceConflicts, onProgress: progress.update });
        progress.stop();
        process.stdout.write(dryRunText(waveCode, report, replaceConflicts));
        if (wouldBeRefused(report, replaceConflicts)) process.exitCode = 1;
        return;
      }
      const result = await this.imports.commit(SYSTEM_ACTOR, waveCode, file, { mapping, replaceConflicts, onProgress: progress.update });
      progress.stop();
      process.stdout.write(committedText(waveCode, file.fileName, result));
    } catch (error) {
      progress.stop();
      if (!(error instanceof ImportException)) throw error;
      const total = (error.extra as { errorCount?: unknown } | undefined)?.errorCount;
      process.stderr.write(refusedText(error.message, error.errors, typeof total === 'number' ? total : undefined));
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--mapping <file>', description: 'The mapping of the file (JSON); not needed for a raw export of this service' })
  parseMapping(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'Only check the file and report what an import would do; store nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({
    flags: '--replace-conflicts',
    description: 'Replace stored responses whose external id comes again with other answers (each one audited)',
  })
  parseReplaceConflicts(): boolean {
    return true;
  }
}

/** Rows and megabytes read, on stderr, only at a terminal (a script's log gets the result alone). */
function progressBar(): { update: (progress: ImportProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'Import [{bar}] {percentage}% | {rows} rows | {megabytes} MB | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return {
    update: ({ rows, bytesRead, totalBytes }) => {
      // An XLSX is read by its zip directory, not front to back: only its rows count up (the bar stays at 0 % until the end).
      const read = bytesRead === null ? 0 : Math.min(bytesRead, totalBytes);
      const payload = { rows, megabytes: `${bytesRead === null ? '?' : megabytes(bytesRead)}/${megabytes(totalBytes)}` };
      if (!started) {
        bar.start(Math.max(totalBytes, 1), read, payload);
        started = true;
      } else bar.update(read, payload);
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
