/**
 * `npm run bench`: submission throughput against its SQL floor, analysis and export of large waves,
 * start-up time. Loopback only; every loop is bounded in count and in time. Each table is printed and
 * appended, with date, commit and machine, to bench/RESULTS.md. Benchmarks report, they do not fail.
 */
import autocannon from 'autocannon';
import { execFile, execSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Pool } from 'pg';
import { completeAnswers2023, ELEMENTS_2023 } from '../test/slow/support/answers';
import { createServiceProcess, openWaveWithInvitations, ServiceProcess } from '../test/slow/support/service-process';
import { CREATE_RESPONSE_SQL } from '../src/responses/response-writer';

const RESULTS = process.env.BENCH_RESULTS ?? join(__dirname, 'RESULTS.md');
const WAVE_SIZES = (process.env.BENCH_WAVES ?? '10000,100000').split(',').map(Number);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 3000);
const PHASE_LIMIT_MS = 180_000;
const SERVICE_POOL = 20; // extra.max of src/database/typeorm-options.ts
/** `BENCH_ONLY=import npm run bench`: only the synthetic waves and the import phase (a few minutes instead of the whole bench). */
const ONLY = process.env.BENCH_ONLY;
/** Formats the import phase reads (the service's own raw export of the synthetic waves). */
const IMPORT_FORMATS = (process.env.BENCH_IMPORT_FORMATS ?? 'csv,xlsx').split(',');

type Row = Array<string | number>;

