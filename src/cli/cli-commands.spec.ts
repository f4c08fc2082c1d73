import { commandNames, runsACommand } from './cli-commands';

describe('runsACommand', () => {
  it('knows every command by the name a user types', () => {
    expect([...commandNames()].sort()).toEqual(
      ['db:url', 'definitions:diff', 'definitions:sync', 'definitions:validate', 'export', 'figures', 'migrate', 'reconstruction:load', 'staff:create'].sort(),
    );
  });

  it.each([
    [['migrate'], true],
    [['staff:create', '--name', 'A', '--role', 'admin'], true],
    [['export', 'results:ki-2023', 'out.csv'], true],
    [['--help'], false],
    [['-h'], false],
    [['migrate', '--help'], false],
    [['help'], false],
    [['help', 'migrate'], false],
    [['nonsense'], false],
    [[], false],
  ])('%j → %s', (argv, runs) => {
    expect(runsACommand(argv)).toBe(runs);
  });
});
