import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';
import { DEFAULT_MIN_BASE, DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR } from '../analysis/intervals';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../auth/password-hash';
import { domainOfAddress } from '../mail/list-unsubscribe';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every environment variable the service reads, validated once at boot.
 * A bad value stops the start with a message that names the variable.
 */
export class EnvironmentVariables {
  /** HTTP port of the service. */
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  /** Address the HTTP server binds to. */
  @IsString()
  HOST: string = '127.0.0.1';

  /** An existing PostgreSQL server; when unset an embedded PostgreSQL is started in DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  /** Where the embedded PostgreSQL keeps its data. */
  @IsString()
  @MinLength(1)
  DATA_DIR: string = './.data';

  /** Port of the embedded PostgreSQL (not 5432, so it never collides with a system server). */
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT: number = 54329;

  /** Ensures an admin staff member with this bearer token exists at start-up. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'SURVEY_ADMIN_TOKEN must be at least 16 characters long' })
  SURVEY_ADMIN_TOKEN?: string;

  /** With SURVEY_ADMIN_PASSWORD: ensures a console admin account with this e-mail exists at start-up (an existing one is left as it is). */
  @IsOptional()
  @MaxLength(320, { message: 'SURVEY_ADMIN_EMAIL must be at most 320 characters long' })
  @IsEmail({ require_tld: false }, { message: 'SURVEY_ADMIN_EMAIL must be an e-mail address' })
  SURVEY_ADMIN_EMAIL?: string;

  /** The password of the SURVEY_ADMIN_EMAIL account when it is created (at least 12 characters; never logged). */
  @IsOptional()
  @ValidateBy({
    name: 'staffPassword',
    validator: {
      validate: (value: unknown) => passwordProblem(value) === undefined,
      defaultMessage: () => `SURVEY_ADMIN_PASSWORD must be ${PASSWORD_MIN_LENGTH} to 200 characters long`,
    },
  })
  SURVEY_ADMIN_PASSWORD?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Folder with <surveyId>/<version>.json definitions and figure specifications. */
  @IsString()
  DEFINITIONS_DIR: string = './survey-definitions';

  /** Base of the personal links printed for invitations, e.g. https://umfrage.example.org */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'PUBLIC_URL must be an absolute http(s) URL' })
  PUBLIC_URL?: string;

  /** Comma-separated origins allowed by CORS; empty means no CORS at all. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /**
   * The SMTP relay for invitations and reminders, `smtp://` or `smtps://`, credentials in the URL
   * (`smtp://user:password@relay.example.org:587`). Without it nothing is sent: mails are kept as .eml files
   * under DATA_DIR/mail with status `held`.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of invitations and reminders, `Name <address>` or an address; needed with SMTP_URL. */
  @IsOptional()
  @ValidateBy(
    {
      name: 'mailFrom',
      validator: { validate: (value: unknown) => typeof value === 'string' && isMailAddress(value) },
    },
    { message: 'MAIL_FROM must be an e-mail address with a domain, optionally as "Name <address>"' },
  )
  MAIL_FROM?: string;

  /** Mails one running instance sends per minute at most, evenly spaced. */
  @IsInt()
  @Min(1)
  @Max(6000)
  MAIL_RATE_PER_MINUTE: number = 60;

  /** Who is asking, named at the foot of every mail ("Diese E-Mail kommt von …"). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  MAIL_ORGANISATION?: string;

  /** Whom recipients may contact with questions, named at the foot of every mail. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  MAIL_CONTACT_NAME?: string;

  @IsOptional()
  @MaxLength(320)
  @IsEmail({ require_tld: false }, { message: 'MAIL_CONTACT_EMAIL must be an e-mail address' })
  MAIL_CONTACT_EMAIL?: string;

  /**
   * Days after a wave is closed until the service forgets its contact data (e-mail, name, salutation,
   * organisation) and token hashes by itself (GDPR Art. 5(1)(e)); the answers stay. 0: at the close.
   */
  @IsInt()
  @Min(0)
  @Max(3650)
  CONTACT_RETENTION_DAYS: number = 90;

  /** Requests per minute a respondent token or client address may send to the respondent API. */
  @IsInt()
  @Min(1)
  RESPONDENT_RATE_LIMIT: number = 120;

  /** Requests per minute one client address may send to the respondent API (many experts may share one NAT). */
  @IsInt()
  @Min(1)
  RESPONDENT_ADDRESS_RATE_LIMIT: number = 1200;

  /** A share whose base is below this is marked `smallBase` ("geringe Fallzahl"); nothing is hidden for it. */
  @IsInt({ message: 'MIN_BASE must be a whole number' })
  @Min(1, { message: 'MIN_BASE must be at least 1' })
  @Max(100000)
  MIN_BASE: number = DEFAULT_MIN_BASE;

  /** A breakdown group with fewer completed responses is suppressed (never below 3: smaller groups identify people). */
  @IsInt({ message: 'MIN_GROUP must be a whole number' })
  @Min(MIN_GROUP_FLOOR, {
    message: `MIN_GROUP must be at least ${MIN_GROUP_FLOOR}: a breakdown group of one or two responses would identify the respondents`,
  })
  @Max(100000)
  MIN_GROUP: number = DEFAULT_MIN_GROUP;
}

/** Variables whose value never appears in an error message. */
const HIDDEN = ['SURVEY_ADMIN_TOKEN', 'SURVEY_ADMIN_PASSWORD', 'DATABASE_URL', 'SMTP_URL'];

export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(EnvironmentVariables, defined, { enableImplicitConversion: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  const lines = errors.map((error) => {
    const given = raw[error.property];
    const reasons = Object.values(error.constraints ?? {}).join('; ');
    const shown = HIDDEN.includes(error.property) ? '(hidden)' : JSON.stringify(given);
    return `  ${error.property}=${shown}: ${reasons}`;
  });
  // The first admin account needs both; one without the other is a mistake, not a choice.
  if (Boolean(config.SURVEY_ADMIN_EMAIL) !== Boolean(config.SURVEY_ADMIN_PASSWORD)) {
    const [missing, given] = config.SURVEY_ADMIN_EMAIL
      ? ['SURVEY_ADMIN_PASSWORD', 'SURVEY_ADMIN_EMAIL']
      : ['SURVEY_ADMIN_EMAIL', 'SURVEY_ADMIN_PASSWORD'];
    lines.push(`  ${missing}=(not set): needed together with ${given}`);
  }
  // A relay without a sender would send mails nobody can answer (and many relays refuse them).
  if (config.SMTP_URL && !config.MAIL_FROM) {
    lines.push('  MAIL_FROM=(not set): needed together with SMTP_URL');
  }
  if (lines.length > 0) {
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return config;
}

function isMailAddress(value: string): boolean {
  try {
    domainOfAddress(value);
    return true;
  } catch {
    return false;
  }
}