function table(title: string, header: string[], rows: Row[]): string {
  const lines = [
    `### ${title}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ];
  return lines.join('\n');
}

function report(title: string, header: string[], rows: Row[], notes: string[] = []): void {
  const load = `Load average at the end: ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ')} (1/5/15 min; above the ${cpus().length} cores means other work shared the machine).`;
  const text = `${table(title, header, rows)}${[...notes, load].map((note) => `${note}\n`).join('')}\n`;
  process.stdout.write(`\n${text}`);
  appendFileSync(RESULTS, text);
}

function machine(): string {
  const commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  return `## Run of ${new Date().toISOString()} at ${commit} — ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${memory} RAM, Node ${process.version}\n\n`;
}

const ms = (value: number) => value.toFixed(1);
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

/** Peak resident memory of a process while `work` runs, sampled from /proc every 25 ms. */
async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb);
    } catch {
      // the process is gone
    }
  };
  sample();
  const timer = setInterval(sample, 25);
  try {
    const result = await work();
    sample();
    return { result, peakMb: peak / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** True when the route itself is missing (Nest's own 404 without an error code), not just the thing it names. */
async function routeMissing(service: ServiceProcess, path: string): Promise<boolean> {
  const response = await fetch(`${service.baseUrl}${path}`, { headers: { authorization: `Bearer ${service.adminToken}` } });
  const text = await response.text();
  return response.status === 404 && !/"code"\s*:/.test(text);
}

async function timed(
  service: ServiceProcess,
  path: string,
  repeat: number,
  headers: Record<string, string> = { authorization: `Bearer ${service.adminToken}` },
): Promise<{ medianMs: number; bytes: number; status: number }> {
  const times: number[] = [];
  let bytes = 0;
  let status = 0;
  for (let run = 0; run < repeat; run += 1) {
    const started = performance.now();
    const response = await fetch(`${service.baseUrl}${path}`, {
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(PHASE_LIMIT_MS),
    });
    const body = await response.arrayBuffer();
    times.push(performance.now() - started);
    bytes = body.byteLength;
    status = response.status;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], bytes, status };
}

// ---------------------------------------------------------------- submission

async function submissionThroughput(
  service: ServiceProcess,
  connections: number,
): Promise<{ perSecond: number; p50: number; p99: number; errors: number }> {
  const tokens = await openWaveWithInvitations(service, `bench-submit-${connections}`, SUBMISSIONS);
  const bodies = tokens.map((_, index) => JSON.stringify({ answers: completeAnswers2023(index), complete: true }));
  let next = 0;
  let stop: NodeJS.Timeout | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: service.baseUrl,
        connections,
        amount: SUBMISSIONS,
        timeout: 30,
        requests: [
          {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => {
              const index = next;
              next += 1;
              return { ...request, path: `/api/respond/${tokens[index % tokens.length]}`, body: bodies[index % bodies.length] };
            },
          },
        ],
      },
      (error: Error | null | undefined, finished) => (error ? reject(error) : resolve(finished)),
    );
    stop = setTimeout(() => instance.stop(), PHASE_LIMIT_MS);
  });
  clearTimeout(stop);
  return {
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

interface FloorContext {
  invitationId: string;
  waveId: string;
  waveCode: string;
}

/** The same SQL a completion costs (the token lookup, then the one statement of ResponseWriter.create) through plain pg. */
async function submissionFloor(
  service: ServiceProcess,
  connections: number,
): Promise<{ perSecond: number; p50: number; p99: number; errors: number }> {
  const tokens = await openWaveWithInvitations(service, `bench-floor-${connections}`, SUBMISSIONS);
  const pool = new Pool({ connectionString: service.databaseUrl(), max: SERVICE_POOL });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + PHASE_LIMIT_MS;
  const started = performance.now();
  const worker = async () => {
    while (next < tokens.length && performance.now() < deadline) {
      const index = next;
      next += 1;
      const answers = completeAnswers2023(index);
      const rows = floorRows(answers);
      const begun = performance.now();
      try {
        const { rows: contexts } = await pool.query<FloorContext>(
          `SELECT i.id AS "invitationId", w.id AS "waveId", w.code AS "waveCode", w.title, w.status, w.opens_at, w.closes_at, w.survey_id, w.version, d.hash,
                  r.id AS "responseId", r.status AS "responseStatus", r.revision, r.answers
             FROM invitations i JOIN waves w ON w.id = i.wave_id
             JOIN definition_versions d ON d.survey_id = w.survey_id AND d.version = w.version
             LEFT JOIN responses r ON r.invitation_id = i.id
            WHERE i.token_hash = encode(sha256($1::bytea), 'hex')`,
          [tokens[index]],
        );
        const context = contexts[0];
        const { rows: saved } = await pool.query(CREATE_RESPONSE_SQL, [
          context.waveId,
          context.invitationId,
          'completed',
          JSON.stringify(answers),
          rows.map((row) => row[0]),
          rows.map((row) => row[1]),
          rows.map((row) => row[2]),
          rows.map((row) => row[3]),
          rows.map((row) => row[4]),
          new Date(),
          'completed',
        ]);
        if (saved.length !== 1) throw new Error('not saved');
        latencies.push(performance.now() - begun);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? 0;
  return { perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors };
}

function floorRows(answers: Record<string, unknown>): Array<[string, string, string | null, string | null, boolean]> {
  const rows: Array<[string, string, string | null, string | null, boolean]> = [];
  for (const [question, answer] of Object.entries(answers)) {
    if (answer !== null && typeof answer === 'object') {
      Object.entries(answer).forEach(([item, value], position) => rows.push([question, item, String(value), null, position === 0]));
    } else if (typeof answer === 'string' && ELEMENTS_2023.find((element) => element.name === question)?.type !== 'radiogroup') {
      rows.push([question, question, null, answer, true]);
    } else {
      rows.push([question, question, String(answer), null, true]);
    }
  }
  return rows;
}

// ---------------------------------------------------------------- synthetic waves

/** A wave of `count` completed responses written straight into invitations, responses and answers with INSERT … SELECT generate_series. */
async function syntheticWave(
  service: ServiceProcess,
  pool: Pool,
  code: string,
  count: number,
): Promise<{ waveId: string; seconds: number; answerRows: number }> {
  await openWaveWithInvitations(service, code, 0);
  const started = performance.now();
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM waves WHERE code = $1', [code]);
  const waveId = rows[0].id;
  const items = ELEMENTS_2023.flatMap((element) => {
    if (element.type === 'matrix') {
      const columns = (element.columns ?? []).map((column) => String(typeof column === 'object' ? column.value : column));
      return (element.rows ?? []).map((row, position) => ({
        q: element.name,
        i: String(typeof row === 'object' ? row.value : row),
        choices: columns.join(','),
        first: position === 0,
        text: false,
      }));
    }
    if (element.type === 'radiogroup') {
      const choices = (element.choices ?? []).map((choice) => String(typeof choice === 'object' ? choice.value : choice));
      return [
        {
          q: element.name,
          i: element.name,
          choices: element.name === 'rolle' ? 'ki_trainer' : choices.join(','),
          first: true,
          text: false,
        },
      ];
    }
    return element.name === 'zentrum' ? [{ q: element.name, i: element.name, choices: '', first: true, text: true }] : [];
  });
  await pool.query(
    `WITH inv AS (
       INSERT INTO invitations (wave_id, token_hash, status)
       SELECT $1, md5($3 || g::text) || md5(g::text || $3), 'completed' FROM generate_series(1, $2::int) g RETURNING id)
     INSERT INTO responses (wave_id, invitation_id, status, answers, revision, completed_at)
     SELECT $1, id, 'completed', '{}'::jsonb, 1, now() FROM inv`,
    [waveId, count, code],
  );
  const inserted = await pool.query(
    `INSERT INTO answers (response_id, wave_id, question_code, item_code, value, text, completed, question_first)
     SELECT r.id, r.wave_id, q.q, q.i,
            CASE WHEN q.t THEN NULL ELSE (string_to_array(q.c, ','))[1 + abs(hashtext(r.id::text || q.i)) % cardinality(string_to_array(q.c, ','))] END,
            CASE WHEN q.t THEN 'Zentrum ' || (abs(hashtext(r.id::text)) % 26)::text END,
            true, q.f
       FROM responses r
       CROSS JOIN unnest($2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[]) AS q(q, i, c, f, t)
      WHERE r.wave_id = $1`,
    [
      waveId,
      items.map((item) => item.q),
      items.map((item) => item.i),
      items.map((item) => item.choices),
      items.map((item) => item.first),
      items.map((item) => item.text),
    ],
  );
  // The JSONB of each response, built from its rows (levels as numbers, as the questionnaire sends them).
  await pool.query(
    `UPDATE responses r SET answers = doc.answers
       FROM (SELECT response_id, jsonb_object_agg(question_code, answer) AS answers
               FROM (SELECT response_id, question_code,
                            CASE WHEN bool_and(question_code = item_code) THEN (array_agg(to_jsonb(coalesce(value, text))))[1]
                                 ELSE jsonb_object_agg(item_code, CASE WHEN value ~ '^[0-9]$' THEN to_jsonb(value::int) ELSE to_jsonb(value) END) END AS answer
                       FROM answers WHERE wave_id = $1 GROUP BY response_id, question_code) per_question
              GROUP BY response_id) doc
      WHERE r.id = doc.response_id`,
    [waveId],
  );
  // What autovacuum does after a bulk load; it sets the visibility map, so the analysis index is read without the heap.
  await pool.query('VACUUM (ANALYZE) answers');
  await pool.query('VACUUM (ANALYZE) responses');
  return { waveId, seconds: (performance.now() - started) / 1000, answerRows: inserted.rowCount ?? 0 };
}

/** The counts of a wave's results in one hand-written query: respondents per question and answers per item and value. */
async function resultsFloor(pool: Pool, waveId: string, repeat: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < repeat; run += 1) {
    const started = performance.now();
    await pool.query(
      `SELECT question_code, item_code, value, count(*) AS answers, count(*) FILTER (WHERE question_first) AS respondents
         FROM answers WHERE wave_id = $1 AND completed GROUP BY question_code, item_code, value`,
      [waveId],
    );
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

// ---------------------------------------------------------------- console

/**
 * A console session of the bench's admin, written straight into the sessions table (what a sign-in
 * does, without spending a password hash): the Cookie header for the console's pages.
 */
async function consoleCookie(service: ServiceProcess, pool: Pool): Promise<string> {
  const cookieValue = randomBytes(32).toString('base64url');
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const inserted = await pool.query(
    `INSERT INTO staff_sessions (id, member_id, csrf_token, created_at, last_seen_at)
     SELECT $1, member_id, $3, now(), now() FROM staff_api_tokens WHERE token_hash = $2`,
    [sha256(cookieValue), sha256(service.adminToken), randomBytes(32).toString('base64url')],
  );
  if (inserted.rowCount !== 1) throw new Error('The bench admin has no API token row to open a console session for');
  return `survey_console=${cookieValue}`;
}

/** Every console page of the largest wave (and the survey's), median of 5 over loopback: an upper bound of the server time. */
async function consolePages(service: ServiceProcess, pool: Pool, wave: { code: string; count: number }): Promise<Row[]> {
  const cookie = await consoleCookie(service, pool);
  const pages = [
    ['Wellen (Übersicht)', '/admin'],
    ['Welle', `/admin/wellen/${wave.code}`],
    ['Einladungen', `/admin/wellen/${wave.code}/einladungen`],
    ['Fortschritt', `/admin/wellen/${wave.code}/fortschritt`],
    ['Ergebnisse', `/admin/wellen/${wave.code}/ergebnisse`],
    ['Trends und Abbildungen', '/admin/umfragen/ki-mittelstand/trends'],
    ['Fragebögen', '/admin/frageboegen'],
    ['Codebuch 2023', '/admin/frageboegen/ki-mittelstand/2023'],
    ['Protokoll', '/admin/protokoll'],
    ['Team', '/admin/team'],
    ['Mein Zugang', '/admin/zugang'],
  ];
  const rows: Row[] = [];
  for (const [name, path] of pages) {
    await timed(service, path, 1, { cookie }); // warm-up: caches, the first render of a template
    const page = await timed(service, path, 5, { cookie });
    rows.push([
      name,
      path,
      wave.count,
      page.status,
      (page.bytes / 1024).toFixed(0),
      ms(page.medianMs),
      verdict(page.status === 200 && page.medianMs <= 200),
    ]);
  }
  return rows;
}

// ---------------------------------------------------------------- main

// ---------------------------------------------------------------- import

interface ImportMeasure {
  created: number;
  seconds: number;
  rssBeforeMb: number;
  peakRssMb: number;
  hwmBeforeMb: number;
  hwmAfterMb: number;
}

interface ImportProfile {
  rows: number;
  valid: number;
  errorCount: number;
  seconds: { read: number; map: number; validate: number; dryRun: number };
}

/** bench/import-child.ts in a fresh process against the bench's database; its one line of JSON. */
function importChild<T>(service: ServiceProcess, args: string[], dataDir: string): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'import-child.ts'), ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? tmpdir(),
          NODE_ENV: 'production',
          DATABASE_URL: service.databaseUrl(),
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json'),
        },
        timeout: 20 * 60_000,
        maxBuffer: 16 * 2 ** 20,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`import-child ${args.join(' ')}: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as T);
      },
    );
  });
}

/** Downloads a wave's raw export (the service's own format) to a file. */
async function downloadExport(service: ServiceProcess, code: string, format: string, file: string): Promise<number> {
  const response = await fetch(`${service.baseUrl}/api/waves/${code}/responses.${format}`, {
    headers: { authorization: `Bearer ${service.adminToken}` },
    signal: AbortSignal.timeout(10 * 60_000),
  });
  if (response.status !== 200 || response.body === null) throw new Error(`export of ${code} as ${format}: ${response.status}`);
  await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream), createWriteStream(file));
  return (await stat(file)).size;
}

/**
 * Import: the raw export of each synthetic wave (CSV excel dialect, XLSX) into a fresh draft wave through
 * ImportsService.commit (one transaction), each in a fresh process: rows/s and the process's peak RSS; then where
 * the time of the largest CSV goes (profile of a dry run).
 */
async function importPhase(service: ServiceProcess, waves: Array<{ code: string; count: number }>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'survey-waves-bench-import-'));
  try {
    const rows: Row[] = [];
    let profileFile: { file: string; count: number } | undefined;
    for (const wave of waves) {
      for (const format of IMPORT_FORMATS) {
        const file = join(folder, `${wave.code}.${format}`);
        const bytes = await downloadExport(service, wave.code, format, file);
        const target = `bench-import-${format}-${wave.count / 1000}k`;
        const measured = await importChild<ImportMeasure>(service, ['commit', file, target], folder);
        const perSecond = measured.created / measured.seconds;
        rows.push([
          format.toUpperCase(),
          wave.count,
          (bytes / 2 ** 20).toFixed(1),
          measured.created,
          measured.seconds.toFixed(1),
          perSecond.toFixed(0),
          measured.rssBeforeMb.toFixed(0),
          measured.peakRssMb.toFixed(0),
          measured.hwmAfterMb.toFixed(0),
          `≥ 5000 rows/s: ${verdict(perSecond >= 5000)}`,
        ]);
        // The profile runs on the smallest CSV: the split is the same, and it saves minutes.
        if (format === 'csv' && profileFile === undefined) profileFile = { file, count: wave.count };
      }
    }
    const notes = [
      'RSS of the importing process (a fresh Nest context per file): before the import, peak sampled every 20 ms, VmHWM at the end.',
    ];
    const byFormat = (format: string) => rows.filter((row) => row[0] === format.toUpperCase());
    for (const format of IMPORT_FORMATS) {
      const measured = byFormat(format);
      const [small, large] = [measured[0], measured[measured.length - 1]];
      if (measured.length > 1) {
        notes.push(
          `${format.toUpperCase()} peak RSS ${small[1]} → ${large[1]} rows: ${small[7]} → ${large[7]} MB (×${(Number(large[1]) / Number(small[1])).toFixed(0)} rows).`,
        );
      }
    }
    report(
      'Import of the raw export (service format) into a draft wave, commit in one transaction',
      ['format', 'rows', 'MiB', 'created', 'seconds', 'rows/s', 'RSS before MB', 'peak RSS MB', 'VmHWM MB', 'target'],
      rows,
      notes,
    );
    if (profileFile) {
      const profiled = await importChild<ImportProfile>(service, ['profile', profileFile.file, `bench-import-profile`], folder);
      const { read, map, validate, dryRun } = profiled.seconds;
      const rate = (seconds: number) => (profiled.rows / seconds).toFixed(0);
      const commitRow = rows.find((row) => row[0] === 'CSV' && row[1] === profileFile.count);
      const commitSeconds = Number(commitRow?.[4] ?? NaN);
      report(
        `Where the time of a ${profileFile.count}-row CSV import goes (cumulative passes over the file, fresh process)`,
        ['pass', 'seconds', 'rows/s of the pass', 'share added'],
        [
          ['read (openSource, CSV parse)', read.toFixed(1), rate(read), `${read.toFixed(1)} s`],
          ['+ mapping (rowToAnswers)', map.toFixed(1), rate(map), `${(map - read).toFixed(1)} s`],
          ['+ validateAnswers (codebook + SurveyJS)', validate.toFixed(1), rate(validate), `${(validate - map).toFixed(1)} s`],
          [
            'service dry run (+ reader issues, existing-id lookup per 1000)',
            dryRun.toFixed(1),
            rate(dryRun),
            `${(dryRun - validate).toFixed(1)} s`,
          ],
          [
            'service commit (+ insert of responses and answer rows)',
            commitSeconds.toFixed(1),
            rate(commitSeconds),
            `${(commitSeconds - dryRun).toFixed(1)} s`,
          ],
        ],
        [`Dry run: ${profiled.valid} valid, ${profiled.errorCount} errors.`],
      );
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  appendFileSync(RESULTS, machine());
  const service = await createServiceProcess();
  try {
    const firstStart = await service.start();

    if (ONLY === 'import') {
      const pool = new Pool({ connectionString: service.databaseUrl(), max: 2 });
      const sources: Array<{ code: string; count: number }> = [];
      for (const count of WAVE_SIZES) {
        const code = `bench-analysis-${count / 1000}k`;
        await syntheticWave(service, pool, code, count);
        sources.push({ code, count });
      }
      await pool.end();
      await importPhase(service, sources);
      return;
    }

    // Submission: the service through HTTP, and its SQL floor, at the same concurrency.
    const submissionRows: Row[] = [];
    for (const connections of [16, 64]) {
      const api = await submissionThroughput(service, connections);
      const floor = await submissionFloor(service, connections);
      const ratio = api.perSecond / floor.perSecond;
      const targets =
        connections === 64
          ? ` (target ≥ 500/s: ${verdict(api.perSecond >= 500)}; p99 ≤ 250 ms: ${verdict(api.p99 <= 250)}; ratio ≥ 0.5: ${verdict(ratio >= 0.5)})`
          : '';
      submissionRows.push([
        connections,
        SUBMISSIONS,
        `PUT /api/respond/:token`,
        api.perSecond.toFixed(0),
        ms(api.p50),
        ms(api.p99),
        api.errors,
        '',
      ]);
      submissionRows.push([
        connections,
        SUBMISSIONS,
        `floor: same SQL via pg (pool ${SERVICE_POOL})`,
        floor.perSecond.toFixed(0),
        ms(floor.p50),
        ms(floor.p99),
        floor.errors,
        `ratio ${ratio.toFixed(2)}${targets}`,
      ]);
    }
    report(
      'Submission of complete 2023 responses',
      ['connections', 'count', 'path', 'responses/s', 'p50 ms', 'p99 ms', 'errors', 'ratio / targets'],
      submissionRows,
    );

    // Analysis: synthetic completed waves written with SQL, the API against one hand-written query.
    const pool = new Pool({ connectionString: service.databaseUrl(), max: 2 });
    const waves: Array<{ code: string; count: number; waveId: string }> = [];
    const generationRows: Row[] = [];
    for (const count of WAVE_SIZES) {
      const code = `bench-analysis-${count / 1000}k`;
      const wave = await syntheticWave(service, pool, code, count);
      waves.push({ code, count, waveId: wave.waveId });
      generationRows.push([code, count, wave.answerRows, wave.seconds.toFixed(1)]);
    }
    report(
      'Synthetic waves (INSERT … SELECT generate_series, not through HTTP)',
      ['wave', 'responses', 'answer rows', 'seconds'],
      generationRows,
    );

    const analysisRows: Row[] = [];
    const resultsRouteMissing = await routeMissing(service, `/api/waves/${waves[0].code}/results`);
    for (const wave of waves) {
      const floorMs = await resultsFloor(pool, wave.waveId, 5);
      if (resultsRouteMissing) {
        analysisRows.push([wave.code, wave.count, 'GET /api/waves/:code/results', 'skipped: route not available', ms(floorMs), '–']);
        continue;
      }
      const api = await timed(service, `/api/waves/${wave.code}/results`, 5);
      const target =
        wave.count === WAVE_SIZES[WAVE_SIZES.length - 1]
          ? ` (≤ 1000 ms: ${verdict(api.medianMs <= 1000)}; ratio ≤ 1.5: ${verdict(api.medianMs / floorMs <= 1.5)})`
          : '';
      analysisRows.push([
        wave.code,
        wave.count,
        `GET /api/waves/:code/results → ${api.status}`,
        ms(api.medianMs),
        ms(floorMs),
        `${(api.medianMs / floorMs).toFixed(2)}${target}`,
      ]);
    }
    const trendsPath = '/api/surveys/ki-mittelstand/trends';
    if (await routeMissing(service, trendsPath)) {
      analysisRows.push(['all waves', '–', `GET ${trendsPath}`, 'skipped: route not available', '–', '–']);
    } else {
      const trends = await timed(service, trendsPath, 3);
      analysisRows.push(['all waves', '–', `GET ${trendsPath} → ${trends.status}`, ms(trends.medianMs), '–', '–']);
    }
    const figurePath = '/api/surveys/ki-mittelstand/figures/abb3';
    if (await routeMissing(service, figurePath)) {
      analysisRows.push(['all waves', '–', `GET ${figurePath}`, 'skipped: route not available', '–', '–']);
    } else {
      const figure = await timed(service, figurePath, 3);
      analysisRows.push(['all waves', '–', `GET ${figurePath} → ${figure.status}`, ms(figure.medianMs), '–', '–']);
    }
    report(
      'Analysis (median of 5; floor: one SQL GROUP BY over the answer rows; the figure is over the report waves)',
      ['wave', 'responses', 'request', 'API ms', 'floor ms', 'ratio / targets'],
      analysisRows,
      [`Floor growth 10k → 100k: ×${(Number(analysisRows[1][4]) / Number(analysisRows[0][4])).toFixed(1)} for ×10 responses.`],
    );

    // Export: raw CSV and XLSX of the 100k wave, rows/s and the service's peak RSS.
    const exportRows: Row[] = [];
    const big = waves[1];
    for (const [format, rssTarget] of [
      ['csv', 250],
      ['xlsx', 400],
    ] as const) {
      const path = `/api/waves/${big.code}/responses.${format}`;
      if (await routeMissing(service, path)) {
        exportRows.push([format.toUpperCase(), big.count, 'skipped: route not available', '–', '–', '–', '–']);
        continue;
      }
      const before = (await withPeakRss(service.pid(), async () => undefined)).peakMb;
      const { result, peakMb } = await withPeakRss(service.pid(), () => timed(service, path, 1));
      const rowsPerSecond = big.count / (result.medianMs / 1000);
      const target =
        format === 'csv'
          ? `≥ 20000 rows/s: ${verdict(rowsPerSecond >= 20_000)}; RSS ≤ 250 MB: ${verdict(peakMb <= rssTarget)}`
          : `RSS ≤ 400 MB: ${verdict(peakMb <= rssTarget)}`;
      exportRows.push([
        format.toUpperCase(),
        big.count,
        `${result.status}, ${(result.bytes / 2 ** 20).toFixed(1)} MiB in ${(result.medianMs / 1000).toFixed(1)} s`,
        rowsPerSecond.toFixed(0),
        before.toFixed(0),
        peakMb.toFixed(0),
        target,
      ]);
    }
    report('Export of the 100k wave', ['format', 'responses', 'result', 'rows/s', 'RSS before MB', 'peak RSS MB', 'targets'], exportRows);

    await importPhase(service, waves);

    report(
      'Staff console pages of the largest wave (median of 5 after one warm-up, loopback, signed in as admin)',
      ['page', 'path', 'responses', 'status', 'KiB', 'ms', '≤ 200 ms'],
      await consolePages(service, pool, waves[waves.length - 1]),
    );
    await pool.end();

    // Start-up on the existing data directory (the embedded PostgreSQL is started again too).
    await service.kill('SIGTERM');
    const restart = await service.start();
    report(
      'Start-up to /api/health 200',
      ['data directory', 'ms'],
      [
        ['new (initdb, migrations)', restart === 0 ? '–' : firstStart.toFixed(0)],
        ['existing (with 110k+ responses)', restart.toFixed(0)],
      ],
      [`Whole benchmark: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`],
    );
  } finally {
    await service.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
