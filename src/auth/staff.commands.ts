import { Command, CommandRunner, Option } from 'nest-commander';
import { StaffAuthService } from './staff-auth.service';
import { StaffRole } from './staff-member.entity';

interface StaffCreateOptions {
  name: string;
  role: StaffRole;
}

@Command({ name: 'staff:create', description: 'Create a staff member and print their bearer token (shown once)' })
export class StaffCreateCommand extends CommandRunner {
  constructor(private readonly staff: StaffAuthService) {
    super();
  }

  async run(_: string[], options: StaffCreateOptions): Promise<void> {
    const { member, token } = await this.staff.create(options.name, options.role);
    process.stdout.write(`Created ${member.role} "${member.name}". Token (shown only now):\n${token}\n`);
  }

  @Option({ flags: '-n, --name <name>', description: 'Name of the staff member', required: true })
  parseName(value: string): string {
    if (!value.trim() || value.length > 200) throw new Error('--name must be 1 to 200 characters');
    return value.trim();
  }

  @Option({ flags: '-r, --role <role>', description: 'admin or analyst', required: true })
  parseRole(value: string): StaffRole {
    const roles: string[] = Object.values(StaffRole);
    if (!roles.includes(value)) throw new Error('--role must be admin or analyst');
    return value as StaffRole;
  }
}
