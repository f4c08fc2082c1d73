import { Command, CommandRunner, Option } from 'nest-commander';
import { SYSTEM_ACTOR } from './actor';
import { IssuedPasswordLink } from './staff-accounts.types';
import { StaffAccountsService } from './staff-accounts.service';
import { StaffAuthService } from './staff-auth.service';
import { emailProblem } from './staff-email';
import { StaffRole } from './staff-member.entity';

interface StaffCreateOptions {
  name: string;
  role: StaffRole;
  email?: string;
}

/** "valid until 30.07.2025, 14:05 Uhr (Europe/Berlin)" */
function validUntil(link: IssuedPasswordLink): string {
  const when = new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(link.expiresAt);
  return `valid once, until ${when} Uhr (Europe/Berlin)`;
}

function parseEmail(value: string): string {
  const problem = emailProblem(value);
  if (problem) throw new Error(`--email: ${problem}`);
  return value.trim();
}

@Command({
  name: 'staff:create',
  description:
    'Create a staff member: with --email a console account and a one-time link to set its password (72 h); without, a bearer token (shown once)',
})
export class StaffCreateCommand extends CommandRunner {
  constructor(
    private readonly staff: StaffAuthService,
    private readonly accounts: StaffAccountsService,
  ) {
    super();
  }

  async run(_: string[], options: StaffCreateOptions): Promise<void> {
    if (options.email) {
      const { member, link } = await this.accounts.invite(SYSTEM_ACTOR, { name: options.name, email: options.email, role: options.role });
      process.stdout.write(
        `Created ${member.role} "${member.name}" <${member.email}>. Link to set the password (${validUntil(link)}):\n${link.url}\n`,
      );
      return;
    }
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

  @Option({
    flags: '-e, --email <email>',
    description: 'E-mail to sign in to the console with (prints a set-password link instead of a token)',
  })
  parseEmail(value: string): string {
    return parseEmail(value);
  }
}

interface PasswordLinkOptions {
  email: string;
}

@Command({
  name: 'staff:password-link',
  description: 'Print a new one-time link (72 h) for a staff account to set a new password; older unused links stop working',
})
export class StaffPasswordLinkCommand extends CommandRunner {
  constructor(private readonly accounts: StaffAccountsService) {
    super();
  }

  async run(_: string[], options: PasswordLinkOptions): Promise<void> {
    const link = await this.accounts.newPasswordLinkForEmail(SYSTEM_ACTOR, options.email);
    process.stdout.write(`Link to set the password of ${options.email} (${validUntil(link)}):\n${link.url}\n`);
  }

  @Option({ flags: '-e, --email <email>', description: 'E-mail of the staff account', required: true })
  parseEmail(value: string): string {
    return parseEmail(value);
  }
}
