import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import { withoutUnanswered } from '../../src/responses/answer-shape';
import { ANSWER_CELLS } from '../support/answer-cells';
import type { TestApp } from '../support/test-app';
import type { StaffTokens } from '../support/factories';

// The rate limits are read when the application module is first loaded: set them before loading it.
// Low per-address limit for the token-guessing test; the fuzzing spreads its requests over many addresses.
process.env.RESPONDENT_ADDRESS_RATE_LIMIT = '40';
process.env.RESPONDENT_RATE_LIMIT = '1000';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createTestApp } = require('../support/test-app') as typeof import('../support/test-app');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createStaff, createWave, invite } = require('../support/factories') as typeof import('../support/factories');

interface Element {
  type: string;
  name: string;
  rows?: Array<{ value: string } | string>;
  columns?: Array<{ value: string | number } | string | number>;
  choices?: Array<{ value: string } | string>;
}

const DEFINITION_PATH = join(__dirname, '../../survey-definitions/ki-mittelstand/2023.json');
const definition = JSON.parse(readFileSync(DEFINITION_PATH, 'utf8')) as { pages: Array<{ elements: Element[] }> };
const elements = definition.pages.flatMap((page) => page.elements);
const valueOf = (entry: { value: string | number } | string | number): string | number => (typeof entry === 'object' ? entry.value : entry);
const choiceCodes = elements.flatMap((element) => (element.choices ?? []).map((choice) => String(valueOf(choice))));
const SCALE_VALUES = ['1', '2', '3', '4', 'na', '0'];
/** Free-text questions: their cells have no value (the text is in the JSONB only). */
const textQuestions = elements.filter((element) => element.type === 'text' || element.type === 'comment').map((element) => element.name);

/** A complete, valid 2023 answer object drawn at random: every matrix row a level, every choice a code. */
const validAnswers: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries(
    elements.map((element): [string, fc.Arbitrary<unknown>] => {
      switch (element.type) {
        case 'matrix':
          return [
            element.name,
            fc.record(
              Object.fromEntries(
                (element.rows ?? []).map((row) => [String(valueOf(row)), fc.constantFrom(...(element.columns ?? []).map(valueOf))]),
              ),
            ),
          ];
        case 'radiogroup':
          return [
            element.name,
            element.name === 'rolle' ? fc.constant('ki_trainer') : fc.constantFrom(...(element.choices ?? []).map(valueOf)),
          ];
        default:
          return [element.name, fc.string({ maxLength: 40 })];
      }
    }),
  ),
);

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
};

/** Values no questionnaire expects: wrong types, odd unicode, huge strings, deep nesting. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom<unknown>(
    '\ud800',
    '\udfff',
    'a\u0000b',
    '\u0000',
    '\u202e\u200fرمز',
    '😀👩‍👩‍👧',
    'x'.repeat(200_000),
    "' OR 1=1 --",
    "'; DROP TABLE responses; --",
    '__proto__',
    'constructor',
    -1,
    5,
    1.5,
    Number.MAX_SAFE_INTEGER,
    '4 ',
    'NA',
    true,
    null,
    [],
    {},
    nested(200),
    nested(2_000),
  ),
);

const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    "'; DROP TABLE answers; --",
    '\u0000',
    '\ud800',
    'chancen.werbung',
    '',
  ),
);

/** A valid answer object with one to three of its questions or items replaced, removed or joined by unknown ones. */
const mutatedAnswers: fc.Arbitrary<unknown> = fc
  .tuple(
    validAnswers,
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 }), hostileKey, hostileValue), { minLength: 1, maxLength: 3 }),
  )
  .map(([answers, mutations]) => {
    const result: Record<string, unknown> = structuredClone(answers);
    for (const [questionIndex, itemIndex, kind, key, value] of mutations) {
      const question = elements[questionIndex % elements.length].name;
      const current = result[question];
      if (kind === 0) result[question] = value;
      else if (kind === 1) Object.defineProperty(result, key, { value, enumerable: true, configurable: true, writable: true });
      else if (kind === 2) delete result[question];
      else if (current !== null && typeof current === 'object') {
        const items = Object.keys(current);
        (current as Record<string, unknown>)[items[itemIndex % items.length]] = value;
      }
    }
    return result;
  });

