import { CLI_COMMANDS, commandNames, commandToRun } from './cli-commands';

describe('commandToRun', () => {
  it('knows every command by the name a user types', () => {
    expect([...commandNames()].sort()).toEqual(
      [
        'db:url',
        'definitions:diff',
        'definitions:sync',
        'definitions:validate',
        'export',
        'figures',
        'import',
        'migrate',
        'reconstruction:load',
        'staff:create',
        'staff:password-link',
      ].sort(),
    );
  });

  it.each([
    [['migrate'], 'migrate', 'database'],
    [['staff:create', '--name', 'A', '--role', 'admin'], 'staff:create', 'database'],
    [['staff:password-link', '--email', 'a@example.org'], 'staff:password-link', 'database'],
    [['definitions:validate', 'survey-definitions/ki-mittelstand/2023.json'], 'definitions:validate', 'files'],
    [['definitions:validate'], 'definitions:validate', 'files'],
    [['definitions:sync'], 'definitions:sync', 'database'],
    [['definitions:diff', 'ki-mittelstand', '2019', '2023'], 'definitions:diff', 'definitions'],
    [['export', 'results:ki-2023', 'out.csv'], 'export', 'definitions'],
    [['figures', 'ki-mittelstand'], 'figures', 'definitions'],
    [['reconstruction:load', 'ki-mittelstand'], 'reconstruction:load', 'definitions'],
    [['import', 'ki-2019', 'daten.csv', '--dry-run'], 'import', 'database'],
  ])('%j runs %s, which needs %s', (argv, name, needs) => {
    const command = commandToRun(argv);
    expect(command && [...commandNames([command])]).toEqual([name]);
    expect(command?.needs).toBe(needs);
  });

  it.each([[['--help']], [['-h']], [['migrate', '--help']], [['help']], [['help', 'migrate']], [['nonsense']], [[]]])(
    '%j runs no command',
    (argv) => {
      expect(commandToRun(argv)).toBeUndefined();
    },
  );

  it('lists each command once', () => {
    expect(new Set(CLI_COMMANDS.map(({ runner }) => runner)).size).toBe(CLI_COMMANDS.length);
  });
});
