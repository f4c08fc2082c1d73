import { preparedStatement } from './prepared-statements';

describe('preparedStatement', () => {
  it('gives the same name and text back when a module declares it again unchanged', () => {
    const first = preparedStatement('spec_same_text', 'SELECT $1::int AS n');
    expect(preparedStatement('spec_same_text', 'SELECT $1::int AS n')).toEqual(first);
  });

  it('refuses a name declared with another text, which pg would refuse on a connection that prepared the first', () => {
    preparedStatement('spec_two_texts', 'SELECT 1');
    expect(() => preparedStatement('spec_two_texts', 'SELECT 2')).toThrow(
      'The prepared statement spec_two_texts is declared twice with different texts',
    );
  });
});
