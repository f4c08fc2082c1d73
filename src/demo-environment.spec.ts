import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MARKER, DemoRefusal, demoEnvironment, prepareDemoDataDir } from './demo-environment';

describe('demoEnvironment', () => {
  it.each([
    [{}, { DATA_DIR: './.data-demo', EMBEDDED_PG_PORT: '54339', PORT: '3001' }],
    [
      { DATA_DIR: '', EMBEDDED_PG_PORT: '', PORT: '' },
      { DATA_DIR: './.data-demo', EMBEDDED_PG_PORT: '54339', PORT: '3001' },
    ],
    [
      { DATA_DIR: '/srv/x', EMBEDDED_PG_PORT: '6000', PORT: '8080' },
      { DATA_DIR: '/srv/x', EMBEDDED_PG_PORT: '6000', PORT: '8080' },
    ],
    [{ DATA_DIR: '/srv/x' }, { DATA_DIR: '/srv/x', EMBEDDED_PG_PORT: '54339', PORT: '3001' }],
  ])('%j → %j (never the service defaults ./.data, 54329, 3000)', (given, expected) => {
    expect(demoEnvironment(given)).toMatchObject(expected);
  });

  it('keeps every other variable and does not change its input', () => {
    const given = { DATABASE_URL: 'postgres://x/y', LOG_LEVEL: 'debug' };
    expect(demoEnvironment(given)).toMatchObject(given);
    expect(given).toEqual({ DATABASE_URL: 'postgres://x/y', LOG_LEVEL: 'debug' });
  });
});

describe('prepareDemoDataDir', () => {
  let root: string;
  beforeEach(async () => (root = await mkdtemp(join(tmpdir(), 'survey-waves-demo-dir-'))));
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('creates a missing folder and marks it as the demo’s', async () => {
    const dir = join(root, '.data-demo');
    await prepareDemoDataDir(dir);
    expect(existsSync(join(dir, DEMO_MARKER))).toBe(true);
  });

  it('empties a folder the demo created before', async () => {
    const dir = join(root, '.data-demo');
    await prepareDemoDataDir(dir);
    await writeFile(join(dir, 'old-demo-data'), 'x');
    await prepareDemoDataDir(dir);
    expect(existsSync(join(dir, 'old-demo-data'))).toBe(false);
    expect(existsSync(join(dir, DEMO_MARKER))).toBe(true);
  });

  it.each([['a folder with data'], ['an empty folder']])('refuses %s it did not create and leaves it untouched', async (kind) => {
    const dir = join(root, '.data');
    await mkdir(dir);
    if (kind === 'a folder with data') await writeFile(join(dir, 'PG_VERSION'), '18\n');
    await expect(prepareDemoDataDir(dir)).rejects.toThrow(DemoRefusal);
    await expect(prepareDemoDataDir(dir)).rejects.toThrow(/was not created by the demo/);
    if (kind === 'a folder with data') expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8')).toBe('18\n');
    expect(existsSync(join(dir, DEMO_MARKER))).toBe(false);
  });
});
