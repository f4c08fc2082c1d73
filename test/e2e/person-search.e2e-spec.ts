import request from 'supertest';
import { ConsoleStaff, ConsoleUser, createConsoleStaff } from '../support/console';
import { createWave } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

interface Person {
  id: string;
  token: string;
}

/**
 * Issue 16, "in a minute": an admin finds a person by e-mail address across all waves (API and console page "Person
 * finden"), each search audited per wave without the address; the erasure's confirmation refuses a reason that names the
 * person with a German message at the field, keeping the text, and returns to the search when started there.
 */
describe('finding a person by e-mail address', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  /** Erika in three waves (2023 closed, 2024 open and blocked there, 2025 open), Max only in 2025. */
  let erika2023: Person;
  let erika2024: Person;
  let erika2025: Person;
  let max2025: Person;
  const http = () => request(testApp.app.getHttpServer());
  const api = (test: request.Test, token = staff.admin.token) => test.auth(token, { type: 'bearer' });
  const get = (path: string, user: ConsoleUser = staff.admin) => http().get(path).set('Cookie', user.cookie);
  const post = (path: string, form: Record<string, string> = {}, user: ConsoleUser = staff.admin, csrf = true) =>
    http()
      .post(path)
      .set('Cookie', user.cookie)
      .type('form')
      .send({ ...(csrf ? { _csrf: user.csrf } : {}), ...form });
  const query = <T>(sql: string, parameters: unknown[] = []) => testApp.dataSource.query<T[]>(sql, parameters);
  const searches = () =>
    query<{ actor: string; wave_code: string; details: Record<string, unknown> }>(
      `SELECT actor, wave_code, details FROM audit_events
        WHERE action = 'invitation.contacts-viewed' AND details->>'purpose' = 'person-search' ORDER BY id`,
    );
  const invite = async (code: string, contacts: object[]): Promise<Person[]> => {
    const created = await api(http().post(`/api/waves/${code}/invitations`))
      .send({ invitations: contacts })
      .expect(201);
    return (created.body.invitations as Person[]).map(({ id, token }) => ({ id, token }));
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
    const erika = { email: 'Erika.Muster@Example.org', name: 'Dr. Erika Mustermann', organisation: 'Muster GmbH' };
    await createWave(testApp.app, staff.admin.token, {
      code: 'ps-2023',
      title: 'KI im Mittelstand 2023',
      opensAt: '2023-05-01T06:00:00Z',
      closesAt: '2023-07-01T21:59:00Z',
      open: false,
    });
    // Invitations need a wave that is not closed: invite first, then it stays a draft (a past wave).
    [erika2023] = await invite('ps-2023', [{ ...erika, email: 'erika.muster@example.org', organisation: 'Muster KG' }]);
    await createWave(testApp.app, staff.admin.token, {
      code: 'ps-2024',
      title: 'KI im Mittelstand 2024',
      opensAt: '2024-05-01T06:00:00Z',
      closesAt: '2024-07-01T21:59:00Z',
      open: false,
    });
    [erika2024] = await invite('ps-2024', [erika]);
    await api(http().post(`/api/waves/ps-2024/invitations/${erika2024.id}/block`)).expect(200);
    await createWave(testApp.app, staff.admin.token, { code: 'ps-2025', title: 'KI im Mittelstand 2025' });
    [max2025, erika2025] = await invite('ps-2025', [
      { email: 'max.beispiel@example.org', name: 'Max Beispiel', organisation: 'Beispiel AG' },
      { ...erika, email: 'erika.muster@example.org' },
    ]);
    await http()
      .put(`/api/respond/${erika2025.token}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete: false })
      .expect(200);
  }, 120_000);

  afterAll(() => testApp.close());

  describe('GET /api/invitations?email=', () => {
    it('finds the person in every wave, the newest wave first, whatever the case and spaces of the address', async () => {
      const found = await api(http().get('/api/invitations').query({ email: '  ERIKA.muster@example.ORG ' })).expect(200);
      expect(found.body).toEqual([
        {
          id: erika2025.id,
          wave: { code: 'ps-2025', title: 'KI im Mittelstand 2025' },
          status: 'started',
          name: 'Dr. Erika Mustermann',
          organisation: 'Muster GmbH',
        },
        {
          id: erika2024.id,
          wave: { code: 'ps-2024', title: 'KI im Mittelstand 2024' },
          status: 'blocked',
          name: 'Dr. Erika Mustermann',
          organisation: 'Muster GmbH',
        },
        {
          id: erika2023.id,
          wave: { code: 'ps-2023', title: 'KI im Mittelstand 2023' },
          status: 'unused',
          name: 'Dr. Erika Mustermann',
          organisation: 'Muster KG',
        },
      ]);
      const max = await api(http().get('/api/invitations?email=max.beispiel%40example.org')).expect(200);
      expect(max.body.map((one: { id: string }) => one.id)).toEqual([max2025.id]);
    });

    it('answers [] for an address nobody has, and records no view', async () => {
      const before = await searches();
      const nobody = await api(http().get('/api/invitations?email=niemand%40example.org')).expect(200);
      expect(nobody.body).toEqual([]);
      // A part of an address is not a match.
      await api(http().get('/api/invitations?email=muster%40example.org')).expect(200, []);
      expect(await searches()).toEqual(before);
    });

    it('records each search that finds someone per wave (who, which invitations), never the address', async () => {
      const before = (await searches()).length;
      await api(http().get('/api/invitations?email=erika.muster%40example.org')).expect(200);
      const events = (await searches()).slice(before);
      expect(events).toEqual([
        {
          actor: 'Anna Admin (admin)',
          wave_code: 'ps-2025',
          details: { purpose: 'person-search', count: 1, invitationIds: [erika2025.id] },
        },
        {
          actor: 'Anna Admin (admin)',
          wave_code: 'ps-2024',
          details: { purpose: 'person-search', count: 1, invitationIds: [erika2024.id] },
        },
        {
          actor: 'Anna Admin (admin)',
          wave_code: 'ps-2023',
          details: { purpose: 'person-search', count: 1, invitationIds: [erika2023.id] },
        },
      ]);
      const everything = await query<{ text: string }>('SELECT json_agg(a)::text AS text FROM audit_events a');
      expect(everything[0].text.toLowerCase()).not.toContain('erika.muster@example.org');
    });

    it.each([
      ['no address', ''],
      ['not an address', '?email=erika.muster'],
      ['an address with a space inside', '?email=erika%20muster%40example.org'],
      ['an address too long', `?email=${'a'.repeat(320)}%40example.org`],
    ])('refuses %s with 422 VALIDATION_FAILED at email', async (_case, search) => {
      const before = await searches();
      const refused = await api(http().get(`/api/invitations${search}`)).expect(422);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.errors.map((error: { path: string }) => error.path)).toContain('email');
      expect(await searches()).toEqual(before);
    });

    it('refuses analysts (403) and records nothing', async () => {
      const before = await searches();
      const refused = await api(http().get('/api/invitations?email=erika.muster%40example.org'), staff.analyst.token).expect(403);
      expect(JSON.stringify(refused.body)).not.toContain('Erika');
      expect(await searches()).toEqual(before);
    });

    it('is in the OpenAPI document with its query and its refusals', async () => {
      const document = await http().get('/api/docs-json').expect(200);
      const operation = document.body.paths['/api/invitations'].get;
      expect(operation.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'email', in: 'query', required: true })]),
      );
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '403', '422']));
    });
  });

  describe('console: Person finden', () => {
    it('is in the navigation of admins only; analysts get 403 for the page and the search', async () => {
      const overview = await get('/admin').expect(200);
      expect(overview.text).toContain('<a href="/admin/personen">Person finden</a>');
      const analystOverview = await get('/admin', staff.analyst).expect(200);
      expect(analystOverview.text).not.toContain('/admin/personen');
      await get('/admin/personen', staff.analyst).expect(403);
      const before = await searches();
      const refused = await post('/admin/personen', { email: 'erika.muster@example.org' }, staff.analyst).expect(403);
      expect(refused.text).not.toContain('Erika');
      expect(await searches()).toEqual(before);
    });

    it('shows an e-mail field with a label; the search is a POST form, so the address stays out of the URL', async () => {
      const page = await get('/admin/personen').expect(200);
      expect(page.text).toContain('<h1>Person finden</h1>');
      expect(page.text).toContain('<a href="/admin/personen" aria-current="page">Person finden</a>');
      expect(page.text).toContain('<form method="post" action="/admin/personen"');
      expect(page.text).toContain('<label for="email">E-Mail-Adresse der Person</label>');
      expect(page.text).toMatch(/<input type="email" id="email" name="email" value=""[^>]* required/);
      expect(page.text).not.toContain('<table');
    });

    it('lists each wave’s invitation with its state, "Auskunft" and "Löschen …", newest wave first', async () => {
      const page = await post('/admin/personen', { email: ' Erika.Muster@example.org ' }).expect(200);
      expect(page.text).toContain('3 Einladungen mit der Adresse <strong>Erika.Muster@example.org</strong>.');
      expect(page.text).toContain('<caption>Einladungen mit der Adresse Erika.Muster@example.org, die neueste Welle zuerst</caption>');
      expect(page.text).toContain('value="Erika.Muster@example.org"');
      const rows = page.text.split('<tr>').slice(2);
      expect(rows).toHaveLength(3);
      expect(rows[0]).toContain('KI im Mittelstand 2025');
      expect(rows[0]).toContain('Dr. Erika Mustermann<span class="mail-org">Muster GmbH</span>');
      expect(rows[0]).toContain('>begonnen</span>');
      expect(rows[0]).toContain(`href="/admin/wellen/ps-2025/einladungen/${erika2025.id}/auskunft" download>Auskunft`);
      expect(rows[0]).toContain(`href="/admin/wellen/ps-2025/einladungen/${erika2025.id}/loeschen?von=personen">Löschen …`);
      expect(rows[1]).toContain('KI im Mittelstand 2024');
      expect(rows[1]).toContain('>gesperrt</span>');
      expect(rows[2]).toContain('KI im Mittelstand 2023');
      expect(rows[2]).toContain('Muster KG');
      expect(rows[2]).toContain('>nicht begonnen</span>');
      expect(page.text).not.toContain('Max Beispiel');
    });

    it('says so when nobody has the address', async () => {
      const page = await post('/admin/personen', { email: 'niemand@example.org' }).expect(200);
      expect(page.text).toContain('Keine Einladung mit der Adresse <strong>niemand@example.org</strong>.');
      expect(page.text).not.toContain('<table');
    });

    it('re-renders the form with 422 and a German message at the field for an invalid address, keeping it', async () => {
      const before = await searches();
      const page = await post('/admin/personen', { email: 'erika.muster' }).expect(422);
      expect(page.text).toContain(
        '<p class="field-error" id="email-error">Bitte geben Sie eine vollständige E-Mail-Adresse ein, zum Beispiel name@example.org.</p>',
      );
      expect(page.text).toContain('value="erika.muster"');
      expect(page.text).toContain('aria-describedby="email-hint email-error" aria-invalid="true"');
      await post('/admin/personen', {}).expect(422);
      expect(await searches()).toEqual(before);
    });

    it('refuses a search without CSRF token (403) and records nothing', async () => {
      const before = await searches();
      await post('/admin/personen', { email: 'erika.muster@example.org' }, staff.admin, false).expect(403);
      expect(await searches()).toEqual(before);
    });
  });

  describe('erasure started from the search', () => {
    const contactOf = (id: string) => query('SELECT invitation_id FROM invitation_contacts WHERE invitation_id = $1', [id]);

    it('refuses a reason naming the person (stored name or organisation, any case) with 422 at the field, keeping the text, deleting nothing', async () => {
      const path = `/admin/wellen/ps-2025/einladungen/${erika2025.id}/loeschen?von=personen`;
      const confirm = await get(path).expect(200);
      expect(confirm.text).toContain(`action="/admin/wellen/ps-2025/einladungen/${erika2025.id}/loeschen?von=personen"`);
      expect(confirm.text).toContain('<a href="/admin/personen">Abbrechen</a>');
      for (const reason of ['Antrag von Dr. Erika Mustermann per Brief', 'Anruf der muster gmbh, Vorgang 7']) {
        const refused = await post(path, { reason }).expect(422);
        expect(refused.text).toContain('<p class="field-error" id="reason-error">Der Grund darf die Person nicht nennen');
        expect(refused.text).toContain('aria-describedby="reason-hint reason-error" aria-invalid="true"');
        expect(refused.text).toContain(`>${reason}</textarea>`);
        expect(refused.text).toContain('Es wurde noch nichts gelöscht.');
        expect(refused.text).toContain(`action="/admin/wellen/ps-2025/einladungen/${erika2025.id}/loeschen?von=personen"`);
      }
      // Any address is refused before the service is asked, also one without a domain ending (as the API does).
      const address = await post(path, { reason: 'Antrag von erika@muster' }).expect(422);
      expect(address.text).toContain('Der Grund enthält eine E-Mail-Adresse.');
      expect(await contactOf(erika2025.id)).toHaveLength(1);
      expect(await query(`SELECT 1 FROM audit_events WHERE action = 'invitation.erased'`)).toHaveLength(0);
    });

    it('erases with a neutral reason and returns to the search with the German message; the search then finds the other waves only', async () => {
      const done = await post(`/admin/wellen/ps-2025/einladungen/${erika2025.id}/loeschen?von=personen`, {
        reason: 'Löschantrag per Brief vom 12.10.2025, Vorgang 7',
      }).expect(303);
      expect(done.headers.location).toBe('/admin/personen');
      const page = await get('/admin/personen').expect(200);
      expect(page.text).toMatch(
        /<p class="flash" role="status">Gelöscht: die Kontaktdaten und die begonnene Antwort \(1 Einzelantwort\)\./,
      );
      expect(await contactOf(erika2025.id)).toHaveLength(0);
      const again = await post('/admin/personen', { email: 'erika.muster@example.org' }).expect(200);
      expect(again.text).toContain('2 Einladungen mit der Adresse');
      expect(again.text).not.toContain(erika2025.id);
    });
  });
});
