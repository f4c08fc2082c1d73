import { DataSource, QueryFailedError } from 'typeorm';
import { loggable } from '../../src/common/all-exceptions.filter';
import { preparedStatement, queryPrepared } from '../../src/database/prepared-statements';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * The saves' prepared statements against a real PostgreSQL: prepared once per connection, sent again unnamed when the
 * prepared one went stale, and failing as TypeORM's QueryFailedError (logged without its parameters).
 */
describe('prepared statements', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const readValue = preparedStatement('spec_read_value', 'SELECT value FROM spec_values WHERE id = $1');
  const insertValue = preparedStatement('spec_insert_value', 'INSERT INTO spec_values (id, value) VALUES ($1, $2)');
  const preparedNames = async () =>
    (await dataSource.query<Array<{ name: string }>>('SELECT name FROM pg_prepared_statements ORDER BY name')).map((row) => row.name);

  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection: the statements prepared by queryPrepared are visible to the next query in pg_prepared_statements.
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 1 } }).initialize();
    await dataSource.query('CREATE TABLE spec_values (id int PRIMARY KEY, value int NOT NULL)');
    await dataSource.query('INSERT INTO spec_values VALUES (1, 41)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('prepares a statement on its connection once and then only executes it', async () => {
    expect(await queryPrepared(dataSource, readValue, [1])).toEqual([{ value: 41 }]);
    expect(await queryPrepared(dataSource, readValue, [1])).toEqual([{ value: 41 }]);
    expect(await preparedNames()).toEqual(['spec_read_value']);
  });

  it('answers from the statement sent unnamed once a migration changed what the prepared one returns', async () => {
    expect(await queryPrepared(dataSource, readValue, [1])).toEqual([{ value: 41 }]);
    await dataSource.query('ALTER TABLE spec_values ALTER COLUMN value TYPE text');
    // The prepared plan returns an int: PostgreSQL refuses it (0A000), the connection is dropped, and the statement runs unnamed.
    expect(await queryPrepared(dataSource, readValue, [1])).toEqual([{ value: '41' }]);
    // On the next connection it is prepared anew against the new column.
    expect(await queryPrepared(dataSource, readValue, [1])).toEqual([{ value: '41' }]);
    expect(await preparedNames()).toEqual(['spec_read_value']);
  });

  it('fails as QueryFailedError with the SQLSTATE, and the log keeps neither the values nor the failing row', async () => {
    const failure = await queryPrepared(dataSource, insertValue, [1, 'geheime-antwort']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(failure).toMatchObject({ code: '23505', constraint: 'spec_values_pkey', table: 'spec_values' });
    const logged = JSON.stringify(loggable(failure), ['message', 'code', 'constraint', 'table', 'detail', 'parameters', 'query']);
    expect(logged).toContain('23505');
    expect(logged).not.toContain('geheime-antwort');
    expect(logged).not.toContain('INSERT INTO');
    expect(await dataSource.query('SELECT value FROM spec_values')).toEqual([{ value: '41' }]);
  });
});
