import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { generateToken, hashesEqual, hashToken } from '../common/tokens';
import { EnvironmentVariables } from '../config/env.validation';
import { Actor } from './actor';
import { StaffMember, StaffRole } from './staff-member.entity';

@Injectable()
export class StaffAuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(StaffAuthService.name);

  constructor(
    @InjectRepository(StaffMember) private readonly members: Repository<StaffMember>,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const token = this.config.get('SURVEY_ADMIN_TOKEN', { infer: true });
    if (token) await this.ensureAdminToken(token);
  }

  /** The staff member holding `token`, or undefined. */
  async authenticate(token: string): Promise<Actor | undefined> {
    if (token.length > 200) return undefined;
    const hash = hashToken(token);
    const member = await this.members.findOne({ where: { tokenHash: hash } });
    if (!member || !hashesEqual(member.tokenHash, hash)) return undefined;
    return { id: member.id, name: member.name, role: member.role };
  }

  /** Creates a staff member and returns the token, which is shown this once and never stored. */
  async create(name: string, role: StaffRole): Promise<{ member: StaffMember; token: string }> {
    const token = generateToken();
    const member = await this.members.save(this.members.create({ name, role, tokenHash: hashToken(token) }));
    this.logger.log(`Staff member created: ${name} (${role})`);
    return { member, token };
  }

  private async ensureAdminToken(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    const inserted = await this.members
      .createQueryBuilder()
      .insert()
      .values({ name: 'admin (SURVEY_ADMIN_TOKEN)', role: StaffRole.Admin, tokenHash })
      .orIgnore()
      .execute();
    if (inserted.identifiers.length > 0 && (inserted.raw as unknown[]).length > 0) {
      this.logger.log('Admin token from SURVEY_ADMIN_TOKEN registered');
    }
  }
}
