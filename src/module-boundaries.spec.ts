/**
 * Each module's SQL touches only its own tables: the raw SQL in a module's
 * folder names only its tables, and its TypeORM calls (repositories, query
 * builders, `manager.find(Entity, …)`) name only its entities. Another
 * module's data is asked for through that module's service. The exceptions
 * are listed below with their reason; a new one fails this test until it is
 * listed (and argued) here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = __dirname;

/** Table → owning module (folder under src/). */
const TABLE_OWNERS: Record<string, string> = {
  waves: 'waves',
  definition_versions: 'definitions',
  privacy_notices: 'definitions',
  invitations: 'invitations',
  invitation_contacts: 'invitations',
  responses: 'responses',
  frozen_wave_counts: 'responses',
  frozen_answer_counts: 'responses',
  audit_events: 'audit',
  staff_members: 'auth',
  staff_sessions: 'auth',
  staff_api_tokens: 'auth',
  staff_password_links: 'auth',
  staff_sign_in_failures: 'auth',
  mail_templates: 'mail',
  mailings: 'mail',
  mail_outbox: 'mail',
  mail_recipients: 'mail',
  invitation_mail_status: 'mail',
  imports: 'imports',
};

/** Entity class → owning module. */
const ENTITY_OWNERS: Record<string, string> = {
  Wave: 'waves',
  DefinitionVersion: 'definitions',
  PrivacyNotice: 'definitions',
  Invitation: 'invitations',
  InvitationContact: 'invitations',
  Response: 'responses',
  AuditEvent: 'audit',
  StaffMember: 'auth',
  StaffSession: 'auth',
  StaffApiToken: 'auth',
  StaffPasswordLink: 'auth',
  StaffSignInFailure: 'auth',
  MailTemplateRow: 'mail',
  Mailing: 'mail',
  MailOutboxRow: 'mail',
  MailRecipient: 'mail',
  ImportRecord: 'imports',
};

/**
 * `file: table` pairs allowed to cross a boundary, each with its reason: the
 * one-statement saves and the one-statement token context of the
 * respondent API. Other reads go through the owner (the definition through
 * DefinitionsService, the reporting reads through the responses module's
 * ResponseReadsModule).
 */
const EXCEPTIONS: Record<string, string> = {
  // The one-statement saves (first and later): the wave's gate (a function of the schema), response with its cells and
  // invitation state atomically, in one round trip.
  'responses/response-writer.ts: invitations': 'CREATE_RESPONSE and UPDATE_RESPONSE move the invitation state in the same statement',
  // The respondent's token context (every view and every save): invitation, wave and response in one round trip.
  'responses/responses.service.ts: invitations': 'TOKEN_CONTEXT reads the token’s invitation with its wave and response',
  'responses/responses.service.ts: waves': 'TOKEN_CONTEXT reads the token’s invitation with its wave and response',
  // The mail module's read model for the invitation list: one page of invitations with their mail state in one query.
  'invitations/invitations.service.ts: invitation_mail_status':
    "the invitation list joins the mail module's view (its published read model)",
};

/** Table names in SQL text: after FROM, JOIN, INTO, UPDATE, TABLE (ignoring `public.`). */
const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?(?:public\.)?"?([a-z_]+)"?/gi;
/** Entities handed to TypeORM: forFeature([...]), @InjectRepository(X), getRepository(X), createQueryBuilder(X, …), manager.find*(X, …). */
const ENTITY_USE =
  /\b(?:forFeature\(\[([^\]]*)\]|InjectRepository\((\w+)\)|getRepository\((\w+)\)|createQueryBuilder\((\w+)\s*,|\.(?:find\w*|insert|update|delete|exists\w*|count\w*|save|upsert|increment|decrement)\((\w+)\s*,)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'public' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every `file: table` where a module's code touches another module's table or entity. */
export function crossings(files: Array<{ path: string; text: string }>): string[] {
  const found = new Set<string>();
  for (const { path, text } of files) {
    const module = path.split('/')[0];
    const touch = (table: string) => {
      if (TABLE_OWNERS[table] !== undefined && TABLE_OWNERS[table] !== module) found.add(`${path}: ${table}`);
    };
    for (const match of text.matchAll(SQL_TABLE)) touch(match[1].toLowerCase());
    for (const match of text.matchAll(ENTITY_USE)) {
      const names = (match[1] ?? match.slice(2).find((name) => name !== undefined) ?? '').split(',').map((name) => name.trim());
      for (const name of names) {
        const owner = ENTITY_OWNERS[name];
        if (owner !== undefined && owner !== module) found.add(`${path}: ${entityTable(name)}`);
      }
    }
  }
  return [...found].sort();
}

function entityTable(entity: string): string {
  const tables: Record<string, string> = {
    Wave: 'waves',
    DefinitionVersion: 'definition_versions',
    Invitation: 'invitations',
    InvitationContact: 'invitation_contacts',
    Response: 'responses',
    AuditEvent: 'audit_events',
    StaffMember: 'staff_members',
    StaffApiToken: 'staff_api_tokens',
    StaffPasswordLink: 'staff_password_links',
    StaffSignInFailure: 'staff_sign_in_failures',
  };
  return tables[entity];
}

describe('module table ownership', () => {
  // Module folders only: entry points at src/ (main, demo, start-up checks) compose the modules.
  const files = sourceFiles(SRC)
    .map((path) => relative(SRC, path))
    .filter((path) => path.includes('/'))
    .map((path) => ({ path, text: readFileSync(join(SRC, path), 'utf8') }));

  it('finds the module folders', () => {
    const modules = new Set(files.map((file) => file.path.split('/')[0]));
    expect([...modules]).toEqual(expect.arrayContaining(['waves', 'definitions', 'invitations', 'responses', 'analysis', 'exports']));
  });

  it('no module touches another module’s table outside the listed exceptions', () => {
    expect(crossings(files).filter((crossing) => EXCEPTIONS[crossing] === undefined)).toEqual([]);
  });

  it('every listed exception still exists (a stale one is removed)', () => {
    expect(Object.keys(EXCEPTIONS).filter((exception) => !crossings(files).includes(exception))).toEqual([]);
  });

  it.each([
    ['raw SQL on another module’s table', 'analysis/x.ts', 'await q(`SELECT id FROM waves WHERE code = $1`)', ['analysis/x.ts: waves']],
    ['an UPDATE of another module’s table', 'responses/x.ts', "q('UPDATE invitations SET status = $2')", ['responses/x.ts: invitations']],
    ['a repository of another module’s entity', 'exports/x.ts', '@InjectRepository(Wave) private readonly waves', ['exports/x.ts: waves']],
    [
      'forFeature of another module’s entity',
      'definitions/x.module.ts',
      'TypeOrmModule.forFeature([DefinitionVersion, Wave])',
      ['definitions/x.module.ts: waves'],
    ],
    [
      'a manager call with another module’s entity',
      'waves/x.ts',
      'manager.existsBy(DefinitionVersion, { surveyId })',
      ['waves/x.ts: definition_versions'],
    ],
    ['its own table', 'waves/x.ts', 'manager.findOne(Wave, {}); q(`SELECT 1 FROM waves`)', []],
  ])('detects %s', (_, path, text, expected) => {
    expect(crossings([{ path, text }])).toEqual(expected);
  });
});
