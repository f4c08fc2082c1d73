import { QueryFailedError } from 'typeorm';
import { loggable } from './all-exceptions.filter';

describe('loggable: what of an unexpected error is logged', () => {
  it('keeps a failed query’s message, SQLSTATE, constraint and table, never its parameters, SQL or failing row', () => {
    const driverError = Object.assign(
      new Error('new row for relation "invitations" violates check constraint "invitations_erased_check"'),
      {
        code: '23514',
        constraint: 'invitations_erased_check',
        table: 'invitations',
        detail: 'Failing row contains (geheime-antwort, anna@example.org).',
      },
    );
    const failed = new QueryFailedError('INSERT INTO responses (answers) VALUES ($1)', ['{"zentrum":"geheime-antwort"}'], driverError);
    const logged = loggable(failed) as Error & Record<string, unknown>;
    const text = JSON.stringify({ ...logged, message: logged.message, stack: logged.stack });
    expect(logged.message).toBe(driverError.message);
    expect(logged).toMatchObject({ code: '23514', constraint: 'invitations_erased_check', table: 'invitations' });
    expect(logged.stack).toMatch(/^QueryFailedError: new row for relation/);
    for (const secret of ['geheime-antwort', 'anna@example.org', 'INSERT INTO', 'parameters']) expect(text).not.toContain(secret);
  });

  it('leaves every other error as it is', () => {
    const error = new TypeError('x is undefined');
    expect(loggable(error)).toBe(error);
  });
});
