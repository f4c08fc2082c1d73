import { Client } from 'pg';
import { ANSWER_CELLS } from '../support/answer-cells';
import { answerTriples, cellTriples, completeAnswers2023 } from './support/answers';
import { createServiceProcess, isAlive, openWaveWithInvitations, ServiceProcess } from './support/service-process';

const INVITATIONS = 200;
const CONCURRENCY = 16;

interface Outcome {
  token: string;
  answers: Record<string, unknown>;
  status: number | 'network-error';
}

const submissionsFor = (tokens: string[]) => tokens.map((token, index) => ({ token, answers: completeAnswers2023(index) }));

/** Submits every complete response, CONCURRENCY at a time, and calls `midway` once after `after` acknowledgements. */
async function submitAll(
  service: ServiceProcess,
  submissions: Array<Pick<Outcome, 'token' | 'answers'>>,
  after: number,
  midway: () => Promise<void>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  let acknowledged = 0;
  let fired = false;
  const worker = async () => {
    while (next < submissions.length) {
      const { token, answers } = submissions[next];
      next += 1;
      let status: Outcome['status'];
      try {
        const response = await fetch(`${service.baseUrl}/api/respond/${token}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ answers, complete: true }),
          signal: AbortSignal.timeout(10_000),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 'network-error';
      }
      outcomes.push({ token, answers, status });
      if (status === 200) acknowledged += 1;
      if (!fired && acknowledged >= after) {
        fired = true;
        await midway();
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

/** Every acknowledged response is stored completed, its JSONB agrees with its cells, and no invitation holds two responses. */
async function expectNothingLost(service: ServiceProcess, outcomes: Outcome[]): Promise<void> {
  const client = new Client({ connectionString: service.databaseUrl() });
  await client.connect();
  try {
    const acknowledged = outcomes.filter((outcome) => outcome.status === 200);
    const { rows } = await client.query<{
      token_hash: string;
      status: string;
      answers: Record<string, unknown>;
      rows: Array<{ q: string; i: string; v: string }> | null;
    }>(
      `SELECT i.token_hash, r.status, r.answers,
              (SELECT json_agg(json_build_object('q', a.question_code, 'i', a.item_code, 'v', coalesce(a.value, '')))
                 FROM ${ANSWER_CELLS} a WHERE a.response_id = r.id) AS rows
         FROM responses r JOIN invitations i ON i.id = r.invitation_id
        WHERE i.token_hash = ANY(SELECT encode(sha256(t::bytea), 'hex') FROM unnest($1::text[]) AS t)`,
      [acknowledged.map((outcome) => outcome.token)],
    );
    const { rows: hashes } = await client.query<{ token: string; hash: string }>(
      `SELECT t AS token, encode(sha256(t::bytea), 'hex') AS hash FROM unnest($1::text[]) AS t`,
      [acknowledged.map((outcome) => outcome.token)],
    );
    const stored = new Map(rows.map((row) => [row.token_hash, row]));
    const problems: string[] = [];
    for (const outcome of acknowledged) {
      const hash = hashes.find((entry) => entry.token === outcome.token)?.hash ?? '';
      const row = stored.get(hash);
      if (!row) {
        problems.push(`${outcome.token.slice(0, 4)}…: acknowledged but not stored`);
        continue;
      }
      if (row.status !== 'completed') problems.push(`${outcome.token.slice(0, 4)}…: stored as ${row.status}`);
      if (JSON.stringify(answerTriples(row.answers)) !== JSON.stringify(answerTriples(outcome.answers)))
        problems.push(`${outcome.token.slice(0, 4)}…: JSONB differs from what was sent`);
      const normalized = (row.rows ?? []).map((answer) => `${answer.q}|${answer.i}|${answer.v}`).sort();
      if (JSON.stringify(normalized) !== JSON.stringify(cellTriples(outcome.answers)))
        problems.push(`${outcome.token.slice(0, 4)}…: cells disagree with the JSONB`);
    }
    expect(problems).toEqual([]);
    const { rows: doubles } = await client.query(`SELECT invitation_id FROM responses GROUP BY invitation_id HAVING count(*) > 1`);
    expect(doubles).toEqual([]);
    // Every stored response of the wave, acknowledged or not, is whole: completed with cells, never half-written.
    const { rows: orphans } = await client.query(`SELECT r.id FROM responses r WHERE r.status = 'completed' AND cardinality(r.cells) = 0`);
    expect(orphans).toEqual([]);
  } finally {
    await client.end();
  }
}

/** Completes every token the first run left without an acknowledgement, so the second half of the wave lands after the restart. */
async function completeTheRest(service: ServiceProcess, outcomes: Outcome[]): Promise<Outcome[]> {
  const rest = outcomes.filter((outcome) => outcome.status !== 200);
  return submitAll(service, rest, Number.POSITIVE_INFINITY, async () => undefined);
}

describe('crash: nothing acknowledged is lost', () => {
  let service: ServiceProcess;

  afterEach(async () => {
    await service.dispose();
  });

  it('keeps every acknowledged completion when the service is killed with SIGKILL mid-way, and takes the rest after a restart', async () => {
    service = await createServiceProcess();
    await service.start();
    const tokens = await openWaveWithInvitations(service, 'crash-service', INVITATIONS);
    // The questionnaire page and the respondent API carry the token in their path; the request log must not.
    for (const path of [`/survey/${tokens[0]}`, `/api/respond/${tokens[0]}`, `/api/respond/${tokens[1]}?lang=de`]) {
      expect((await fetch(`${service.baseUrl}${path}`)).status).toBe(200);
    }

    const first = await submitAll(service, submissionsFor(tokens), INVITATIONS / 4, () => service.kill('SIGKILL'));
    const acknowledged = first.filter((outcome) => outcome.status === 200).length;
    // The kill happened mid-way: some were acknowledged, some were not.
    expect(acknowledged).toBeGreaterThanOrEqual(INVITATIONS / 4);
    expect(acknowledged).toBeLessThan(INVITATIONS);

    await service.start();
    await expectNothingLost(service, first);
    const second = await completeTheRest(service, first);
    // A token whose completion was stored before the kill but never acknowledged is acknowledged again (same answers), never refused.
    expect(second.filter((outcome) => outcome.status !== 200)).toEqual([]);
    await expectNothingLost(service, [...first.filter((outcome) => outcome.status === 200), ...second]);

    const log = service.output();
    expect(tokens.filter((token) => log.includes(token))).toEqual([]);
    expect(log).not.toContain(service.adminToken);
  });

  it('keeps every acknowledged completion when the embedded PostgreSQL postmaster is killed with SIGKILL mid-way', async () => {
    service = await createServiceProcess();
    await service.start();
    const tokens = await openWaveWithInvitations(service, 'crash-postgres', INVITATIONS);

    const first = await submitAll(service, submissionsFor(tokens), INVITATIONS / 4, async () => {
      const postmaster = service.postmasterPid();
      process.kill(postmaster, 'SIGKILL');
      for (let attempt = 0; attempt < 50 && isAlive(postmaster); attempt += 1) await new Promise((done) => setTimeout(done, 100));
    });
    const acknowledged = first.filter((outcome) => outcome.status === 200).length;
    expect(acknowledged).toBeGreaterThanOrEqual(INVITATIONS / 4);
    expect(acknowledged).toBeLessThan(INVITATIONS);
    // Without its database the service reports unhealthy instead of pretending.
    const health = await fetch(`${service.baseUrl}/api/health`).then(
      (response) => response.status,
      (error: unknown) => {
        throw new Error(`the service did not answer without its database (${String(error)}):\n${service.output().slice(-4000)}`);
      },
    );
    expect(health).toBe(503);

    // The operator's (here: the test's) answer to a failed health check: restart the service, which restarts its PostgreSQL.
    await service.kill('SIGTERM');
    await service.kill('SIGKILL');
    await service.start();
    await expectNothingLost(service, first);
    const second = await completeTheRest(service, first);
    expect(second.filter((outcome) => outcome.status !== 200)).toEqual([]);
    await expectNothingLost(service, [...first.filter((outcome) => outcome.status === 200), ...second]);

    const log = service.output();
    expect(tokens.filter((token) => log.includes(token))).toEqual([]);
    expect(log).not.toContain(service.adminToken);
  });
});
