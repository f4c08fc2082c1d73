/**
 * One import measured in a fresh process (spawned by bench/run.ts, phase "import"), against the bench's own database
 * (DATABASE_URL of the bench's embedded PostgreSQL; never a user's DATA_DIR or port 54329):
 *   node -r ts-node/register/transpile-only bench/import-child.ts commit  <file> <wave> [surveyId] [version]
 *   node -r ts-node/register/transpile-only bench/import-child.ts profile <file> <wave> [surveyId] [version]
 * `commit` creates the draft wave and imports the file through ImportsService.commit (one transaction) as the system.
 * `profile` splits where the time of a dry run goes: reading, mapping (rowToAnswers), validateAnswers (SurveyJS),
 * and the service's dry run as a whole (adds the reader issues and the existing-id lookup per chunk of 1000).
 * Prints one line of JSON on stdout. The compiled service (dist/, `npm run build`) is loaded, as the CLI runs it.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const DIST = join(__dirname, '..', 'dist', 'src');
const load = <T>(module: string): T => require(join(DIST, module)) as T;
const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
const { CoreModule } = load<typeof import('../src/core.module')>('core.module');
const { SYSTEM_ACTOR } = load<typeof import('../src/auth/actor')>('auth/actor');
const { WavesService } = load<typeof import('../src/waves/waves.service')>('waves/waves.service');
const { DefinitionsService } = load<typeof import('../src/definitions/definitions.service')>('definitions/definitions.service');
const { ImportsService } = load<typeof import('../src/imports/imports.service')>('imports/imports.service');
const { openSource } = load<typeof import('../src/imports/readers')>('imports/readers');
const { autoMapping } = load<typeof import('../src/imports/mapping')>('imports/mapping');
const rowAnswers = load<typeof import('../src/imports/row-answers')>('imports/row-answers');
const { validateAnswers } = load<typeof import('../src/responses/answer-validation')>('responses/answer-validation');
const { SurveyRules } = load<typeof import('../src/responses/survey-rules')>('responses/survey-rules');
/* eslint-enable @typescript-eslint/no-require-imports */

/** VmRSS and VmHWM (peak resident set of this process so far) in MB. */
function memory(): { rssMb: number; hwmMb: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** Peak RSS while `work` runs, sampled every 20 ms (the import awaits between chunks, so the timer gets its turn). */
async function sampled<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = memory().rssMb;
  const timer = setInterval(() => (peak = Math.max(peak, memory().rssMb)), 20);
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, memory().rssMb);
    return { result, seconds, peakRssMb: peak };
  } finally {
    clearInterval(timer);
  }
}

async function draftWave(app: INestApplicationContext, code: string, surveyId: string, version: string): Promise<void> {
  await app.get(WavesService).create(SYSTEM_ACTOR, { code, title: `Bench ${code}`, surveyId, version });
}

async function commit(app: INestApplicationContext, file: string, wave: string): Promise<object> {
  const before = memory();
  const { result, seconds, peakRssMb } = await sampled(() =>
    app.get(ImportsService).commit(SYSTEM_ACTOR, wave, { path: file, fileName: basename(file) }),
  );
  return {
    created: result.created,
    seconds,
    rssBeforeMb: before.rssMb,
    peakRssMb,
    hwmBeforeMb: before.hwmMb,
    hwmAfterMb: memory().hwmMb,
  };
}

async function profile(app: INestApplicationContext, file: string, wave: string, surveyId: string, version: string): Promise<object> {
  const definition = await app.get(DefinitionsService).compiledPinned(surveyId, version);
  const rules = new SurveyRules();
  const seconds: Record<string, number> = {};
  let rows = 0;
  for (const step of ['read', 'map', 'validate'] as const) {
    const started = performance.now();
    const table = await openSource({ path: file, fileName: basename(file) });
    const mapping = autoMapping(table.header, definition.codebook);
    if (mapping === null) throw new Error('not a raw export');
    const compiled = rowAnswers.compileMapping(mapping, definition.codebook, table.header, table.meta.valueLabels);
    if ('problems' in compiled) throw new Error(JSON.stringify(compiled.problems));
    const seen = new rowAnswers.DuplicateTracker();
    rows = 0;
    for await (const row of table.rows) {
      rows += 1;
      if (step === 'read') continue;
      const result = rowAnswers.rowToAnswers(row, compiled.plan, seen);
      if (step === 'validate' && result.outcome === 'answers') {
        validateAnswers(rules, definition, result.answers, result.status === 'completed');
      }
    }
    seconds[step] = (performance.now() - started) / 1000;
  }
  const started = performance.now();
  const report = await app.get(ImportsService).dryRun(wave, { path: file, fileName: basename(file) });
  seconds.dryRun = (performance.now() - started) / 1000;
  return { rows, valid: report.valid, errorCount: report.errorCount, seconds };
}

async function main(): Promise<void> {
  const [mode, file, wave, surveyId = 'ki-mittelstand', version = '2023'] = process.argv.slice(2);
  const app = await NestFactory.createApplicationContext(CoreModule, { logger: ['error', 'warn'] });
  try {
    await draftWave(app, wave, surveyId, version);
    const result = mode === 'profile' ? await profile(app, file, wave, surveyId, version) : await commit(app, file, wave);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  const errors = (error as { errors?: unknown[] }).errors;
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${errors ? JSON.stringify(errors.slice(0, 5)) : ''}\n`);
  process.exitCode = 1;
});
