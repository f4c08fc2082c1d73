import request from 'supertest';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/** Lost and leaked links: an admin re-issues or blocks an invitation's link; the answers always stay. */
describe('invitations: re-issuing and blocking links', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const admin = (test: request.Test) => test.auth(staff.admin, { type: 'bearer' });

  const inviteOne = async (wave = 'links'): Promise<{ id: string; token: string }> => {
    const response = await admin(http().post(`/api/waves/${wave}/invitations`))
      .send({ invitations: [{ label: 'Zentrum Kiel' }] })
      .expect(201);
    return response.body.invitations[0];
  };
  const listed = async (id: string) => {
    const response = await admin(http().get('/api/waves/links/invitations')).expect(200);
    return (response.body as Array<{ id: string }>).find((invitation) => invitation.id === id);
  };
  const stored = async (id: string) => {
    const [row] = await testApp.dataSource.query('SELECT r.status, r.revision, r.answers FROM responses r WHERE r.invitation_id = $1', [
      id,
    ]);
    return row;
  };
  const events = async () =>
    (await admin(http().get('/api/waves/links/events')).expect(200)).body as Array<{
      action: string;
      actor: string;
      details: Record<string, unknown>;
    }>;

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'links' });
    await createWave(testApp.app, staff.admin, { code: 'other' });
  });

  afterAll(() => testApp.close());

  it('re-issues a lost link: a new token shown once, the old one dead at once, the saved answers resumed with the new one', async () => {
    const { id, token: old } = await inviteOne();
    await http()
      .put(`/api/respond/${old}`)
      .send({ answers: { zentrum: 'Kiel', chancen: { werbung: 3 } }, complete: false })
      .expect(200);

    const reissued = await admin(http().post(`/api/waves/links/invitations/${id}/reissue`)).expect(200);
    expect(reissued.body).toEqual({
      id,
      token: expect.stringMatching(/^[\w-]{43}$/),
      url: expect.stringMatching(/\/survey\/[\w-]{43}$/),
      label: 'Zentrum Kiel',
    });
    const fresh = reissued.body.token as string;
    expect(fresh).not.toBe(old);
    expect(reissued.body.url.endsWith(`/survey/${fresh}`)).toBe(true);

    const refused = await http().get(`/api/respond/${old}`).expect(404);
    expect(refused.body.code).toBe('RESPONSE_TOKEN_UNKNOWN');
    await http()
      .put(`/api/respond/${old}`)
      .send({ answers: { zentrum: 'Angreifer' }, complete: false, revision: 1 })
      .expect(404);

    const resumed = await http().get(`/api/respond/${fresh}`).expect(200);
    expect(resumed.body).toMatchObject({ status: 'partial', revision: 1, answers: { zentrum: 'Kiel', chancen: { werbung: 3 } } });
    await http()
      .put(`/api/respond/${fresh}`)
      .send({ answers: { zentrum: 'Kiel', rolle: 'ki_trainer' }, complete: true, revision: 1 })
      .expect(200);
    expect(await stored(id)).toEqual({ status: 'completed', revision: 2, answers: { zentrum: 'Kiel', rolle: 'ki_trainer' } });
    expect(await listed(id)).toMatchObject({ status: 'completed', blockedAt: null });

    const [event] = (await events()).filter((entry) => entry.action === 'invitation.reissued');
    expect(event).toMatchObject({ details: { invitationId: id } });
    expect(JSON.stringify(await events())).not.toContain(fresh);
  });

  it('blocks a leaked link: it answers 404 for reading and saving, stores nothing, keeps the answers; unblocking restores it', async () => {
    const { id, token } = await inviteOne();
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { zentrum: 'Lübeck' }, complete: false })
      .expect(200);

    const blocked = await admin(http().post(`/api/waves/links/invitations/${id}/block`)).expect(200);
    expect(blocked.body).toMatchObject({ id, status: 'blocked', progress: 'started', blockedAt: expect.any(String) });
    expect(await listed(id)).toMatchObject({ status: 'blocked', progress: 'started' });

    const view = await http().get(`/api/respond/${token}`).expect(404);
    expect(view.body).toMatchObject({ code: 'RESPONSE_LINK_BLOCKED', message: expect.stringContaining('gesperrt') });
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { zentrum: 'Überschrieben' }, complete: false, revision: 1 })
      .expect(404);
    expect(await stored(id)).toEqual({ status: 'partial', revision: 1, answers: { zentrum: 'Lübeck' } });

    // Blocking again changes nothing and records nothing; a blocked link gets no new link until unblocked.
    await admin(http().post(`/api/waves/links/invitations/${id}/block`)).expect(200);
    const refused = await admin(http().post(`/api/waves/links/invitations/${id}/reissue`)).expect(409);
    expect(refused.body.code).toBe('INVITATION_BLOCKED');

    const unblocked = await admin(http().post(`/api/waves/links/invitations/${id}/unblock`)).expect(200);
    expect(unblocked.body).toMatchObject({ status: 'started', blockedAt: null });
    expect((await http().get(`/api/respond/${token}`).expect(200)).body.answers).toEqual({ zentrum: 'Lübeck' });

    const mine = (await events()).filter((entry) => entry.details.invitationId === id).map((entry) => entry.action);
    expect(mine).toEqual(['invitation.blocked', 'invitation.unblocked']);
  });

  it('blocks an invitation nobody has used yet and keeps the others working', async () => {
    const unused = await inviteOne();
    const neighbour = await inviteOne();
    await admin(http().post(`/api/waves/links/invitations/${unused.id}/block`)).expect(200);
    await http()
      .put(`/api/respond/${unused.token}`)
      .send({ answers: { zentrum: 'x' }, complete: false })
      .expect(404);
    expect(await stored(unused.id)).toBeUndefined();
    await http().get(`/api/respond/${neighbour.token}`).expect(200);
  });

  it.each([
    ['an unknown id', 'links', '00000000-0000-4000-8000-000000000000', 404, 'INVITATION_NOT_FOUND'],
    ['an id that is no UUID', 'links', 'not-a-uuid', 404, 'INVITATION_NOT_FOUND'],
    ['an unknown wave', 'nowave', '00000000-0000-4000-8000-000000000000', 404, 'WAVE_NOT_FOUND'],
  ])('answers %s with its 404 and code on every link route', async (_, wave, id, status, code) => {
    for (const action of ['reissue', 'block', 'unblock']) {
      const response = await admin(http().post(`/api/waves/${wave}/invitations/${id}/${action}`)).expect(status);
      expect(response.body.code).toBe(code);
    }
  });

  it('does not reach an invitation through another wave', async () => {
    const { id, token } = await inviteOne('links');
    const response = await admin(http().post(`/api/waves/other/invitations/${id}/block`)).expect(404);
    expect(response.body.code).toBe('INVITATION_NOT_FOUND');
    await http().get(`/api/respond/${token}`).expect(200);
  });
});
