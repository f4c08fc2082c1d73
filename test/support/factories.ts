import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { StaffAuthService } from '../../src/auth/staff-auth.service';
import { StaffRole } from '../../src/auth/staff-member.entity';

export interface StaffTokens {
  admin: string;
  analyst: string;
}

/** One admin and one analyst, with their bearer tokens. */
export async function createStaff(app: INestApplication): Promise<StaffTokens> {
  const staff = app.get(StaffAuthService);
  const admin = await staff.create('Test Admin', StaffRole.Admin);
  const analyst = await staff.create('Test Analyst', StaffRole.Analyst);
  return { admin: admin.token, analyst: analyst.token };
}

export interface WaveOptions {
  code: string;
  surveyId?: string;
  version?: string;
  title?: string;
  opensAt?: string;
  closesAt?: string;
  open?: boolean;
}

/** Creates a wave through the API (and opens it unless `open: false`). */
export async function createWave(app: INestApplication, adminToken: string, options: WaveOptions): Promise<void> {
  const { open = true, ...fields } = options;
  await request(app.getHttpServer())
    .post('/api/waves')
    .auth(adminToken, { type: 'bearer' })
    .send({ surveyId: 'ki-mittelstand', version: '2023', title: `Welle ${options.code}`, ...fields })
    .expect(201);
  if (open) {
    await request(app.getHttpServer()).post(`/api/waves/${options.code}/open`).auth(adminToken, { type: 'bearer' }).expect(200);
  }
}

/** Personal tokens of `count` new invitations to a wave. */
export async function invite(app: INestApplication, adminToken: string, waveCode: string, count: number): Promise<string[]> {
  const response = await request(app.getHttpServer())
    .post(`/api/waves/${waveCode}/invitations`)
    .auth(adminToken, { type: 'bearer' })
    .send({ count })
    .expect(201);
  return (response.body.invitations as Array<{ token: string }>).map((invitation) => invitation.token);
}
