import { ShutdownSignal } from '@nestjs/common';
import { shutdownSignals } from './configure-app';

describe('shutdownSignals', () => {
  const all = Object.values(ShutdownSignal);

  it.each([
    ['no flags', [], '', all],
    ['--heapsnapshot-signal=SIGUSR2', ['--heapsnapshot-signal=SIGUSR2'], '', all.filter((signal) => signal !== ShutdownSignal.SIGUSR2)],
    [
      'the flag in NODE_OPTIONS, value apart',
      [],
      '--max-old-space-size=512 --heapsnapshot-signal SIGUSR2',
      all.filter((signal) => signal !== ShutdownSignal.SIGUSR2),
    ],
    ['another signal for snapshots', ['--heapsnapshot-signal=SIGUSR1'], '', all.filter((signal) => String(signal) !== 'SIGUSR1')],
    ['other flags only', ['--enable-source-maps'], '--max-old-space-size=512', all],
  ])('with %s: shuts down on every signal node does not answer with a heap snapshot', (_, execArgv, nodeOptions, expected) => {
    expect(shutdownSignals(execArgv, nodeOptions)).toEqual(expected);
  });

  it('keeps SIGTERM and SIGINT whatever the flags', () => {
    expect(shutdownSignals(['--heapsnapshot-signal=SIGUSR2'])).toEqual(expect.arrayContaining(['SIGTERM', 'SIGINT']));
  });
});