/** A request body of any shape, with or without a plausible envelope. */
const hostileBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }),
  fc.object({ maxDepth: 3 }),
  fc.record(
    { answers: mutatedAnswers, complete: fc.oneof(fc.boolean(), hostileValue), revision: fc.option(hostileValue, { nil: undefined }) },
    { requiredKeys: ['answers'] },
  ),
  fc.record({ answers: mutatedAnswers, complete: fc.boolean() }),
);

const STACK_TRACE = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\/work\/|\.[jt]s:\d+/;

const SQL_STRINGS = [
  "' OR 1=1 --",
  "'; DROP TABLE responses; --",
  '1; DELETE FROM waves',
  '" OR ""="',
  "%' UNION SELECT token_hash FROM invitations --",
];

describe('hostile input: generated and mutated payloads, odd bodies, SQL-looking parameters, token guessing', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  let tokens: string[];
  let address = 0;
  const http = () => request(testApp.app.getHttpServer());
  /** Spreads the fuzzing over many client addresses so that the per-address limit does not answer instead of the code under test. */
  const nextAddress = () => {
    address += 1;
    return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
  };

  const expectNoLeak = (response: request.Response) => {
    expect(response.status).toBeLessThan(500);
    expect(response.text).not.toMatch(STACK_TRACE);
  };

  /**
   * The respondent page (`/survey/:token`): German HTML, the status expected, never a stack trace, and
   * the token not echoed (the page reads it from its own address; echoing it would invite injection).
   */
  const expectGermanPage = (response: request.Response, status: number, token: string) => {
    expectNoLeak(response);
    expect({ token, status: response.status, type: response.headers['content-type'] }).toEqual({
      token,
      status,
      type: 'text/html; charset=utf-8',
    });
    expect(response.text).toMatch(/^<!doctype html>\s*<html lang="de">/i);
    expect(response.text).toContain('Fragebogen wird geladen');
    if (token.length >= 6) {
      expect(response.text).not.toContain(token);
      expect(response.text).not.toContain(encodeURIComponent(token));
    }
  };

  /** Every stored cell holds a value of the scale or a choice code, or is a free text's (no value); every stored response is a JSON object. */
  const expectOnlyValidRowsStored = async () => {
    const invalidRows = await testApp.dataSource.query(
      `SELECT question_code, item_code, value FROM ${ANSWER_CELLS} a
        WHERE NOT (value = ANY($1::text[]) OR (value IS NULL AND question_code = ANY($2::text[])))`,
      [[...SCALE_VALUES, ...choiceCodes], textQuestions],
    );
    expect(invalidRows).toEqual([]);
    const unknownQuestions = await testApp.dataSource.query(
      `SELECT DISTINCT question_code FROM ${ANSWER_CELLS} a WHERE NOT (question_code = ANY($1::text[]))`,
      [elements.map((element) => element.name)],
    );
    expect(unknownQuestions).toEqual([]);
    const [shapes] = await testApp.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE jsonb_typeof(answers) <> 'object')::int AS "notObjects" FROM responses`,
    );
    expect(shapes.notObjects).toBe(0);
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'fuzz' });
    tokens = await invite(testApp.app, staff.admin, 'fuzz', 400);
  });

  afterAll(() => testApp.close());

  it('answers every generated or mutated respondent payload below 500, without a stack trace, and stores only valid rows', async () => {
    let run = 0;
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        const token = tokens[run % tokens.length];
        run += 1;
        const response = await http()
          .put(`/api/respond/${token}`)
          .set('X-Forwarded-For', nextAddress())
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body));
        statuses.add(response.status);
        expectNoLeak(response);
      }),
      // endOnFailure: no shrinking, so a failure is reported at once and the run stays bounded in time.
      { numRuns: 400, endOnFailure: true },
    );
    await expectOnlyValidRowsStored();
    // The generator reaches both refusals and accepted saves: the property did not pass by never getting past validation.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 422]));
  });

  it('stores a mutated answer object either completely valid or not at all, and the stored JSONB matches the accepted payload (without unanswered questions)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(mutatedAnswers, fc.boolean(), async (answers, complete) => {
        const token = tokens[200 + (run % 200)];
        run += 1;
        const before = await storedAnswers(token);
        const response = await http()
          .put(`/api/respond/${token}`)
          .set('X-Forwarded-For', nextAddress())
          .send({ answers, complete, ...(before ? { revision: before.revision } : {}) });
        expectNoLeak(response);
        const after = await storedAnswers(token);
        // Compared as booleans: a failing toEqual would make jest diff 200,000-character strings, which takes minutes.
        const outcome =
          response.status === 200
            ? isDeepStrictEqual(after?.answers, withoutUnanswered(JSON.parse(JSON.stringify(answers))))
            : isDeepStrictEqual(after, before);
        expect({ status: response.status, storedAsExpected: outcome }).toEqual({ status: response.status, storedAsExpected: true });
      }),
      { numRuns: 300, endOnFailure: true },
    );
    await expectOnlyValidRowsStored();
  });

  const storedAnswers = async (token: string) => {
    const [row] = await testApp.dataSource.query(
      `SELECT r.revision, r.answers FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token_hash = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    return row as { revision: number; answers: Record<string, unknown> } | undefined;
  };

  it('refuses a body over 1 MiB with 413, a text/plain body with 415, malformed JSON with 400', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'fuzz', 1);
    const huge = { answers: { zentrum: 'x'.repeat(1_100_000), rolle: 'ki_trainer' }, complete: true };
    const tooLarge = await http().put(`/api/respond/${token}`).set('X-Forwarded-For', nextAddress()).send(huge);
    expect(tooLarge.status).toBe(413);
    expectNoLeak(tooLarge);

    const plain = await http()
      .put(`/api/respond/${token}`)
      .set('X-Forwarded-For', nextAddress())
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ answers: { rolle: 'ki_trainer' }, complete: true }));
    expect(plain.status).toBe(415);
    expect(plain.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/json') });
    expectNoLeak(plain);

    for (const malformed of ['{"answers": {', '{answers: 1}', '{"answers":{}} trailing', '\u0000', '{"a":"\\ud800"']) {
      const response = await http()
        .put(`/api/respond/${token}`)
        .set('X-Forwarded-For', nextAddress())
        .set('Content-Type', 'application/json')
        .send(malformed);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('MALFORMED_JSON');
      expectNoLeak(response);
    }
    expect(await storedAnswers(token)).toBeUndefined();
  });

  it('refuses a NUL character or a lone surrogate in a text answer with 422 (PostgreSQL JSONB cannot store them), not 500', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'fuzz', 1);
    for (const text of ['a\u0000b', '\ud800', 'x\udfffy']) {
      for (const answers of [
        { zentrum: text, rolle: 'ki_trainer' },
        { rolle: 'ki_trainer', transfer_sonstiges: text },
      ]) {
        const response = await http().put(`/api/respond/${token}`).set('X-Forwarded-For', nextAddress()).send({ answers, complete: false });
        expectNoLeak(response);
        expect(response.status).toBe(422);
      }
    }
    expect(await storedAnswers(token)).toBeUndefined();
  });

  it('refuses deeply nested answers (2,000 and 50,000 levels, well under 1 MiB) with a 4xx, not 500', async () => {
    const [token] = await invite(testApp.app, staff.admin, 'fuzz', 1);
    for (const depth of [2_000, 50_000]) {
      const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      for (const body of [
        `{"answers":{"zentrum":${deep},"rolle":"ki_trainer"},"complete":false}`,
        `{"answers":${deep},"complete":false}`,
        `{"answers":{},"complete":false,"x":${deep}}`,
      ]) {
        const response = await http()
          .put(`/api/respond/${token}`)
          .set('X-Forwarded-For', nextAddress())
          .set('Content-Type', 'application/json')
          .send(body);
        expectNoLeak(response);
        expect({ depth, clientError: response.status >= 400 && response.status < 500 }).toEqual({ depth, clientError: true });
      }
    }
    expect(await storedAnswers(token)).toBeUndefined();
  });

  it('answers SQL-looking strings in every path and query parameter with a 4xx and leaves every table intact', async () => {
    const count = async () =>
      (
        await testApp.dataSource.query(
          `SELECT (SELECT count(*) FROM responses)::int AS r, (SELECT count(*) FROM waves)::int AS w, (SELECT count(*) FROM invitations)::int AS i, (SELECT count(*) FROM ${ANSWER_CELLS} a)::int AS a, (SELECT count(*) FROM definition_versions)::int AS d`,
        )
      )[0];
    const before = await count();
    const admin = (call: request.Test) => call.auth(staff.admin, { type: 'bearer' }).set('X-Forwarded-For', nextAddress());
    for (const raw of SQL_STRINGS) {
      const value = encodeURIComponent(raw);
      const calls: Array<[string, request.Test]> = [
        ['GET respond', http().get(`/api/respond/${value}`).set('X-Forwarded-For', nextAddress())],
        [
          'PUT respond',
          http()
            .put(`/api/respond/${value}`)
            .set('X-Forwarded-For', nextAddress())
            .send({ answers: { rolle: 'ki_trainer' }, complete: true }),
        ],
        ['GET wave', admin(http().get(`/api/waves/${value}`))],
        ['PATCH wave', admin(http().patch(`/api/waves/${value}`)).send({ title: 'x' })],
        ['DELETE wave', admin(http().delete(`/api/waves/${value}`))],
        ['POST open', admin(http().post(`/api/waves/${value}/open`))],
        ['POST close', admin(http().post(`/api/waves/${value}/close`))],
        ['POST reopen', admin(http().post(`/api/waves/${value}/reopen`))],
        ['GET events', admin(http().get(`/api/waves/${value}/events`))],
        ['GET invitations', admin(http().get(`/api/waves/${value}/invitations`))],
        ['POST invitations', admin(http().post(`/api/waves/${value}/invitations`)).send({ count: 1 })],
        ['GET definition', admin(http().get(`/api/definitions/${value}/versions/2023`))],
        ['GET definition version', admin(http().get(`/api/definitions/ki-mittelstand/versions/${value}`))],
        ['GET codebook', admin(http().get(`/api/definitions/ki-mittelstand/versions/${value}/codebook`))],
        ['PUT definition', admin(http().put(`/api/definitions/${value}/versions/${value}`)).send({ pages: [] })],
        ['GET diff survey', admin(http().get(`/api/definitions/${value}/diff?from=2021&to=2023`))],
        ['GET diff query', admin(http().get(`/api/definitions/ki-mittelstand/diff?from=${value}&to=${value}`))],
      ];
      for (const [name, call] of calls) {
        const response = await call;
        expectNoLeak(response);
        expect({ name, raw, clientError: response.status >= 400 && response.status < 500 }).toEqual({ name, raw, clientError: true });
      }
      // Routes that take no query parameters ignore them; the questionnaire page is the same German HTML for any token.
      expectNoLeak(await admin(http().get(`/api/waves?status=${value}&surveyId=${value}`)));
      expectGermanPage(await http().get(`/survey/${value}`).set('X-Forwarded-For', nextAddress()), 200, raw);
    }
    expect(await count()).toEqual(before);
  });

  it('answers the respondent page for any token, hostile or unknown, with the German page; without a token with the German page and 404', async () => {
    const hostileTokens = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      '{{asset:survey-page.js}}',
      '../../../etc/passwd',
      '..',
      '\u202e\u200fرمز😀',
      'x'.repeat(4_000),
      tokens[0].slice(0, -1),
      ...SQL_STRINGS,
    ];
    for (const token of hostileTokens)
      expectGermanPage(
        await http()
          .get(`/survey/${encodeURIComponent(token)}`)
          .set('X-Forwarded-For', nextAddress()),
        200,
        token,
      );
    await fc.assert(
      // NUL is refused before any route (below).
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((token) => !token.includes('\u0000')),
        async (token) => {
          expectGermanPage(
            await http()
              .get(`/survey/${encodeURIComponent(token)}`)
              .set('X-Forwarded-For', nextAddress()),
            200,
            token,
          );
        },
      ),
      { numRuns: 150, endOnFailure: true },
    );
    for (const path of ['/survey/', '/survey']) expectGermanPage(await http().get(path).set('X-Forwarded-For', nextAddress()), 404, '');
    // Percent-encoding that does not decode to text, or decodes to a NUL or a lone surrogate: a clear 400, no stack trace.
    for (const path of ['/survey/%E0%A4%A', '/survey/%', '/survey/%zz', '/survey/a%00b', '/survey/%ED%A0%80']) {
      const response = await http().get(path).set('X-Forwarded-For', nextAddress());
      expectNoLeak(response);
      expect({ path, status: response.status, body: response.body }).toEqual({
        path,
        status: 400,
        body: expect.objectContaining({ statusCode: 400, message: expect.any(String) }),
      });
    }
    // The page of a real invitation is the same page: the token is checked by the API the page calls, not here.
    expectGermanPage(await http().get(`/survey/${tokens[0]}`).set('X-Forwarded-For', nextAddress()), 200, tokens[0]);
  });

  it('answers mutated questionnaire definitions with a 2xx or 4xx, never a 5xx or a stack trace', async () => {
    const base = JSON.parse(readFileSync(DEFINITION_PATH, 'utf8')) as Record<string, unknown>;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 5 }),
          fc.tuple(fc.nat(), fc.nat(), hostileKey, hostileValue).map(([pageIndex, elementIndex, key, value]) => {
            const copy = structuredClone(base) as { pages: Array<{ elements: Array<Record<string, unknown>> }> };
            const page = copy.pages[pageIndex % copy.pages.length];
            const element = page.elements[elementIndex % page.elements.length];
            const field = ['name', 'type', 'rows', 'columns', 'choices', 'title', key][(pageIndex + elementIndex) % 7];
            Object.defineProperty(element, field, { value, enumerable: true, configurable: true, writable: true });
            return copy;
          }),
        ),
        async (body) => {
          run += 1;
          const response = await http()
            .put(`/api/definitions/fuzz-${run % 5}/versions/v${run}`)
            .auth(staff.admin, { type: 'bearer' })
            .set('X-Forwarded-For', nextAddress())
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
          expectNoLeak(response);
        },
      ),
      { numRuns: 200, endOnFailure: true },
    );
  });

  it('rate-limits token guessing from one address: unknown tokens are answered 404 until 429', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const guess = Buffer.from(`guess-${attempt}-abcdefghijklmnop`).toString('base64url');
      const response = await http().get(`/api/respond/${guess}`).set('X-Forwarded-For', '192.0.2.7');
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 40).every((status) => status === 404)).toBe(true);
    expect(statuses.slice(40).every((status) => status === 429)).toBe(true);
    const limited = await http().get('/api/respond/AAAAAAAAAAAAAAAAAAAAAAAA').set('X-Forwarded-For', '192.0.2.7').expect(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/Too many requests/),
      requestId: expect.any(String),
    });
    // Another address is not affected by the first one's guessing.
    await http().get(`/api/respond/${tokens[0]}`).set('X-Forwarded-For', '192.0.2.8').expect(200);
  });
});
