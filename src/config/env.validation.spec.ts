import { validateEnvironment } from './env.validation';

describe('validateEnvironment', () => {
  it('fills the documented defaults', () => {
    const config = validateEnvironment({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './.data', EMBEDDED_PG_PORT: 54329, LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('fills the limits of the statistics: MIN_BASE 10, MIN_GROUP 5', () => {
    expect(validateEnvironment({})).toMatchObject({ MIN_BASE: 10, MIN_GROUP: 5 });
    expect(validateEnvironment({ MIN_BASE: '1', MIN_GROUP: '3' })).toMatchObject({ MIN_BASE: 1, MIN_GROUP: 3 });
  });

  it('refuses MIN_GROUP below 3 with the reason', () => {
    expect(() => validateEnvironment({ MIN_GROUP: '2' })).toThrow(
      'MIN_GROUP="2": MIN_GROUP must be at least 3: a breakdown group of one or two responses would identify the respondents',
    );
  });

  it('converts numbers given as strings', () => {
    expect(validateEnvironment({ PORT: '8080', EMBEDDED_PG_PORT: '6000' })).toMatchObject({ PORT: 8080, EMBEDDED_PG_PORT: 6000 });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ EMBEDDED_PG_PORT: '80' }, 'EMBEDDED_PG_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SURVEY_ADMIN_TOKEN: 'short' }, 'SURVEY_ADMIN_TOKEN'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ SMTP_URL: 'http://relay.example.org', MAIL_FROM: 'a@example.org' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'Befragung' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'Befragung <befragung@>' }, 'MAIL_FROM'],
    [{ MAIL_RATE_PER_MINUTE: '0' }, 'MAIL_RATE_PER_MINUTE'],
    [{ MAIL_CONTACT_EMAIL: 'niemand' }, 'MAIL_CONTACT_EMAIL'],
    [{ MIN_BASE: '0' }, 'MIN_BASE'],
    [{ MIN_BASE: '2.5' }, 'MIN_BASE'],
    [{ MIN_GROUP: '2' }, 'MIN_GROUP'],
    [{ MIN_GROUP: 'fünf' }, 'MIN_GROUP'],
  ])('rejects %j naming %s', (raw, variable) => {
    expect(() => validateEnvironment(raw)).toThrow(new RegExp(`^Invalid environment configuration:\\n  ${variable}=`));
  });

  it.each([
    [{ SURVEY_ADMIN_EMAIL: 'not-an-email', SURVEY_ADMIN_PASSWORD: 'lang genug und geheim' }, 'SURVEY_ADMIN_EMAIL="not-an-email"'],
    [
      { SURVEY_ADMIN_EMAIL: 'anna@example.org', SURVEY_ADMIN_PASSWORD: 'zu kurz' },
      'SURVEY_ADMIN_PASSWORD=(hidden): SURVEY_ADMIN_PASSWORD must be 12',
    ],
    [{ SURVEY_ADMIN_EMAIL: 'anna@example.org' }, 'SURVEY_ADMIN_PASSWORD=(not set): needed together with SURVEY_ADMIN_EMAIL'],
    [{ SURVEY_ADMIN_PASSWORD: 'lang genug und geheim' }, 'SURVEY_ADMIN_EMAIL=(not set): needed together with SURVEY_ADMIN_PASSWORD'],
  ])('checks the first admin account %j: %s', (raw, expected) => {
    expect(() => validateEnvironment(raw)).toThrow(expected);
  });

  it('never echoes the admin password, valid or not', () => {
    for (const raw of [{ SURVEY_ADMIN_PASSWORD: 'geheim-kurz' }, { SURVEY_ADMIN_EMAIL: 'x', SURVEY_ADMIN_PASSWORD: 'geheim-lang-genug' }]) {
      let message = '';
      try {
        validateEnvironment(raw);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('Invalid environment configuration');
      expect(message).not.toContain('geheim');
    }
  });

  it('accepts both together', () => {
    expect(validateEnvironment({ SURVEY_ADMIN_EMAIL: 'anna@example.org', SURVEY_ADMIN_PASSWORD: 'lang genug und geheim' })).toMatchObject({
      SURVEY_ADMIN_EMAIL: 'anna@example.org',
    });
  });

  it('needs MAIL_FROM with SMTP_URL, and never echoes the relay URL (it carries the password)', () => {
    let message = '';
    try {
      validateEnvironment({ SMTP_URL: 'smtp://user:geheim@relay.example.org:587' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('MAIL_FROM=(not set): needed together with SMTP_URL');
    expect(() => validateEnvironment({ SMTP_URL: 'ftp://user:geheim@relay', MAIL_FROM: 'a@example.org' })).toThrow(/SMTP_URL=\(hidden\)/);
    expect(message).not.toContain('geheim');
  });

  it('takes a relay with a sender, and sends 60 mails a minute by default', () => {
    expect(
      validateEnvironment({ SMTP_URL: 'smtps://user:pw@relay.example.org', MAIL_FROM: 'Befragung <befragung@example.org>' }),
    ).toMatchObject({
      SMTP_URL: 'smtps://user:pw@relay.example.org',
      MAIL_FROM: 'Befragung <befragung@example.org>',
      MAIL_RATE_PER_MINUTE: 60,
    });
  });

  it('never echoes a secret', () => {
    expect(() => validateEnvironment({ SURVEY_ADMIN_TOKEN: 'secret1' })).toThrow(/SURVEY_ADMIN_TOKEN=\(hidden\)/);
  });
});
