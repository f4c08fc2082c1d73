import { ConfigService } from '@nestjs/config';
import { Command, CommandRunner } from 'nest-commander';
import { EnvironmentVariables } from '../config/env.validation';
import { diffRows, formatDiffTable } from './definition-diff';
import { definitionFilesUnder, privacyNoticeFilesUnder, readDefinitionFile, readPrivacyNoticeFile } from './definition-files';
import { formatProblem } from './definition-validation';
import { DefinitionsService } from './definitions.service';

@Command({
  name: 'definitions:validate',
  arguments: '[path]',
  description:
    'Validate a definition file, or every .json and privacy.md under a folder (default: DEFINITIONS_DIR); exit code 1 on problems',
})
export class DefinitionsValidateCommand extends CommandRunner {
  /** The configuration only: validating files needs no database (the CLI starts none for this command). */
  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {
    super();
  }

  async run([path]: string[]): Promise<void> {
    const root = path ?? this.config.get('DEFINITIONS_DIR', { infer: true });
    const files = definitionFilesUnder(root);
    let problems = 0;
    for (const file of files) {
      const found = readDefinitionFile(file).problems;
      problems += found.length;
      process.stdout.write(found.length === 0 ? `OK ${file}\n` : found.map((problem) => `${file}: ${formatProblem(problem)}\n`).join(''));
    }
    for (const file of privacyNoticeFilesUnder(root)) {
      const found = readPrivacyNoticeFile(file).problems;
      problems += found.length;
      process.stdout.write(
        found.length === 0 ? `OK ${file}\n` : found.map((problem) => `${file}: Zeile ${problem.line}: ${problem.message}\n`).join(''),
      );
    }
    if (files.length === 0) process.stdout.write('No definition files found.\n');
    if (problems > 0) {
      process.stdout.write(`${problems} ${problems === 1 ? 'problem' : 'problems'}.\n`);
      process.exitCode = 1;
    }
  }
}

@Command({
  name: 'definitions:sync',
  description: 'Load every definition of DEFINITIONS_DIR into the database (as at start-up) and print what changed',
})
export class DefinitionsSyncCommand extends CommandRunner {
  constructor(private readonly definitions: DefinitionsService) {
    super();
  }

  async run(): Promise<void> {
    const synced = await this.definitions.syncDefinitionFiles();
    if (synced.length === 0) process.stdout.write(`No definitions in ${this.definitions.definitionsDir()}.\n`);
    for (const entry of synced) {
      process.stdout.write(`${entry.surveyId} ${entry.version}: ${entry.result} (${entry.file}, ${entry.hash.slice(0, 12)})\n`);
    }
  }
}

@Command({
  name: 'definitions:diff',
  arguments: '<surveyId> <from> <to>',
  description: 'Print what changed between two versions: kind | question | item | detail',
})
export class DefinitionsDiffCommand extends CommandRunner {
  constructor(private readonly definitions: DefinitionsService) {
    super();
  }

  async run([surveyId, from, to]: string[]): Promise<void> {
    const diff = await this.definitions.diff(surveyId, from, to);
    process.stdout.write(`${surveyId}: ${from} → ${to}\n\n${formatDiffTable(diffRows(diff))}`);
  }
}
