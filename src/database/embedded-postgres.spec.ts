import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPostmasterOf, livePostmaster } from './embedded-postgres';

describe('a postmaster.pid left behind', () => {
  let clusterDir: string;
  beforeEach(async () => {
    clusterDir = await mkdtemp(join(tmpdir(), 'survey-waves-pidfile-'));
  });
  afterEach(() => rm(clusterDir, { recursive: true, force: true }));

  it('naming a pid that now belongs to an unrelated process is no live postmaster, and that process is left alone', async () => {
    const unrelated = spawn('sleep', ['30']);
    try {
      // The layout PostgreSQL writes: pid, data directory, start time, port, …
      await writeFile(join(clusterDir, 'postmaster.pid'), `${unrelated.pid}\n${clusterDir}\n1700000000\n54329\n`);
      expect(await isPostmasterOf(unrelated.pid as number, clusterDir)).toBe(false);
      expect(await livePostmaster(clusterDir)).toBeUndefined();
      expect(unrelated.exitCode).toBeNull();
      expect(unrelated.signalCode).toBeNull();
    } finally {
      unrelated.kill();
    }
  });

  it('naming this very process (a reused pid) is no live postmaster either', async () => {
    await writeFile(join(clusterDir, 'postmaster.pid'), `${process.pid}\n${clusterDir}\n1700000000\n54329\n`);
    expect(await livePostmaster(clusterDir)).toBeUndefined();
  });

  it('naming a pid that no longer exists is no live postmaster', async () => {
    const ended = spawn('true');
    await new Promise((done) => ended.once('exit', done));
    await writeFile(join(clusterDir, 'postmaster.pid'), `${ended.pid}\n${clusterDir}\n1700000000\n54329\n`);
    expect(await livePostmaster(clusterDir)).toBeUndefined();
  });
});
