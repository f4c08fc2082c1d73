import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { berlinDay } from '../../src/analysis/progress-series';
import { ProgressService } from '../../src/analysis/progress.service';
import { Clock } from '../../src/common/clock';
import { configureApp } from '../../src/configure-app';
import { DatabaseServer } from '../../src/database/database-server';
import { WaveAutoCloseService } from '../../src/waves/wave-auto-close.service';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The real clock, moved by `offsetMs`. */
class MovableClock extends Clock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

describe('service pieces of the staff console (progress, last activity, auto-close, audit search)', () => {
  let app: NestExpressApplication;
  let database: TestDatabase;
  let dataSource: DataSource;
  let staff: StaffTokens;
  const clock = new MovableClock();
  const http = () => request(app.getHttpServer());
  const admin = (path: string) => http().get(path).auth(staff.admin, { type: 'bearer' });
  const answer = (token: string, complete: boolean, revision?: number) =>
    http()
      .put(`/api/respond/${token}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete, revision })
      .expect(200);

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
    dataSource = app.get(DataSource);
    staff = await createStaff(app);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  afterEach(() => {
    clock.offsetMs = 0;
  });

  describe('progress', () => {
    it('counts starts and completions per Berlin day, cumulative, with the response rate', async () => {
      const opensAt = new Date(Date.now() - 2 * 86_400_000);
      await createWave(app, staff.admin, { code: 'prog', opensAt: opensAt.toISOString() });
      const tokens = await invite(app, staff.admin, 'prog', 4);
      await answer(tokens[0], true);
      await answer(tokens[1], false);
      await answer(tokens[2], false);
      await answer(tokens[2], true, 1);
      // One start two days ago (moved back in the database: the respondent API saves at now()).
      await dataSource.query(
        `UPDATE responses SET created_at = $2 WHERE id = (SELECT id FROM responses WHERE status = 'partial' AND wave_id = (SELECT id FROM waves WHERE code = $1) LIMIT 1)`,
        ['prog', opensAt],
      );
      const today = berlinDay(new Date());
      const yesterday = berlinDay(new Date(Date.now() - 86_400_000));
      const first = berlinDay(opensAt);

      const progress = await admin('/api/waves/prog/progress').expect(200);
      expect(progress.body).toMatchObject({ wave: 'prog', status: 'open', invitations: 4, started: 3, completed: 2, responseRate: 50 });
      expect(progress.body.days).toEqual([
        { day: first, started: 1, completed: 0, startedTotal: 1, completedTotal: 0 },
        { day: yesterday, started: 0, completed: 0, startedTotal: 1, completedTotal: 0 },
        { day: today, started: 2, completed: 2, startedTotal: 3, completedTotal: 2 },
      ]);
    });

    it('answers for a wave without invitations (rate null), 404 for an unknown wave, 401 without a token', async () => {
      await createWave(app, staff.admin, { code: 'prog-empty', open: false });
      const empty = await http().get('/api/waves/prog-empty/progress').auth(staff.analyst, { type: 'bearer' }).expect(200);
      expect(empty.body).toMatchObject({ invitations: 0, started: 0, completed: 0, responseRate: null, days: [] });
      expect((await admin('/api/waves/nope/progress').expect(404)).body.code).toBe('WAVE_NOT_FOUND');
      await http().get('/api/waves/prog/progress').expect(401);
    });

    it('renders the chart as an accessible SVG with German labels', async () => {
      const svg = await app.get(ProgressService).progressSvg('prog');
      expect(svg).toMatch(/^<svg[^>]* role="img" aria-label="Fortschritt der Welle „Welle prog“[^"]*"><title>Fortschritt/);
      expect(svg).toContain('begonnen');
      expect(svg).toContain('abgeschlossen');
      expect(svg).toContain(`>${berlinDay(new Date()).slice(8, 10)}.${berlinDay(new Date()).slice(5, 7)}.<`);
      expect(svg).toContain('Rücklaufquote 50,0 %');
    });
  });

  describe('last activity', () => {
    it('is the latest save of the wave in the wave list and the wave, and of the response per invitation', async () => {
      await createWave(app, staff.admin, { code: 'last' });
      const [token, untouched] = await invite(app, staff.admin, 'last', 2);
      const before = await admin('/api/waves/last').expect(200);
      expect(before.body.lastActivityAt).toBeNull();
      await answer(token, false);
      const [{ updated_at: saved }] = await dataSource.query(
        `SELECT r.updated_at FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'last'`,
      );

      expect((await admin('/api/waves/last').expect(200)).body.lastActivityAt).toBe(saved.toISOString());
      const listed = (await admin('/api/waves').expect(200)).body.find((wave: { code: string }) => wave.code === 'last');
      expect(listed.lastActivityAt).toBe(saved.toISOString());

      const invitations = (await admin('/api/waves/last/invitations').expect(200)).body as Array<{
        id: string;
        lastActivityAt: string | null;
      }>;
      expect(invitations.map((invitation) => invitation.lastActivityAt).sort()).toEqual([saved.toISOString(), null].sort());
      // Blocking the unused link changes its updatedAt, not its last activity.
      const unused = invitations.find((invitation) => invitation.lastActivityAt === null)!;
      const blocked = await http().post(`/api/waves/last/invitations/${unused.id}/block`).auth(staff.admin, { type: 'bearer' }).expect(200);
      expect(blocked.body.lastActivityAt).toBeNull();
      expect(untouched).toBeDefined();
    });
  });

  describe('auto-close', () => {
    const waveStatus = async (code: string) => (await admin(`/api/waves/${code}`).expect(200)).body.status;
    const closeEvents = async (code: string) =>
      ((await admin(`/api/waves/${code}/events`).expect(200)).body as Array<{ action: string; actor: string; details: object }>).filter(
        (event) => event.action === 'wave.closed',
      );

    it('closes an open wave whose closesAt has passed (by the clock), as the system; the respondent API then refuses saves', async () => {
      const closesAt = new Date(Date.now() + 3_600_000).toISOString();
      await createWave(app, staff.admin, { code: 'auto', closesAt });
      await createWave(app, staff.admin, { code: 'auto-draft', closesAt, open: false });
      const [token] = await invite(app, staff.admin, 'auto', 1);
      const sweeper = app.get(WaveAutoCloseService);

      expect(await sweeper.sweep()).not.toContain('auto');
      expect(await waveStatus('auto')).toBe('open');

      clock.offsetMs = 2 * 3_600_000;
      expect(await sweeper.sweep()).toEqual(['auto']);
      expect(await waveStatus('auto')).toBe('closed');
      expect(await waveStatus('auto-draft')).toBe('draft');
      expect(await closeEvents('auto')).toEqual([
        {
          occurredAt: expect.any(String),
          actor: 'system',
          action: 'wave.closed',
          details: { from: 'open', to: 'closed', automatic: true, closesAt },
        },
      ]);

      clock.offsetMs = 0; // back inside the window: still refused, the wave is closed
      const refused = await http()
        .put(`/api/respond/${token}`)
        .send({ answers: { rolle: 'ki_trainer' }, complete: false })
        .expect(409);
      expect(refused.body.code).toBe('RESPONSE_WAVE_NOT_OPEN');
    });

    it('two concurrent sweeps close a wave once (one audit event)', async () => {
      const closesAt = new Date(Date.now() - 60_000).toISOString();
      await createWave(app, staff.admin, { code: 'auto-race', opensAt: new Date(Date.now() - 3_600_000).toISOString(), closesAt });
      const sweeper = app.get(WaveAutoCloseService);
      const [a, b] = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
      expect([...a, ...b].filter((code) => code === 'auto-race')).toEqual(['auto-race']);
      expect(await waveStatus('auto-race')).toBe('closed');
      expect(await closeEvents('auto-race')).toHaveLength(1);
    });
  });

  describe('audit search', () => {
    it('pages the trail newest first and filters by wave, action and person (id, or the text for the system)', async () => {
      await createWave(app, staff.admin, { code: 'aud' });
      await http().post('/api/waves/aud/close').auth(staff.admin, { type: 'bearer' }).expect(200);
      const all = await admin('/api/audit?pageSize=2').expect(200);
      expect(all.body.page).toBe(1);
      expect(all.body.pageSize).toBe(2);
      expect(all.body.events).toHaveLength(2);
      expect(all.body.total).toBeGreaterThan(2);
      expect(all.body.events[0]).toMatchObject({ action: 'wave.closed', waveCode: 'aud', actor: 'Test Admin (admin)' });
      expect(new Date(all.body.events[0].occurredAt) >= new Date(all.body.events[1].occurredAt)).toBe(true);
      const adminId = all.body.events[0].actorId;
      expect(adminId).toMatch(/^[0-9a-f-]{36}$/);

      const wave = await admin('/api/audit?wave=aud').expect(200);
      expect(wave.body.events.map((event: { action: string }) => event.action)).toEqual([
        'wave.closed',
        'wave.opened',
        'definition.pinned',
        'wave.created',
      ]);
      expect(wave.body.total).toBe(4);
      const page2 = await admin('/api/audit?wave=aud&pageSize=3&page=2').expect(200);
      expect(page2.body.events.map((event: { action: string }) => event.action)).toEqual(['wave.created']);

      const opened = await admin('/api/audit?action=wave.opened&wave=aud').expect(200);
      expect(opened.body.total).toBe(1);
      const byAdmin = await admin(`/api/audit?actor=${adminId}`).expect(200);
      expect(byAdmin.body.events.every((event: { actorId: string }) => event.actorId === adminId)).toBe(true);
      const bySystem = await admin('/api/audit?actor=system&action=wave.closed').expect(200);
      expect(bySystem.body.events.length).toBeGreaterThan(0);
      expect(
        bySystem.body.events.every((event: { actor: string; actorId: null }) => event.actor === 'system' && event.actorId === null),
      ).toBe(true);

      const filters = await admin('/api/audit/filters').expect(200);
      expect(filters.body.waveCodes).toEqual(expect.arrayContaining(['aud', 'auto', 'prog']));
      expect(filters.body.actions).toEqual(expect.arrayContaining(['wave.created', 'wave.opened', 'wave.closed']));
      expect(filters.body.actors).toEqual(
        expect.arrayContaining([
          { value: adminId, label: 'Test Admin (admin)' },
          { value: 'system', label: 'system' },
        ]),
      );
    });

    it('refuses bad pages with 422, analysts with 403', async () => {
      for (const query of ['page=0', 'pageSize=201', 'page=x', 'pageSize=1.5', 'unknown=1']) {
        expect((await admin(`/api/audit?${query}`).expect(422)).body.code).toBe('VALIDATION_FAILED');
      }
      await http().get('/api/audit').auth(staff.analyst, { type: 'bearer' }).expect(403);
      await http().get('/api/audit/filters').auth(staff.analyst, { type: 'bearer' }).expect(403);
    });

    it('keeps the wave events route', async () => {
      const events = await admin('/api/waves/aud/events').expect(200);
      expect(events.body.map((event: { action: string }) => event.action)).toEqual([
        'wave.created',
        'definition.pinned',
        'wave.opened',
        'wave.closed',
      ]);
    });
  });
});
