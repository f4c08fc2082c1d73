import request from 'supertest';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/** Issue 14, contacts: e-mail, name, salutation and organisation per invitation, in their own table, for admins only. */
describe('invitations: contact data (name, salutation, organisation)', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const as = (token: string, test: request.Test) => test.auth(token, { type: 'bearer' });
  const create = (body: object, wave = 'kontakte') => as(staff.admin, http().post(`/api/waves/${wave}/invitations`)).send(body);
  const counts = async () =>
    (
      await testApp.dataSource.query<Array<{ invitations: number; contacts: number }>>(
        `SELECT (SELECT count(*)::int FROM invitations) AS invitations, (SELECT count(*)::int FROM invitation_contacts) AS contacts`,
      )
    )[0];

  const erika = {
    email: 'erika@zentrum.example',
    name: '  Dr. Erika Beispiel ',
    salutation: 'Sehr geehrte Frau Dr. Beispiel',
    organisation: 'Mittelstand-Digital Zentrum Hamburg\t',
    label: 'Zentrum Hamburg',
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'kontakte' });
  });

  afterAll(() => testApp.close());

  it('stores name, salutation and organisation (trimmed) with the e-mail in the contact table; the admin contact route returns them', async () => {
    const created = await create({ invitations: [erika, { email: 'ohne-name@example.org' }, { label: 'Anonym' }] }).expect(201);
    const [withContact, emailOnly, anonymous] = created.body.invitations as Array<{ id: string; label: string | null }>;
    expect(withContact.label).toBe('Zentrum Hamburg');

    expect(
      await testApp.dataSource.query('SELECT email, name, salutation, organisation FROM invitation_contacts WHERE invitation_id = $1', [
        withContact.id,
      ]),
    ).toEqual([
      {
        email: 'erika@zentrum.example',
        name: 'Dr. Erika Beispiel',
        salutation: 'Sehr geehrte Frau Dr. Beispiel',
        organisation: 'Mittelstand-Digital Zentrum Hamburg',
      },
    ]);
    // Nothing of the contact in the invitations table itself.
    const [invitationRow] = await testApp.dataSource.query('SELECT * FROM invitations WHERE id = $1', [withContact.id]);
    expect(JSON.stringify(invitationRow)).not.toMatch(/Beispiel|erika@|Mittelstand-Digital/);

    const contact = await as(staff.admin, http().get(`/api/waves/kontakte/invitations/${withContact.id}/contact`)).expect(200);
    expect(contact.body).toEqual({
      id: withContact.id,
      label: 'Zentrum Hamburg',
      email: 'erika@zentrum.example',
      name: 'Dr. Erika Beispiel',
      salutation: 'Sehr geehrte Frau Dr. Beispiel',
      organisation: 'Mittelstand-Digital Zentrum Hamburg',
    });
    expect((await as(staff.admin, http().get(`/api/waves/kontakte/invitations/${emailOnly.id}/contact`)).expect(200)).body).toEqual({
      id: emailOnly.id,
      label: null,
      email: 'ohne-name@example.org',
      name: null,
      salutation: null,
      organisation: null,
    });
    expect((await as(staff.admin, http().get(`/api/waves/kontakte/invitations/${anonymous.id}/contact`)).expect(200)).body).toEqual({
      id: anonymous.id,
      label: 'Anonym',
      email: null,
      name: null,
      salutation: null,
      organisation: null,
    });
    await as(staff.analyst, http().get(`/api/waves/kontakte/invitations/${withContact.id}/contact`)).expect(403);
  });

  it('keeps contact data out of the invitation list (analyst and admin), the audit trail and the raw export', async () => {
    const created = await create({
      invitations: [{ email: 'hans@kammer.example', name: 'Hans Kammer', salutation: 'Lieber Hans', organisation: 'Handelskammer Nord' }],
    }).expect(201);
    const [{ token }] = created.body.invitations as Array<{ token: string }>;
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete: true })
      .expect(200);
    const secrets = /Hans Kammer|Lieber Hans|Handelskammer Nord|hans@kammer|Beispiel|erika@|Mittelstand-Digital|Sehr geehrte/;

    for (const token of [staff.analyst, staff.admin]) {
      const list = await as(token, http().get('/api/waves/kontakte/invitations')).expect(200);
      expect(list.body.length).toBeGreaterThanOrEqual(4);
      expect(JSON.stringify(list.body)).not.toMatch(secrets);
      for (const invitation of list.body as Array<Record<string, unknown>>) {
        expect(invitation).not.toHaveProperty('email');
        expect(invitation).not.toHaveProperty('name');
        expect(invitation).not.toHaveProperty('salutation');
        expect(invitation).not.toHaveProperty('organisation');
      }
    }
    const events = await as(staff.admin, http().get('/api/waves/kontakte/events')).expect(200);
    expect(JSON.stringify(events.body)).not.toMatch(secrets);
    const csv = await as(staff.admin, http().get('/api/waves/kontakte/responses.csv')).expect(200);
    expect(csv.text).toContain('ki_trainer');
    expect(csv.text).not.toMatch(secrets);
  });

  it.each([
    [
      'a name without an e-mail address',
      { invitations: [{ email: 'ok@example.org' }, { name: 'Ohne Adresse', label: 'X' }] },
      'invitations.1.name',
      'name is contact data and is stored only together with an email',
    ],
    [
      'a salutation without an e-mail address',
      { invitations: [{ salutation: 'Sehr geehrter Herr Test' }] },
      'invitations.0.salutation',
      'salutation is contact data and is stored only together with an email',
    ],
    [
      'an organisation without an e-mail address',
      { invitations: [{ organisation: 'Firma' }] },
      'invitations.0.organisation',
      'organisation is contact data and is stored only together with an email',
    ],
    [
      'a name of 201 characters',
      { invitations: [{ email: 'lang@example.org', name: 'N'.repeat(201) }] },
      'invitations.0.name',
      'name must be 1 to 200 characters long (after trimming)',
    ],
    [
      'an organisation of only spaces',
      { invitations: [{ email: 'leer@example.org', organisation: '   ' }] },
      'invitations.0.organisation',
      'organisation must be 1 to 200 characters long (after trimming)',
    ],
    [
      'a salutation with a line break',
      { invitations: [{ email: 'zeile@example.org', salutation: 'Hallo\nBcc: x@example.org' }] },
      'invitations.0.salutation',
      'salutation must be one line without control characters',
    ],
    ['a name that is not text', { invitations: [{ email: 'zahl@example.org', name: 42 }] }, 'invitations.0.name', 'name must be a string'],
    [
      'an invalid e-mail address with a name',
      { invitations: [{ email: 'keine-adresse', name: 'Anna' }] },
      'invitations.0.email',
      'email must be an e-mail address',
    ],
    [
      'an unknown contact field',
      { invitations: [{ email: 'vorname@example.org', vorname: 'Anna' }] },
      'invitations.0.vorname',
      'property vorname should not exist',
    ],
  ])('refuses %s with 422 and the path, storing nothing', async (_, body, path, message) => {
    const before = await counts();
    const refused = await create(body).expect(422);
    expect(refused.body.errors).toEqual(expect.arrayContaining([{ path, message }]));
    expect(await counts()).toEqual(before);
  });
});
