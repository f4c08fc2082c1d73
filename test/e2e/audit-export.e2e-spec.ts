import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { AUDIT_EXPORT_BATCH, AuditService } from '../../src/audit/audit.service';
import { createStaff } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const HEADER = [
  'Zeitpunkt (UTC)',
  'Zeitpunkt (Berlin)',
  'Wer',
  'Aktion',
  'Aktion (Bezeichnung)',
  'Welle',
  'Fragebogen',
  'Einzelheiten (JSON)',
];

/** The rows of an Excel-dialect file (BOM, `;`, CRLF) as arrays, header included. */
function excelRows(body: Buffer): string[][] {
  const rows: string[][] = parse(body.toString('utf8'), { delimiter: ';', bom: true });
  return rows;
}

describe('GET /api/audit.csv: the audit trail for Excel', () => {
  let testApp: TestApp;
  let tokens: { admin: string; analyst: string };
  let adminId: string;
  const http = () => request(testApp.app.getHttpServer());
  const download = (path: string, token = tokens.admin) =>
    http()
      .get(path)
      .auth(token, { type: 'bearer' })
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const exportEvents = () =>
    testApp.dataSource.query<Array<{ actor: string; actor_id: string | null; details: Record<string, unknown> }>>(
      `SELECT actor, actor_id, details FROM audit_events WHERE action = 'audit.exported' ORDER BY id`,
    );

  beforeAll(async () => {
    testApp = await createTestApp();
    tokens = await createStaff(testApp.app);
    adminId = (await testApp.dataSource.query(`SELECT id FROM staff_members WHERE name = 'Test Admin'`))[0].id;
    const audit = testApp.app.get(AuditService);
    const admin = { id: adminId, name: 'Test Admin', role: 'admin' as never };
    // Known events at known times: an opened wave (summer, UTC+2), an erasure with a reason, a system close (winter, UTC+1).
    await audit.record(admin, {
      action: 'wave.opened',
      waveCode: 'aex-1',
      surveyId: 'ki-mittelstand',
      details: { from: 'draft', to: 'open' },
    });
    await audit.record(admin, {
      action: 'invitation.erased',
      waveCode: 'aex-1',
      details: { invitationId: '3f1c0000-0000-4000-8000-000000000001', reason: 'Antrag vom 12.10.2025; "Vorgang" 7' },
    });
    await audit.record(SYSTEM_ACTOR, { action: 'wave.closed', waveCode: 'aex-2', details: { automatic: true } });
    await testApp.dataSource.query(`UPDATE audit_events SET occurred_at = '2025-07-27T21:59:07Z' WHERE action = 'wave.opened'`);
    await testApp.dataSource.query(`UPDATE audit_events SET occurred_at = '2025-10-30T13:00:00Z' WHERE action = 'invitation.erased'`);
    await testApp.dataSource.query(`UPDATE audit_events SET occurred_at = '2025-12-01T08:30:00Z' WHERE action = 'wave.closed'`);
  });

  afterAll(() => testApp.close());

  it('is a German-Excel CSV (BOM, semicolons, CRLF) with the events newest first, in UTC and Berlin time, the action in German', async () => {
    const response = await download('/api/audit.csv?wave=aex-1').expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="protokoll-aex-1-\d{4}-\d{2}-\d{2}\.csv"$/);
    const body = response.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toContain('\r\n');
    const rows = excelRows(body);
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1)).toEqual([
      [
        '2025-10-30T13:00:00.000Z',
        '30.10.2025 14:00:00',
        'Test Admin (admin)',
        'invitation.erased',
        'Person auf Antrag gelöscht',
        'aex-1',
        '',
        '{"reason":"Antrag vom 12.10.2025; \\"Vorgang\\" 7","invitationId":"3f1c0000-0000-4000-8000-000000000001"}',
      ],
      [
        '2025-07-27T21:59:07.000Z',
        '27.07.2025 23:59:07',
        'Test Admin (admin)',
        'wave.opened',
        'Welle geöffnet',
        'aex-1',
        'ki-mittelstand',
        '{"to":"open","from":"draft"}',
      ],
    ]);
  });

  it('takes the filters of GET /api/audit: action, and person by id or (for the system) by text', async () => {
    const byAction = excelRows((await download('/api/audit.csv?action=wave.closed').expect(200)).body as Buffer);
    expect(byAction.slice(1).map((row) => [row[2], row[3], row[5]])).toEqual([['system', 'wave.closed', 'aex-2']]);
    const bySystem = excelRows((await download('/api/audit.csv?actor=system&wave=aex-2').expect(200)).body as Buffer);
    expect(bySystem.slice(1).map((row) => row[3])).toEqual(['wave.closed']);
    const byAdmin = excelRows((await download(`/api/audit.csv?actor=${adminId}&wave=aex-1&action=wave.opened`).expect(200)).body as Buffer);
    expect(byAdmin.slice(1).map((row) => row[3])).toEqual(['wave.opened']);
    const none = excelRows((await download('/api/audit.csv?wave=no-such-wave').expect(200)).body as Buffer);
    expect(none).toEqual([HEADER]);
  });

  it('records every export as audit.exported with its filters and who, never the events themselves', async () => {
    const before = (await exportEvents()).length;
    await download('/api/audit.csv?wave=aex-2&action=wave.closed').expect(200);
    const events = await exportEvents();
    expect(events).toHaveLength(before + 1);
    expect(events[events.length - 1]).toEqual({
      actor: 'Test Admin (admin)',
      actor_id: adminId,
      details: { filters: { waveCode: 'aex-2', action: 'wave.closed' } },
    });
    const trail = excelRows((await download('/api/audit.csv?action=audit.exported').expect(200)).body as Buffer);
    expect(trail[1][4]).toBe('Protokoll als CSV heruntergeladen');
  });

  it('plain dialect on request: commas, no BOM', async () => {
    const body = (await download('/api/audit.csv?wave=aex-2&format=plain').expect(200)).body as Buffer;
    expect(body[0]).not.toBe(0xef);
    expect(body.toString('utf8').split('\n')[0]).toBe(HEADER.join(','));
  });

  it('refuses analysts (403), callers without a token (401) and unknown or bad parameters (422), with nothing recorded', async () => {
    const before = (await exportEvents()).length;
    const analyst = await download('/api/audit.csv', tokens.analyst).expect(403);
    expect(JSON.parse((analyst.body as Buffer).toString('utf8'))).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    await http().get('/api/audit.csv').expect(401);
    await download('/api/audit.csv?page=2').expect(422);
    await download(`/api/audit.csv?action=${'x'.repeat(61)}`).expect(422);
    await download('/api/audit.csv?format=xlsx').expect(422);
    expect(await exportEvents()).toHaveLength(before);
  });

  it('reads long trails in batches without skipping or repeating an event, even when many share one timestamp', async () => {
    const count = AUDIT_EXPORT_BATCH * 2 + 500;
    await testApp.dataSource.query(
      `INSERT INTO audit_events (occurred_at, actor, action, wave_code, details)
       SELECT '2024-01-01T00:00:00Z', 'system', 'bulk.test', 'aex-bulk', jsonb_build_object('n', n) FROM generate_series(1, $1) n`,
      [count],
    );
    const rows = excelRows((await download('/api/audit.csv?wave=aex-bulk').expect(200)).body as Buffer).slice(1);
    expect(rows).toHaveLength(count);
    const numbers = rows.map((row) => (JSON.parse(row[7]) as { n: number }).n);
    expect(new Set(numbers).size).toBe(count);
    // Same timestamp: newest first means the higher id first, so the numbers descend.
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  });
});
