import { startUpFailureMessage, welcomeLines } from './start-up';

const listen = { host: '127.0.0.1', port: 3000 };
const errorWithCode = (code: string) => Object.assign(new Error(`listen ${code}: 127.0.0.1:3000`), { code });

describe('startUpFailureMessage', () => {
  it.each([
    [
      errorWithCode('EADDRINUSE'),
      'survey-waves could not start: port 3000 on 127.0.0.1 is already in use (another survey-waves or another program listens there); set PORT to a free port\n',
    ],
    [
      errorWithCode('EACCES'),
      'survey-waves could not start: no permission to listen on port 3000 on 127.0.0.1; set PORT to a port above 1023\n',
    ],
    [
      new Error(
        'Invalid environment configuration:\n  PORT="x": PORT must be an integer number\n  LOG_LEVEL="loud": LOG_LEVEL must be one of …',
      ),
      'survey-waves could not start: Invalid environment configuration: PORT="x": PORT must be an integer number; LOG_LEVEL="loud": LOG_LEVEL must be one of …\n',
    ],
    ['a thrown string', 'survey-waves could not start: a thrown string\n'],
  ])('says in one line what to change: %s', (error, expected) => {
    expect(startUpFailureMessage(error, listen, false)).toBe(expected);
  });

  it('names the program it is about', () => {
    expect(startUpFailureMessage(new Error('no'), listen, false, 'the survey-waves demo')).toBe(
      'the survey-waves demo could not start: no\n',
    );
  });

  it('shows no stack trace unless debugging', () => {
    const error = new Error('boom');
    expect(startUpFailureMessage(error, listen, false)).not.toContain('    at ');
    expect(startUpFailureMessage(error, listen, true)).toContain('    at ');
  });
});

describe('welcomeLines', () => {
  const base = 'http://127.0.0.1:3000';

  it.each([
    [{ tokenFromEnvironment: true, admins: 1 }, 'SURVEY_ADMIN_TOKEN'],
    [{ tokenFromEnvironment: false, admins: 0 }, 'npm run cli -- staff:create --name "<your name>" --role admin'],
    [{ tokenFromEnvironment: false, admins: 2 }, '2 admins exist'],
    [{ tokenFromEnvironment: false, admins: 1 }, '1 admin exists'],
    [{ tokenFromEnvironment: false, admins: 0 }, 'npm run cli -- staff:create --name "<your name>" --email <e-mail> --role admin'],
    [
      { tokenFromEnvironment: false, admins: 1, consoleAdminEmail: 'anna@example.org' },
      'Console admin (SURVEY_ADMIN_EMAIL): anna@example.org',
    ],
  ])('for %j says how to get in: %s', (admin, expected) => {
    const lines = welcomeLines(base, admin);
    expect(lines[0]).toBe(`survey-waves listening on ${base}`);
    expect(lines[1]).toBe(`  Staff console (German, sign in with e-mail and password): ${base}/admin`);
    expect(lines[2]).toBe(`  API docs (OpenAPI): ${base}/api/docs`);
    expect(lines.join('\n')).toContain(expected);
  });
});
