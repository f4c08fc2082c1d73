import { validateEnvironment } from './env.validation';

describe('validateEnvironment', () => {
  it('fills the documented defaults', () => {
    const config = validateEnvironment({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './.data', EMBEDDED_PG_PORT: 54329, LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
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

  it('never echoes a secret', () => {
    expect(() => validateEnvironment({ SURVEY_ADMIN_TOKEN: 'secret1' })).toThrow(/SURVEY_ADMIN_TOKEN=\(hidden\)/);
  });
});
