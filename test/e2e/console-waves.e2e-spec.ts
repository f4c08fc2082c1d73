import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { configureApp } from '../../src/configure-app';
import { formatDateTime, toLocalInput } from '../../src/common/german-time';
import { DatabaseServer } from '../../src/database/database-server';
import { WaveAutoCloseService } from '../../src/waves/wave-auto-close.service';
import { ConsoleStaff, ConsoleUser, createConsoleStaff } from '../support/console';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The real clock, moved by `offsetMs`. */
class MovableClock extends Clock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const SURVEY_LINK = /https?:\/\/[^\s"<>]+\/survey\/([A-Za-z0-9_-]{43})/g;

describe('staff console: Neue Welle, Welle, Einladungen', () => {
  let app: NestExpressApplication;
  let database: TestDatabase;
  let dataSource: DataSource;
  let staff: ConsoleStaff;
  const clock = new MovableClock();
  const http = () => request(app.getHttpServer());
  const get = (path: string, user: ConsoleUser = staff.admin) => http().get(path).set('Cookie', user.cookie);
  const post = (path: string, form: Record<string, string | string[]> = {}, user: ConsoleUser = staff.admin) =>
    http()
      .post(path)
      .set('Cookie', user.cookie)
      .type('form')
      .send({ _csrf: user.csrf, ...form });
  const newWave = (code: string, extra: Record<string, string> = {}) =>
    post('/admin/wellen/neu', { code, title: `Welle ${code}`, definition: 'ki-mittelstand/2023', opensAt: '', closesAt: '', ...extra });
  const statusOf = async (code: string): Promise<string | undefined> =>
    (await dataSource.query('SELECT status FROM waves WHERE code = $1', [code]))[0]?.status;
  const invitationsOf = (code: string): Promise<Array<{ id: string; label: string | null; blocked_at: Date | null }>> =>
    dataSource.query(
      'SELECT i.id, i.label, i.blocked_at FROM invitations i JOIN waves w ON w.id = i.wave_id WHERE w.code = $1 ORDER BY i.created_at, i.id',
      [code],
    );
  /** Everything a console POST could change. */
  const snapshot = () =>
    dataSource.query(
      `SELECT (SELECT json_agg(w ORDER BY code) FROM (SELECT code, title, status, opens_at, closes_at, version FROM waves) w) AS waves,
              (SELECT json_agg(i ORDER BY id) FROM (SELECT id, token_hash, label, blocked_at FROM invitations) i) AS invitations,
              (SELECT count(*) FROM invitation_contacts) AS contacts,
              (SELECT count(*) FROM audit_events) AS events`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(DatabaseServer)
      .useValue(DatabaseServer.forUrl(database.url))
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    configureApp(app);
    await app.init();
    // The sweep runs when a test asks for it, never on its own timer in between.
    await app.get(WaveAutoCloseService).onApplicationShutdown();
    dataSource = app.get(DataSource);
    staff = await createConsoleStaff(app);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  afterEach(() => {
    clock.offsetMs = 0;
  });

  describe('Neue Welle', () => {
    it('shows the form with the code rule and every questionnaire version, to admins only', async () => {
      const page = await get('/admin/wellen/neu').expect(200);
      expect(page.text).toContain('<h1>Neue Welle</h1>');
      expect(page.text).toContain('Kleinbuchstaben, Ziffern');
      expect(page.text).toContain('<option value="ki-mittelstand/2023">ki-mittelstand, Version 2023</option>');
      expect(page.text).toContain('type="datetime-local"');
      expect(page.text).toContain('Frühere Erhebung: Geben Sie ihre damalige Feldzeit an (Daten in der Vergangenheit sind erlaubt).');
      const refused = await get('/admin/wellen/neu', staff.analyst).expect(403);
      expect(refused.text).toContain('Dafür fehlt Ihnen die Berechtigung');
    });

    it.each([
      [{ code: 'KI 2025' }, 'Dieses Kürzel ist nicht gültig', 'value="KI 2025"'],
      [{ code: '' }, 'Bitte geben Sie ein Kürzel ein.', 'value="Welle"'],
      [{ title: '' }, 'Bitte geben Sie einen Titel ein.', 'value="val-title"'],
      [{ definition: '' }, 'Bitte wählen Sie eine Fragebogen-Version.', 'value="val-definition"'],
      [{ definition: 'ki-mittelstand/1999' }, 'Diese Fragebogen-Version gibt es nicht.', 'value="val-definition"'],
      [
        { opensAt: '2025-07-01T10:00', closesAt: '2025-06-01T10:00' },
        'Das Ende der Feldzeit muss nach ihrem Beginn liegen.',
        'value="2025-07-01T10:00"',
      ],
      [{ closesAt: '31.07.2025' }, 'Bitte geben Sie Datum und Uhrzeit vollständig an', 'value="31.07.2025"'],
    ])('re-renders %j with 422, a German message at the field and the values kept; nothing is created', async (change, message, kept) => {
      const code = (change as { code?: string }).code ?? `val-${Object.keys(change)[0].toLowerCase()}`;
      const before = await snapshot();
      const page = await newWave(code, { ...change, title: (change as { title?: string }).title ?? `Welle ${code}` }).expect(422);
      expect(page.text).toContain(message);
      expect(page.text).toContain(kept);
      expect(page.text).toContain('aria-invalid="true"');
      expect(page.text).toContain('Bitte korrigieren Sie die markierten Felder');
      expect(await snapshot()).toEqual(before);
    });

    it('says so at the code when the code is taken', async () => {
      await newWave('taken').expect(303);
      const page = await newWave('taken', { title: 'Zweiter Versuch' }).expect(422);
      expect(page.text).toContain('Dieses Kürzel hat schon eine andere Welle');
      expect(page.text).toContain('value="Zweiter Versuch"');
      expect(await dataSource.query(`SELECT title FROM waves WHERE code = 'taken'`)).toEqual([{ title: 'Welle taken' }]);
    });

    it('stores the fielding window given in Berlin time as UTC', async () => {
      await newWave('berlin', { opensAt: '2025-06-02T08:00', closesAt: '2025-12-31T23:59' }).expect(303);
      const [row] = await dataSource.query(`SELECT opens_at, closes_at FROM waves WHERE code = 'berlin'`);
      expect(row.opens_at.toISOString()).toBe('2025-06-02T06:00:00.000Z');
      expect(row.closes_at.toISOString()).toBe('2025-12-31T22:59:00.000Z');
      const page = await get('/admin/wellen/berlin').expect(200);
      expect(page.text).toContain('von 02.06.2025, 08:00 Uhr bis 31.12.2025, 23:59 Uhr');
    });
  });

  describe('the whole workflow', () => {
    const list = [
      'Name; E-Mail; Organisation',
      'Anna Beispiel; anna@example.org; Muster GmbH',
      'Bernd Probe; keine-adresse; Probe AG',
      'Clara Test; clara@example.org; Test KG',
      'Anna B.; ANNA@example.org; Muster GmbH',
      'Dieter Demo; dieter@example.org;',
    ].join('\n');

    it('create → open → preview → add three → links once (and as CSV) → close', async () => {
      const created = await newWave('ablauf', { title: 'KI im Mittelstand – Test' }).expect(303);
      expect(created.headers.location).toBe('/admin/wellen/ablauf');
      const draft = await get('/admin/wellen/ablauf').expect(200);
      expect(draft.text).toContain('Die Welle „KI im Mittelstand – Test“ ist als Entwurf angelegt.');
      expect(draft.text).toContain('Entwurf');
      expect(draft.text).toContain('href="/admin/wellen/ablauf/oeffnen"');
      expect(draft.text).toContain('href="/admin/wellen/ablauf/loeschen"');
      expect(draft.text).toContain('href="/admin/wellen/ablauf/schliessen"');
      expect(draft.text).toContain('Welle angelegt');
      expect(draft.text).toContain('Anna Admin (Administration)');

      const confirm = await get('/admin/wellen/ablauf/oeffnen').expect(200);
      expect(confirm.text).toContain('Befragte können ab sofort über ihre persönlichen Links antworten.');
      expect(confirm.text).toContain('action="/admin/wellen/ablauf/oeffnen"');
      expect(await statusOf('ablauf')).toBe('draft');
      await post('/admin/wellen/ablauf/oeffnen').expect(303).expect('Location', '/admin/wellen/ablauf');
      expect(await statusOf('ablauf')).toBe('open');
      const open = await get('/admin/wellen/ablauf').expect(200);
      expect(open.text).toContain('Die Welle ist geöffnet.');
      expect(open.text).toContain('Welle geöffnet');
      expect(open.text).toContain('href="/admin/wellen/ablauf/schliessen"');
      expect(open.text).not.toContain('href="/admin/wellen/ablauf/loeschen"');

      const preview = await post('/admin/wellen/ablauf/einladungen/vorschau', { liste: list }).expect(200);
      expect(preview.text).toContain(
        '<strong>3</strong> von 5 Zeilen können angelegt werden, <strong>1</strong> sind fehlerhaft, <strong>1</strong> doppelt.',
      );
      expect(preview.text).toContain('Die erste Zeile ist eine Kopfzeile');
      expect(preview.text).toContain('Das ist keine gültige E-Mail-Adresse.');
      expect(preview.text).toContain('Doppelt: dieselbe E-Mail-Adresse steht schon in Zeile 2.');
      expect(preview.text).toContain('3 Einladungen anlegen');
      expect(await invitationsOf('ablauf')).toEqual([]);

      const result = await post('/admin/wellen/ablauf/einladungen/anlegen', { liste: list }).expect(200);
      expect(result.text).toContain('3 Einladungen sind angelegt.');
      expect(result.text).toContain('2 fehlerhafte oder doppelte Zeilen wurden nicht angelegt.');
      expect(result.text).toContain('data-copy="link-0"');
      const tokens = [...result.text.matchAll(SURVEY_LINK)].map((match) => match[1]);
      expect(new Set(tokens).size).toBe(3);
      const stored = await invitationsOf('ablauf');
      // Name and organisation are contact data, in the contact table only: the list stores no label (analysts see labels).
      expect(stored.map((invitation) => invitation.label)).toEqual([null, null, null]);
      expect(
        await dataSource.query(
          `SELECT c.email, c.name, c.salutation, c.organisation FROM invitation_contacts c JOIN invitations i ON i.id = c.invitation_id
            JOIN waves w ON w.id = i.wave_id WHERE w.code = 'ablauf' ORDER BY c.email`,
        ),
      ).toEqual([
        { email: 'anna@example.org', name: 'Anna Beispiel', salutation: null, organisation: 'Muster GmbH' },
        { email: 'clara@example.org', name: 'Clara Test', salutation: null, organisation: 'Test KG' },
        { email: 'dieter@example.org', name: 'Dieter Demo', salutation: null, organisation: null },
      ]);
      for (const token of tokens) await http().get(`/api/respond/${token}`).expect(200);

      const links = [...result.text.matchAll(/name="link" value="([^"]+)"/g)].map((match) => match[1]);
      const names = [...result.text.matchAll(/name="name" value="([^"]*)"/g)].map((match) => match[1]);
      const emails = [...result.text.matchAll(/name="email" value="([^"]*)"/g)].map((match) => match[1]);
      const organisations = [...result.text.matchAll(/name="organisation" value="([^"]*)"/g)].map((match) => match[1]);
      const csv = await post('/admin/wellen/ablauf/einladungen/links.csv', {
        link: links,
        name: names,
        email: emails,
        organisation: organisations,
      })
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200)
        .expect('Content-Type', 'text/csv; charset=utf-8')
        .expect('Content-Disposition', 'attachment; filename="einladungen-ablauf-links.csv"');
      const body = (csv.body as Buffer).toString('utf8');
      expect(body.startsWith('\uFEFF')).toBe(true);
      expect(parse(body.slice(1), { delimiter: ';' })).toEqual([
        ['Name', 'E-Mail', 'Organisation', 'Link'],
        ['Anna Beispiel', 'anna@example.org', 'Muster GmbH', expect.stringContaining(`/survey/${tokens[0]}`)],
        ['Clara Test', 'clara@example.org', 'Test KG', expect.stringContaining(`/survey/${tokens[1]}`)],
        ['Dieter Demo', 'dieter@example.org', '', expect.stringContaining(`/survey/${tokens[2]}`)],
      ]);

      // The links were shown once: no page shows them again.
      const listPage = await get('/admin/wellen/ablauf/einladungen').expect(200);
      // Admins see the contact's name and organisation (never the address) in the list.
      expect(listPage.text).toContain('<th scope="row">Anna Beispiel<span class="mail-org">Muster GmbH</span></th>');
      expect(listPage.text).toContain('<th scope="row">Dieter Demo</th>');
      for (const token of tokens) expect(listPage.text).not.toContain(token);
      expect(listPage.text).not.toMatch(EMAIL);
      expect(listPage.text).toContain('nicht begonnen');

      const again = await post('/admin/wellen/ablauf/einladungen/vorschau', { liste: list }).expect(422);
      expect(again.text).toContain('Diese Person hat in dieser Welle schon eine Einladung.');
      expect(again.text).toContain('Keine Zeile kann angelegt werden.');
      await post('/admin/wellen/ablauf/einladungen/anlegen', { liste: list }).expect(422);
      expect(await invitationsOf('ablauf')).toHaveLength(3);

      const closeConfirm = await get('/admin/wellen/ablauf/schliessen').expect(200);
      expect(closeConfirm.text).toContain('Es werden keine Antworten mehr angenommen.');
      await post('/admin/wellen/ablauf/schliessen').expect(303);
      expect(await statusOf('ablauf')).toBe('closed');
      const closed = await get('/admin/wellen/ablauf').expect(200);
      expect(closed.text).toContain('Die Welle ist geschlossen.');
      expect(closed.text).toContain('href="/admin/wellen/ablauf/wieder-oeffnen"');
      expect(closed.text).toContain('Welle geschlossen');
      const response = await http()
        .put(`/api/respond/${tokens[0]}`)
        .send({ answers: { rolle: 'ki_trainer' }, complete: false });
      expect(response.status).toBe(409);
    });

    it('refuses an action the status does not allow with a German 409 page, changing nothing', async () => {
      await newWave('nicht-erlaubt').expect(303);
      const page = await get('/admin/wellen/nicht-erlaubt/wieder-oeffnen').expect(409);
      expect(page.text).toContain('Das ist im jetzigen Zustand der Welle nicht möglich.');
      await post('/admin/wellen/nicht-erlaubt/wieder-oeffnen').expect(409);
      await post('/admin/wellen/nicht-erlaubt/oeffnen').expect(303);
      await get('/admin/wellen/nicht-erlaubt/oeffnen').expect(409);
      await post('/admin/wellen/nicht-erlaubt/oeffnen').expect(409);
      const refused = await post('/admin/wellen/nicht-erlaubt/loeschen').expect(409);
      expect(refused.text).toContain('Nur eine Welle im Entwurf kann gelöscht werden.');
      expect(await statusOf('nicht-erlaubt')).toBe('open');
    });

    it('creates a past wave with its historical window and closes it from draft behind a confirmation that says so', async () => {
      await newWave('frueher-2021', { title: 'KI im Mittelstand 2021', opensAt: '2021-05-03T09:00', closesAt: '2021-07-01T00:00' }).expect(
        303,
      );
      const [row] = await dataSource.query(`SELECT status, opens_at, closes_at FROM waves WHERE code = 'frueher-2021'`);
      expect(row).toEqual({
        status: 'draft',
        opens_at: new Date('2021-05-03T07:00:00.000Z'),
        closes_at: new Date('2021-06-30T22:00:00.000Z'),
      });
      const draft = await get('/admin/wellen/frueher-2021').expect(200);
      expect(draft.text).toContain('von 03.05.2021, 09:00 Uhr bis 01.07.2021, 00:00 Uhr');
      expect(draft.text).toContain('href="/admin/wellen/frueher-2021/schliessen">Welle schließen, ohne sie zu öffnen …</a>');
      expect(draft.text).not.toContain('in Kürze automatisch geschlossen');
      // The automatic close leaves a draft alone, whatever its window.
      expect(await app.get(WaveAutoCloseService).sweep()).not.toContain('frueher-2021');
      expect(await statusOf('frueher-2021')).toBe('draft');

      const confirm = await get('/admin/wellen/frueher-2021/schliessen').expect(200);
      expect(confirm.text).toContain('<h1>Welle schließen, ohne sie zu öffnen?</h1>');
      expect(confirm.text).toContain(
        'Die Welle wurde nie geöffnet. Nach dem Schließen kann niemand mehr online antworten; Daten früherer Erhebungen können weiterhin importiert werden.',
      );
      expect(confirm.text).not.toContain('Alle gespeicherten Antworten bleiben erhalten');
      expect(confirm.text).not.toContain('angelegten Einladungen werden nie nutzbar');
      expect(confirm.text).toContain('href="/admin/wellen/frueher-2021/import"');
      expect(confirm.text).toContain('action="/admin/wellen/frueher-2021/schliessen"');

      const refused = await post('/admin/wellen/frueher-2021/schliessen', {}, staff.analyst).expect(403);
      expect(refused.text).toContain('Dafür fehlt Ihnen die Berechtigung. Es wurde nichts geändert.');
      await get('/admin/wellen/frueher-2021/schliessen', staff.analyst).expect(403);
      expect(await statusOf('frueher-2021')).toBe('draft');

      await post('/admin/wellen/frueher-2021/schliessen').expect(303).expect('Location', '/admin/wellen/frueher-2021');
      expect(await statusOf('frueher-2021')).toBe('closed');
      expect(
        await dataSource.query(`SELECT actor, details FROM audit_events WHERE wave_code = 'frueher-2021' AND action = 'wave.closed'`),
      ).toEqual([{ actor: 'Anna Admin (admin)', details: { from: 'draft', to: 'closed' } }]);
      const closed = await get('/admin/wellen/frueher-2021').expect(200);
      expect(closed.text).toContain('Die Welle ist geschlossen.');
      expect(closed.text).toContain('aus dem Entwurf, ohne je geöffnet zu sein');
      expect(closed.text).not.toContain('href="/admin/wellen/frueher-2021/schliessen"');

      // Opening it later would be its first opening, and its window is long over.
      const reopen = await get('/admin/wellen/frueher-2021/wieder-oeffnen').expect(200);
      expect(reopen.text).toContain('Die Welle wurde nie geöffnet (sie wurde aus dem Entwurf geschlossen).');
      expect(reopen.text).not.toContain('über ihre bisherigen Links weiter antworten');
      expect(reopen.text).toContain('Verlängern Sie zuerst die Feldzeit.');
    });

    it('warns that the invitations of a draft become unusable when it is closed without opening', async () => {
      await newWave('entwurf-einl').expect(303);
      await post('/admin/wellen/entwurf-einl/einladungen/anlegen', { liste: 'p@example.org\nq@example.org' }).expect(200);
      const confirm = await get('/admin/wellen/entwurf-einl/schliessen').expect(200);
      expect(confirm.text).toContain(
        'Die 2 angelegten Einladungen werden nie nutzbar: Wer einen dieser Links öffnet, liest, dass die Befragung beendet ist.',
      );
    });

    it('reopens a closed wave (audited) and deletes a draft with its invitations', async () => {
      await newWave('wieder').expect(303);
      await post('/admin/wellen/wieder/oeffnen').expect(303);
      await post('/admin/wellen/wieder/schliessen').expect(303);
      const reopenConfirm = await get('/admin/wellen/wieder/wieder-oeffnen').expect(200);
      expect(reopenConfirm.text).toContain('im Protokoll festgehalten');
      expect(reopenConfirm.text).toContain('Befragte können über ihre bisherigen Links weiter antworten.');
      expect(reopenConfirm.text).not.toContain('Die Welle wurde nie geöffnet');
      await post('/admin/wellen/wieder/wieder-oeffnen').expect(303);
      expect(await statusOf('wieder')).toBe('open');
      expect((await get('/admin/wellen/wieder').expect(200)).text).toContain('Welle wieder geöffnet');

      await newWave('weg').expect(303);
      await post('/admin/wellen/weg/einladungen/anlegen', { liste: 'a@example.org\nb@example.org' }).expect(200);
      const contactsOfWeg = () =>
        dataSource.query(`SELECT count(*)::int AS n FROM invitation_contacts WHERE email IN ('a@example.org', 'b@example.org')`);
      expect(await contactsOfWeg()).toEqual([{ n: 2 }]);
      const confirm = await get('/admin/wellen/weg/loeschen').expect(200);
      expect(confirm.text).toContain('Der Entwurf und seine 2 Einladungen werden endgültig gelöscht');
      await post('/admin/wellen/weg/loeschen').expect(303).expect('Location', '/admin');
      expect(await statusOf('weg')).toBeUndefined();
      expect(await contactsOfWeg()).toEqual([{ n: 0 }]);
      expect((await get('/admin').expect(200)).text).toContain('Der Entwurf ist gelöscht.');
      await get('/admin/wellen/weg').expect(404);
    });

    it('edits title and window; the version only while draft', async () => {
      await newWave('edit').expect(303);
      const form = await get('/admin/wellen/edit/bearbeiten').expect(200);
      expect(form.text).toContain('value="Welle edit"');
      expect(form.text).toContain('name="definition"');
      const bad = await post('/admin/wellen/edit/bearbeiten', {
        title: 'Neu',
        definition: 'ki-mittelstand/2023',
        opensAt: '2025-08-01T00:00',
        closesAt: '2025-07-01T00:00',
      }).expect(422);
      expect(bad.text).toContain('Das Ende der Feldzeit muss nach ihrem Beginn liegen.');
      expect(bad.text).toContain('value="Neu"');
      await post('/admin/wellen/edit/bearbeiten', {
        title: 'Neuer Titel',
        definition: 'ki-mittelstand/2023',
        opensAt: '',
        closesAt: '2030-01-31T12:00',
      }).expect(303);
      const [row] = await dataSource.query(`SELECT title, closes_at FROM waves WHERE code = 'edit'`);
      expect(row.title).toBe('Neuer Titel');
      expect(row.closes_at.toISOString()).toBe('2030-01-31T11:00:00.000Z');
      const page = await get('/admin/wellen/edit').expect(200);
      expect(page.text).toContain('Die Änderungen sind gespeichert.');
      expect(page.text).toContain('Ende: 31.01.2030, 12:00 Uhr');

      await post('/admin/wellen/edit/oeffnen').expect(303);
      const openForm = await get('/admin/wellen/edit/bearbeiten').expect(200);
      expect(openForm.text).not.toContain('name="definition"');
      expect(openForm.text).toContain('fest, weil die Welle nicht mehr im Entwurf ist');
      await post('/admin/wellen/edit/bearbeiten', {
        title: 'Offen geändert',
        definition: 'ki-mittelstand/2025',
        opensAt: '',
        closesAt: '',
      }).expect(303);
      expect(await dataSource.query(`SELECT title, version, closes_at FROM waves WHERE code = 'edit'`)).toEqual([
        { title: 'Offen geändert', version: '2023', closes_at: null },
      ]);
    });

    it('shows that an open wave past its end is about to close, and the automatic close afterwards', async () => {
      const end = new Date(Math.ceil((Date.now() + 60 * 60_000) / 60_000) * 60_000);
      await newWave('ablauf-ende', { closesAt: toLocalInput(end) }).expect(303);
      await post('/admin/wellen/ablauf-ende/oeffnen').expect(303);
      expect((await get('/admin/wellen/ablauf-ende').expect(200)).text).not.toContain('in Kürze automatisch geschlossen');
      clock.offsetMs = 2 * 60 * 60_000;
      const due = await get('/admin/wellen/ablauf-ende').expect(200);
      expect(due.text).toContain(`Das Ende der Feldzeit (${formatDateTime(end)}) ist erreicht`);
      expect(due.text).toContain('in Kürze automatisch geschlossen');
      expect(await app.get(WaveAutoCloseService).sweep()).toContain('ablauf-ende');
      const closed = await get('/admin/wellen/ablauf-ende').expect(200);
      expect(closed.text).not.toContain('in Kürze automatisch geschlossen');
      expect(closed.text).toContain('System (automatisch)');
      expect(closed.text).toContain(`automatisch: Ende der Feldzeit (${formatDateTime(end)})`);
      const reopen = await get('/admin/wellen/ablauf-ende/wieder-oeffnen').expect(200);
      expect(reopen.text).toContain('Verlängern Sie zuerst die Feldzeit.');
    });
  });

  describe('Einladungen', () => {
    let ids: string[];

    beforeAll(async () => {
      await newWave('einl').expect(303);
      await post('/admin/wellen/einl/oeffnen').expect(303);
      await post('/admin/wellen/einl/einladungen/anlegen', {
        liste: 'Eva Extern; eva@example.org; Institut X; Sehr geehrte Frau Extern\nFritz; fritz@example.org',
      }).expect(200);
      // Eva first, Fritz second (one insert: the same created_at, so not by the list's order).
      ids = (
        await dataSource.query<Array<{ id: string }>>(
          `SELECT i.id FROM invitations i JOIN invitation_contacts c ON c.invitation_id = i.id JOIN waves w ON w.id = i.wave_id
            WHERE w.code = 'einl' ORDER BY c.email`,
        )
      ).map((invitation) => invitation.id);
    });

    it('shows an admin one contact on request and audits it; an analyst gets 403 and no audit', async () => {
      const page = await get(`/admin/wellen/einl/einladungen/${ids[0]}/kontakt`).expect(200);
      expect(page.text).toContain('<dt>E-Mail-Adresse</dt>\n  <dd><a href="mailto:eva@example.org">eva@example.org</a></dd>');
      expect(page.text).toContain('<dt>Name</dt>\n  <dd>Eva Extern</dd>');
      expect(page.text).toContain('<dt>Anrede</dt>\n  <dd>Sehr geehrte Frau Extern</dd>');
      expect(page.text).toContain('<dt>Organisation</dt>\n  <dd>Institut X</dd>');
      const fritz = await get(`/admin/wellen/einl/einladungen/${ids[1]}/kontakt`).expect(200);
      expect(fritz.text).toContain('<dt>Name</dt>\n  <dd>Fritz</dd>');
      expect(fritz.text).toContain('keine Anrede hinterlegt (in E-Mails: „Guten Tag“)');
      expect(fritz.text).toContain('keine Organisation hinterlegt');
      expect(page.text).toContain('im Protokoll festgehalten');
      const audited = await dataSource.query(
        `SELECT actor, details FROM audit_events WHERE action = 'invitation.contact-viewed' AND wave_code = 'einl'`,
      );
      expect(audited).toEqual([
        { actor: 'Anna Admin (admin)', details: { invitationId: ids[0] } },
        { actor: 'Anna Admin (admin)', details: { invitationId: ids[1] } },
      ]);
      const refused = await get(`/admin/wellen/einl/einladungen/${ids[0]}/kontakt`, staff.analyst).expect(403);
      expect(refused.text).not.toContain('eva@example.org');
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'invitation.contact-viewed'`)).toEqual([
        { n: 2 },
      ]);
      const wavePage = await get('/admin/wellen/einl').expect(200);
      expect(wavePage.text).toContain('Kontaktdaten angesehen');
    });

    it('shows an analyst every page read-only: no e-mail, no token, no admin action', async () => {
      for (const path of [
        '/admin/wellen/einl',
        '/admin/wellen/einl/einladungen',
        '/admin/wellen/ablauf',
        '/admin/wellen/ablauf/einladungen',
      ]) {
        const page = await get(path, staff.analyst).expect(200);
        expect(page.text).not.toMatch(EMAIL);
        expect(page.text).not.toMatch(/\/survey\/[A-Za-z0-9_-]{43}/);
        expect(page.text).not.toMatch(/oeffnen"|schliessen"|loeschen"|bearbeiten"|neuer-link"|sperren"|kontakt"|vorschau"/);
      }
      const list = await get('/admin/wellen/einl/einladungen', staff.analyst).expect(200);
      // Names are contact data: the analyst sees "Einladung" and the start of the id instead.
      expect(list.text).not.toContain('Eva Extern');
      expect(list.text).toContain(`<th scope="row">Einladung ${ids[0].slice(0, 8)}</th>`);
      expect(list.text).not.toContain('Institut X');
      expect(list.text).not.toContain('Sehr geehrte Frau Extern');
      expect(list.text).toContain('E-Mail-Adresse hinterlegt');
      expect(list.text).not.toContain('Einladungen hinzufügen');
    });

    it('issues a new link once (the old one stops working), blocks and unblocks, each behind a confirmation', async () => {
      const confirm = await get(`/admin/wellen/einl/einladungen/${ids[1]}/neuer-link`).expect(200);
      expect(confirm.text).toContain('Der bisherige Link funktioniert sofort nicht mehr.');
      const before = (await dataSource.query('SELECT token_hash FROM invitations WHERE id = $1', [ids[1]]))[0].token_hash;
      const issued = await post(`/admin/wellen/einl/einladungen/${ids[1]}/neuer-link`).expect(200);
      const [token] = [...issued.text.matchAll(SURVEY_LINK)].map((match) => match[1]);
      expect(issued.text).toContain('data-copy="new-link"');
      await http().get(`/api/respond/${token}`).expect(200);
      expect((await dataSource.query('SELECT token_hash FROM invitations WHERE id = $1', [ids[1]]))[0].token_hash).not.toBe(before);

      expect((await get(`/admin/wellen/einl/einladungen/${ids[1]}/sperren`).expect(200)).text).toContain(
        'Der Link funktioniert sofort nicht mehr',
      );
      await post(`/admin/wellen/einl/einladungen/${ids[1]}/sperren`).expect(303);
      const blocked = await get('/admin/wellen/einl/einladungen').expect(200);
      expect(blocked.text).toContain('Der Link ist gesperrt.');
      expect(blocked.text).toContain('gesperrt');
      await http().get(`/api/respond/${token}`).expect(404);
      const refused = await get(`/admin/wellen/einl/einladungen/${ids[1]}/neuer-link`).expect(409);
      expect(refused.text).toContain('Dieser Link ist gesperrt.');
      await post(`/admin/wellen/einl/einladungen/${ids[1]}/neuer-link`).expect(409);
      await post(`/admin/wellen/einl/einladungen/${ids[1]}/entsperren`).expect(303);
      await http().get(`/api/respond/${token}`).expect(200);
      await get(`/admin/wellen/einl/einladungen/00000000-0000-4000-8000-000000000000/sperren`).expect(404);
    });

    it('pages a long list, 100 invitations a page', async () => {
      await newWave('viele').expect(303);
      const people = Array.from({ length: 150 }, (_, index) => `Person ${index}; p${index}@example.org`).join('\n');
      expect((await post('/admin/wellen/viele/einladungen/anlegen', { liste: people }).expect(200)).text).toContain(
        '150 Einladungen sind angelegt.',
      );
      const rows = (html: string) => html.match(/<th scope="row">/g)?.length ?? 0;
      const first = await get('/admin/wellen/viele/einladungen').expect(200);
      expect(rows(first.text)).toBe(100);
      expect(first.text).toContain('Einladungen 1–100 von 150 (Seite 1 von 2)');
      // "Weiter" carries the position after which page 2 starts (keyset); a bare ?seite=2 still works.
      expect(first.text).toMatch(/href="\/admin\/wellen\/viele\/einladungen\?seite=2&amp;nach=\d+" rel="next"/);
      const second = await get('/admin/wellen/viele/einladungen?seite=2').expect(200);
      expect(rows(second.text)).toBe(50);
      expect(second.text).toContain('Einladungen 101–150 von 150 (Seite 2 von 2)');
      expect((await get('/admin/wellen/viele/einladungen?seite=3').expect(200)).text).toContain('Diese Seite gibt es nicht.');
      expect(rows((await get('/admin/wellen/viele/einladungen?seite=x').expect(200)).text)).toBe(100);
    });

    it('reads an uploaded Windows-1252 CSV with a header row', async () => {
      const file = Buffer.from('Name,E-Mail,Organisation\r\nJörg Müller,joerg@example.org,Bäckerei Süß\r\n', 'latin1');
      const page = await http()
        .post('/admin/wellen/einl/einladungen/vorschau')
        .set('Cookie', staff.admin.cookie)
        .field('_csrf', staff.admin.csrf)
        .field('liste', '')
        .attach('datei', file, { filename: 'liste.csv', contentType: 'text/csv' })
        .expect(200);
      expect(page.text).toContain('Jörg Müller');
      expect(page.text).toContain('Bäckerei Süß');
      expect(page.text).toContain('<strong>1</strong> von 1 Zeilen');
    });

    it('reads a header row with Anrede in any column order and stores the salutation with the contact', async () => {
      await newWave('anrede').expect(303);
      const liste =
        'Anrede; Organisation; E-Mail; Name\nSehr geehrte Frau Dr. Beispiel; Zentrum Nord; erika@example.org; Dr. Erika Beispiel';
      const preview = await post('/admin/wellen/anrede/einladungen/vorschau', { liste }).expect(200);
      expect(preview.text).toContain('<th scope="col">Anrede</th>');
      expect(preview.text).toMatch(
        /<td>Dr\. Erika Beispiel<\/td>\s*<td>erika@example\.org<\/td>\s*<td>Zentrum Nord<\/td>\s*<td>Sehr geehrte Frau Dr\. Beispiel<\/td>/,
      );
      await post('/admin/wellen/anrede/einladungen/anlegen', { liste }).expect(200);
      const [invitation] = await invitationsOf('anrede');
      expect(invitation.label).toBeNull();
      expect(
        await dataSource.query('SELECT email, name, salutation, organisation FROM invitation_contacts WHERE invitation_id = $1', [
          invitation.id,
        ]),
      ).toEqual([
        {
          email: 'erika@example.org',
          name: 'Dr. Erika Beispiel',
          salutation: 'Sehr geehrte Frau Dr. Beispiel',
          organisation: 'Zentrum Nord',
        },
      ]);
      const refused = await post('/admin/wellen/anrede/einladungen/vorschau', {
        liste: 'Name; E-Mail; Telefon\nA; a@example.org; 123',
      }).expect(422);
      expect(refused.text).toContain('Die Kopfzeile hat eine unbekannte Spalte „Telefon“.');
      expect(await invitationsOf('anrede')).toHaveLength(1);
    });

    it('says what is wrong with an unusable list', async () => {
      expect((await post('/admin/wellen/einl/einladungen/vorschau', { liste: '  ' }).expect(422)).text).toContain(
        'Bitte fügen Sie eine Liste ein oder wählen Sie eine Datei.',
      );
      expect((await post('/admin/wellen/einl/einladungen/vorschau', { liste: 'A;"a@example.org\n' }).expect(422)).text).toContain(
        'Bitte prüfen Sie die Anführungszeichen.',
      );
    });

    it('refuses to echo anything but invitation links as CSV', async () => {
      await post('/admin/wellen/einl/einladungen/links.csv', {
        link: 'javascript:alert(1)',
        name: 'x',
        email: '',
        organisation: '',
      }).expect(422);
    });
  });

  describe('Einladungen in pages of 100 ("Weiter" / "Zurück" by position, not by offset)', () => {
    /** The invitation ids in the order a page lists them (each row links its "Neuer Link" page). */
    const idsOn = (html: string) => [...html.matchAll(/einladungen\/([0-9a-f-]{36})\/neuer-link/g)].map((match) => match[1]);
    const linkOf = (html: string, rel: 'next' | 'prev') =>
      [...html.matchAll(/<a href="([^"]+)" rel="(next|prev)">/g)].find((match) => match[2] === rel)?.[1];
    let all: string[];

    beforeAll(async () => {
      await newWave('seiten').expect(303);
      await post('/admin/wellen/seiten/oeffnen').expect(303);
      const list = Array.from({ length: 250 }, (_, index) => `person${index}@example.org`).join('\n');
      await post('/admin/wellen/seiten/einladungen/anlegen', { liste: list }).expect(200);
      all = (
        await dataSource.query<Array<{ id: string }>>(
          `SELECT i.id FROM invitations i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'seiten' ORDER BY i.position`,
        )
      ).map((row) => row.id);
      expect(all).toHaveLength(250);
    });

    it('walks forward and back through the pages, each invitation on exactly one page, the analyst too', async () => {
      for (const user of [staff.admin, staff.analyst]) {
        const first = (await get('/admin/wellen/seiten/einladungen', user).expect(200)).text;
        expect(first).toContain('Einladungen 1–100 von 250 (Seite 1 von 3)');
        expect(linkOf(first, 'prev')).toBeUndefined();
        const secondHref = (linkOf(first, 'next') ?? '').replace(/&amp;/g, '&');
        expect(secondHref).toMatch(/^\/admin\/wellen\/seiten\/einladungen\?seite=2&nach=\d+$/);
        const second = (await get(secondHref, user).expect(200)).text;
        expect(second).toContain('Einladungen 101–200 von 250 (Seite 2 von 3)');
        const third = (await get((linkOf(second, 'next') ?? '').replace(/&amp;/g, '&'), user).expect(200)).text;
        expect(third).toContain('Einladungen 201–250 von 250 (Seite 3 von 3)');
        expect(linkOf(third, 'next')).toBeUndefined();
        if (user === staff.admin) {
          expect([...idsOn(first), ...idsOn(second), ...idsOn(third)]).toEqual(all);
        }
        const back = (await get((linkOf(third, 'prev') ?? '').replace(/&amp;/g, '&'), user).expect(200)).text;
        expect(back).toContain('Einladungen 101–200 von 250 (Seite 2 von 3)');
        expect(idsOn(back)).toEqual(idsOn(second));
        const backToFirst = (await get((linkOf(back, 'prev') ?? '').replace(/&amp;/g, '&'), user).expect(200)).text;
        expect(backToFirst).toContain('Einladungen 1–100 von 250 (Seite 1 von 3)');
        expect(linkOf(backToFirst, 'prev')).toBeUndefined();
      }
    });

    it('still serves a bare ?seite=N (an older bookmark) with the same invitations, and a page past the end leads to the first', async () => {
      const byNumber = (await get('/admin/wellen/seiten/einladungen?seite=2').expect(200)).text;
      expect(byNumber).toContain('Einladungen 101–200 von 250 (Seite 2 von 3)');
      expect(idsOn(byNumber)).toEqual(all.slice(100, 200));
      expect(linkOf(byNumber, 'prev')).toMatch(/seite=1&amp;vor=\d+$/);
      const beyond = (await get('/admin/wellen/seiten/einladungen?seite=9').expect(200)).text;
      expect(beyond).toContain('Diese Seite gibt es nicht. <a href="/admin/wellen/seiten/einladungen">Zur ersten Seite</a>');
      // A cursor that is not a position is ignored: the first page.
      expect((await get('/admin/wellen/seiten/einladungen?nach=abc').expect(200)).text).toContain('Einladungen 1–100 von 250');
    });
  });

  describe('every POST needs the CSRF token and the admin role, and changes nothing without them', () => {
    let id: string;
    beforeAll(async () => {
      await newWave('csrf-draft').expect(303);
      await newWave('csrf-open').expect(303);
      await post('/admin/wellen/csrf-open/oeffnen').expect(303);
      await newWave('csrf-closed').expect(303);
      await post('/admin/wellen/csrf-closed/oeffnen').expect(303);
      await post('/admin/wellen/csrf-closed/schliessen').expect(303);
      await post('/admin/wellen/csrf-open/einladungen/anlegen', { liste: 'x@example.org' }).expect(200);
      id = (await invitationsOf('csrf-open'))[0].id;
    });

    const routes = (): Array<[string, Record<string, string>]> => [
      ['/admin/wellen/neu', { code: 'csrf-neu', title: 'X', definition: 'ki-mittelstand/2023' }],
      ['/admin/wellen/csrf-draft/bearbeiten', { title: 'Geändert', definition: 'ki-mittelstand/2023' }],
      ['/admin/wellen/csrf-draft/oeffnen', {}],
      ['/admin/wellen/csrf-draft/schliessen', {}],
      ['/admin/wellen/csrf-open/schliessen', {}],
      ['/admin/wellen/csrf-closed/wieder-oeffnen', {}],
      ['/admin/wellen/csrf-draft/loeschen', {}],
      ['/admin/wellen/csrf-open/einladungen/vorschau', { liste: 'y@example.org' }],
      ['/admin/wellen/csrf-open/einladungen/anlegen', { liste: 'y@example.org' }],
      [
        '/admin/wellen/csrf-open/einladungen/links.csv',
        { link: 'http://x/survey/abcdefghijklmnopqrstuvwxyz', name: '', email: '', organisation: '' },
      ],
      [`/admin/wellen/csrf-open/einladungen/${id}/neuer-link`, {}],
      [`/admin/wellen/csrf-open/einladungen/${id}/sperren`, {}],
      [`/admin/wellen/csrf-open/einladungen/${id}/entsperren`, {}],
    ];

    it('answers 403 without a valid token, and 403 to an analyst with one', async () => {
      const before = await snapshot();
      const outcomes: string[] = [];
      for (const [path, form] of routes()) {
        const noToken = await http().post(path).set('Cookie', staff.admin.cookie).type('form').send(form);
        const wrongToken = await http()
          .post(path)
          .set('Cookie', staff.admin.cookie)
          .type('form')
          .send({ ...form, _csrf: staff.analyst.csrf });
        const analyst = await post(path, form, staff.analyst);
        outcomes.push(`${path}: ${noToken.status} ${wrongToken.status} ${analyst.status}`);
        expect(analyst.text).toContain('Dafür fehlt Ihnen die Berechtigung. Es wurde nichts geändert.');
        expect(analyst.text).not.toMatch(/\/survey\/[A-Za-z0-9_-]{43}/);
      }
      expect(outcomes).toEqual(routes().map(([path]) => `${path}: 403 403 403`));
      expect(await snapshot()).toEqual(before);
    });
  });
});
