import request from 'supertest';
import { Client } from 'pg';
import { DefinitionVersion } from '../../src/definitions/definition-version.entity';
import { ANSWER_CELLS } from '../support/answer-cells';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

describe('respondent API: saving answers without losing any', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());

  const storedResponse = async (token: string) => {
    const [row] = await testApp.dataSource.query(
      `SELECT r.status, r.revision, r.answers FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token_hash = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    return row as { status: string; revision: number; answers: Record<string, unknown> } | undefined;
  };
  /** The response's cells, decoded (what the analysis counts). */
  const storedCells = async (token: string) =>
    testApp.dataSource.query(
      `SELECT a.question_code, a.item_code, a.value, a.completed, a.question_first
         FROM ${ANSWER_CELLS} a JOIN responses r ON r.id = a.response_id JOIN invitations i ON i.id = r.invitation_id
        WHERE i.token_hash = encode(sha256($1::bytea), 'hex')
        ORDER BY a.question_code, a.item_code`,
      [token],
    );

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'resp' });
  });

  afterAll(() => testApp.close());

  it('saves a partial response, resumes it, and completes it with the cells the analysis counts', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
    const first = await http().get(`/api/respond/${token}`).expect(200);
    expect(first.body).toMatchObject({ wave: { code: 'resp' }, status: 'new', revision: null, answers: {} });
    expect(first.body.definition.pages[0].elements.map((element: { name: string }) => element.name)).toEqual(['zentrum', 'rolle']);

    const partial = { zentrum: 'Zentrum Hamburg', chancen: { werbung: 4, logistik: 'na' } };
    await http().put(`/api/respond/${token}`).send({ answers: partial, complete: false }).expect(200, { status: 'partial', revision: 1 });

    const resumed = await http().get(`/api/respond/${token}`).expect(200);
    expect(resumed.body).toMatchObject({ status: 'partial', revision: 1, answers: partial });

    const complete = {
      ...partial,
      rolle: 'ki_experte',
      reifegrad: 'experimentierphase',
      transfer: { qualifizierung: 1, demonstratoren: 0 },
    };
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: complete, complete: true, revision: 1 })
      .expect(200, { status: 'completed', revision: 2 });

    expect(await storedResponse(token)).toEqual({ status: 'completed', revision: 2, answers: complete });
    expect(await storedCells(token)).toEqual([
      { question_code: 'chancen', item_code: 'logistik', value: 'na', completed: true, question_first: true },
      { question_code: 'chancen', item_code: 'werbung', value: '4', completed: true, question_first: false },
      {
        question_code: 'reifegrad',
        item_code: 'reifegrad',
        value: 'experimentierphase',
        completed: true,
        question_first: true,
      },
      { question_code: 'rolle', item_code: 'rolle', value: 'ki_experte', completed: true, question_first: true },
      { question_code: 'transfer', item_code: 'demonstratoren', value: '0', completed: true, question_first: false },
      { question_code: 'transfer', item_code: 'qualifizierung', value: '1', completed: true, question_first: true },
      { question_code: 'zentrum', item_code: 'zentrum', value: null, completed: true, question_first: true },
    ]);

    const after = await http().get(`/api/respond/${token}`).expect(200);
    expect(after.body).toMatchObject({ status: 'completed', answers: {}, definition: null });
  });

  it('gives responses time-ordered ids (UUIDv7): saved one after another, they sort one after another', async () => {
    const tokens = await invite(testApp.app, staff.admin, 'resp', 3);
    for (const token of tokens) {
      await http()
        .put(`/api/respond/${token}`)
        .send({ answers: { rolle: 'ki_trainer' }, complete: false })
        .expect(200);
    }
    const rows: Array<{ id: string; version: number }> = await testApp.dataSource.query(
      `SELECT r.id, get_byte(uuid_send(r.id), 6) >> 4 AS version
         FROM unnest($1::text[]) WITH ORDINALITY AS t(token, position)
         JOIN invitations i ON i.token_hash = encode(sha256(t.token::bytea), 'hex') JOIN responses r ON r.invitation_id = i.id
        ORDER BY t.position`,
      [tokens],
    );
    expect(rows.map((row) => row.version)).toEqual([7, 7, 7]);
    const ids = rows.map((row) => row.id);
    expect([...ids].sort()).toEqual(ids);
  });

  it('acknowledges the same completion twice and refuses a different one', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
    const answers = { rolle: 'ki_trainer', chancen: { werbung: 3 } };
    await http().put(`/api/respond/${token}`).send({ answers, complete: true }).expect(200, { status: 'completed', revision: 1 });
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { chancen: { werbung: 3 }, rolle: 'ki_trainer' }, complete: true })
      .expect(200, { status: 'completed', revision: 1 });
    const changed = await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { rolle: 'ki_experte' }, complete: true, revision: 1 })
      .expect(409);
    expect(changed.body.code).toBe('RESPONSE_ALREADY_COMPLETED');
    const partialAgain = await http().put(`/api/respond/${token}`).send({ answers, complete: false, revision: 1 }).expect(409);
    expect(partialAgain.body.code).toBe('RESPONSE_ALREADY_COMPLETED');
    expect(await storedResponse(token)).toMatchObject({ status: 'completed', revision: 1, answers });
  });

  it('stores exactly one response when two completions arrive at once', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
    const results = await Promise.all(
      ['ki_trainer', 'ki_experte', 'ki_trainer', 'ki_experte'].map((rolle) =>
        http().put(`/api/respond/${token}`).send({ answers: { rolle }, complete: true }),
      ),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    const [{ count }] = await testApp.dataSource.query(
      `SELECT count(*)::int AS count FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token_hash = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    expect(count).toBe(1);
    const stored = await storedResponse(token);
    expect(await storedCells(token)).toHaveLength(1);
    expect(['ki_trainer', 'ki_experte']).toContain(stored?.answers.rolle);
  });

  it('refuses the second of two partial saves based on the same revision (no lost update)', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { zentrum: 'A' }, complete: false })
      .expect(200);
    const [tabA, tabB] = await Promise.all([
      http()
        .put(`/api/respond/${token}`)
        .send({ answers: { zentrum: 'Tab A' }, complete: false, revision: 1 }),
      http()
        .put(`/api/respond/${token}`)
        .send({ answers: { zentrum: 'Tab B' }, complete: false, revision: 1 }),
    ]);
    expect([tabA.status, tabB.status].sort()).toEqual([200, 409]);
    const loser = tabA.status === 409 ? tabA : tabB;
    expect(loser.body.code).toBe('RESPONSE_STALE_REVISION');
    const winner = tabA.status === 200 ? 'Tab A' : 'Tab B';
    expect(await storedResponse(token)).toMatchObject({ revision: 2, answers: { zentrum: winner } });
    const missingRevision = await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { zentrum: 'C' }, complete: false })
      .expect(409);
    expect(missingRevision.body.code).toBe('RESPONSE_STALE_REVISION');
  });

  it('keeps the saved partial answers when the wave closes mid-way and refuses the next save', async () => {
    await createWave(testApp.app, staff.admin, { code: 'closing' });
    const [token] = await invite(testApp.app, staff.admin, 'closing', 1);
    const saved = { zentrum: 'Zentrum Chemnitz', bereiche: { produktion: 4 } };
    await http().put(`/api/respond/${token}`).send({ answers: saved, complete: false }).expect(200);
    await http().post('/api/waves/closing/close').auth(staff.admin, { type: 'bearer' }).expect(200);
    const refused = await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { ...saved, rolle: 'ki_trainer' }, complete: true, revision: 1 })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'RESPONSE_WAVE_NOT_OPEN', message: expect.stringContaining('beendet') });
    expect(await storedResponse(token)).toEqual({ status: 'partial', revision: 1, answers: saved });
    expect(await storedCells(token)).toHaveLength(2);
    const view = await http().get(`/api/respond/${token}`).expect(409);
    expect(view.body.code).toBe('RESPONSE_WAVE_NOT_OPEN');
  });

  it('accepts nothing outside the fielding window, even while the wave is open', async () => {
    await createWave(testApp.app, staff.admin, { code: 'future', opensAt: '2098-01-01T00:00:00Z' });
    await createWave(testApp.app, staff.admin, { code: 'past', opensAt: '2020-01-01T00:00:00Z', closesAt: '2020-02-01T00:00:00Z' });
    const [early] = await invite(testApp.app, staff.admin, 'future', 1);
    const [late] = await invite(testApp.app, staff.admin, 'past', 1);
    for (const token of [early, late]) {
      const response = await http()
        .put(`/api/respond/${token}`)
        .send({ answers: { rolle: 'ki_trainer' }, complete: true })
        .expect(409);
      expect(response.body.code).toBe('RESPONSE_OUTSIDE_WINDOW');
      expect(await storedResponse(token)).toBeUndefined();
    }
  });

  it('refuses answers to a question the survey logic hides', async () => {
    const definition = {
      locale: 'de',
      title: 'Logik',
      pages: [
        {
          name: 'p1',
          elements: [
            {
              type: 'radiogroup',
              name: 'nutzt_ki',
              title: 'Nutzen Sie KI?',
              choices: [
                { value: 'ja', text: 'ja' },
                { value: 'nein', text: 'nein' },
              ],
            },
            { type: 'comment', name: 'wofuer', title: 'Wofür?', visibleIf: "{nutzt_ki} = 'ja'" },
          ],
        },
      ],
    };
    await testApp.dataSource
      .getRepository(DefinitionVersion)
      .insert({ surveyId: 'logik', version: '1', content: definition, hash: 'a'.repeat(64), source: 'upload' });
    await createWave(testApp.app, staff.admin, { code: 'logik', surveyId: 'logik', version: '1' });
    const [token] = await invite(testApp.app, staff.admin, 'logik', 1);
    const hidden = await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { nutzt_ki: 'nein', wofuer: 'Texte' }, complete: false })
      .expect(422);
    expect(hidden.body.errors).toEqual([{ path: 'wofuer', message: expect.stringContaining('ausgeblendet') }]);
    expect(await storedResponse(token)).toBeUndefined();
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { nutzt_ki: 'ja', wofuer: 'Texte' }, complete: true })
      .expect(200);
  });

  it('limits the requests per token (429) and tells the respondent to wait', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 125; attempt += 1) statuses.push((await http().get(`/api/respond/${token}`)).status);
    expect(statuses.slice(0, 120).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(120)).toContain(429);
    const limited = await http().get(`/api/respond/${token}`).expect(429);
    expect(limited.body.message).toMatch(/Too many requests/);
  });

  it('stores a question answered with null (or a matrix row with null, or blank text) as absent, on the first and on later saves', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
    const sent = {
      zentrum: null,
      rolle: 'ki_trainer',
      chancen: { werbung: null, logistik: 3 },
      transfer: { qualifizierung: null },
      reifegrad: null,
    };
    await http().put(`/api/respond/${token}`).send({ answers: sent, complete: false }).expect(200, { status: 'partial', revision: 1 });
    const expected = { rolle: 'ki_trainer', chancen: { logistik: 3 } };
    expect((await http().get(`/api/respond/${token}`).expect(200)).body.answers).toEqual(expected);
    expect(await storedResponse(token)).toEqual({ status: 'partial', revision: 1, answers: expected });
    const [keys] = await testApp.dataSource.query(
      `SELECT r.answers ? 'zentrum' AS zentrum, r.answers ? 'reifegrad' AS reifegrad, r.answers -> 'chancen' ? 'werbung' AS werbung, r.answers ? 'transfer' AS transfer
         FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token_hash = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    expect(keys).toEqual({ zentrum: false, reifegrad: false, werbung: false, transfer: false });
    expect(
      (await storedCells(token)).map((row: { question_code: string; item_code: string }) => `${row.question_code}.${row.item_code}`),
    ).toEqual(['chancen.logistik', 'rolle.rolle']);

    // A later save clears a question with null: it is gone, not null.
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { rolle: null, chancen: { logistik: 3 }, zentrum: '   ' }, complete: false, revision: 1 })
      .expect(200);
    expect(await storedResponse(token)).toEqual({ status: 'partial', revision: 2, answers: { chancen: { logistik: 3 } } });
    expect(await storedCells(token)).toHaveLength(1);

    // Completing with nulls, then the same completion again (a retry), is acknowledged.
    const complete = {
      answers: { rolle: 'ki_experte', zentrum: null, chancen: { logistik: 3, werbung: null } },
      complete: true,
      revision: 2,
    };
    await http().put(`/api/respond/${token}`).send(complete).expect(200, { status: 'completed', revision: 3 });
    await http().put(`/api/respond/${token}`).send(complete).expect(200, { status: 'completed', revision: 3 });
    expect((await storedResponse(token))?.answers).toEqual({ rolle: 'ki_experte', chancen: { logistik: 3 } });
  });

  it('still refuses an unknown question or row sent as null', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
    const response = await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { lieblingsfarbe: null, chancen: { teleportation: null } }, complete: false })
      .expect(422);
    expect(response.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['chancen.teleportation', 'lieblingsfarbe']);
    expect(await storedResponse(token)).toBeUndefined();
  });

  it('answers 404 for an unknown or malformed token', async () => {
    await http()
      .get('/api/respond/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
      .expect(404, /RESPONSE_TOKEN_UNKNOWN/);
    await http().put('/api/respond/short').send({ answers: {}, complete: false }).expect(404);
    await http().get("/api/respond/'%20OR%201=1--").expect(404);
  });

  /** The statements the service sends to PostgreSQL while `work` runs (every pg client: TypeORM's and the prepared ones). */
  async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
    const queries = jest.spyOn(Client.prototype, 'query');
    try {
      await work();
      return queries.mock.calls.map(([sql]) => (typeof sql === 'string' ? sql : (sql as { text: string }).text));
    } finally {
      queries.mockRestore();
    }
  }

  const tablesRead = (sql: string) => [...sql.matchAll(/\b(?:FROM|JOIN)\s+"?(\w+)"?/gi)].map((match) => match[1]);

  it('resolves a link with one query for its invitation, wave and response, one for the privacy notice, and the definition from memory', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { zentrum: 'Zentrum Kiel' }, complete: false })
      .expect(200);
    const statements = await statementsDuring(async () => {
      const view = await http().get(`/api/respond/${token}`).expect(200);
      expect(view.body).toMatchObject({ wave: { code: 'resp' }, status: 'partial', revision: 1, answers: { zentrum: 'Zentrum Kiel' } });
    });
    expect(statements.map(tablesRead).sort()).toEqual([['invitations', 'waves', 'responses'], ['privacy_notices']]);
  });

  it('saves in two statements, the first save and every later one: the token context, then the write with the wave’s gate', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
    const first = await statementsDuring(() =>
      http()
        .put(`/api/respond/${token}`)
        .send({ answers: { zentrum: 'Zentrum Kiel' }, complete: false })
        .expect(200),
    );
    const later = await statementsDuring(() =>
      http()
        .put(`/api/respond/${token}`)
        .send({ answers: { zentrum: 'Zentrum Kiel-Nord' }, complete: false, revision: 1 })
        .expect(200, { status: 'partial', revision: 2 }),
    );
    for (const statements of [first, later]) {
      expect(statements).toHaveLength(2);
      expect(tablesRead(statements[0])).toEqual(['invitations', 'waves', 'responses']);
      expect(statements[1]).toContain('wave_accepts_answers');
    }
    expect(first[1]).toContain('INSERT INTO responses');
    expect(later[1]).toMatch(/UPDATE responses[\s\S]*UPDATE invitations/);
    expect(await storedResponse(token)).toMatchObject({ status: 'partial', revision: 2, answers: { zentrum: 'Zentrum Kiel-Nord' } });
  });

  describe('validation: nothing invalid is ever stored', () => {
    const cases: Array<[string, Record<string, unknown>, boolean, string]> = [
      ['an unknown question', { lieblingsfarbe: 'blau' }, false, 'lieblingsfarbe'],
      ['an unknown item', { chancen: { teleportation: 4 } }, false, 'chancen.teleportation'],
      ['a level outside the scale', { chancen: { werbung: 5 } }, false, 'chancen.werbung'],
      ['a level given as a string', { chancen: { werbung: '4' } }, false, 'chancen.werbung'],
      ['a fractional level', { chancen: { werbung: 3.5 } }, false, 'chancen.werbung'],
      ['a matrix answered with a number', { chancen: 4 }, false, 'chancen'],
      ['an unknown choice', { reifegrad: 'superphase' }, false, 'reifegrad'],
      ['a choice given as a number', { rolle: 1 }, false, 'rolle'],
      ['free text given as an object', { zentrum: { name: 'x' } }, false, 'zentrum'],
      ['free text that is too long', { zentrum: 'x'.repeat(10_001) }, false, 'zentrum'],
      ['a completion without the required role', { chancen: { werbung: 4 } }, true, 'rolle'],
    ];

    it.each(cases)('refuses %s with 422 naming the path', async (_, answers, complete, path) => {
      const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
      await http()
        .put(`/api/respond/${token}`)
        .send({ answers: { zentrum: 'vorher' }, complete: false })
        .expect(200);
      const response = await http().put(`/api/respond/${token}`).send({ answers, complete, revision: 1 }).expect(422);
      expect(response.body.code).toBe('RESPONSE_INVALID');
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
      expect(await storedResponse(token)).toEqual({ status: 'partial', revision: 1, answers: { zentrum: 'vorher' } });
    });

    it.each([
      [{ complete: true }, 'answers'],
      [{ answers: [], complete: true }, 'answers'],
      [{ answers: {}, complete: 'yes' }, 'complete'],
      [{ answers: {}, complete: false, revision: 0 }, 'revision'],
      [{ answers: {}, complete: false, extra: 1 }, 'extra'],
    ])('refuses the body %j with 422 naming %s', async (body, path) => {
      const [token] = await invite(testApp.app, staff.admin, 'resp', 1);
      const response = await http().put(`/api/respond/${token}`).send(body).expect(422);
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
      expect(await storedResponse(token)).toBeUndefined();
    });
  });
});
