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

  it('never echoes a secret', () => {
    expect(() => validateEnvironment({ SURVEY_ADMIN_TOKEN: 'secret1' })).toThrow(/SURVEY_ADMIN_TOKEN=\(hidden\)/);
  });
});
