import { withoutAddresses } from './without-addresses';

describe('withoutAddresses', () => {
  it.each([
    [
      '550 5.1.1 <eva@example.org>: Recipient address rejected: User unknown',
      '550 5.1.1 <Adresse>: Recipient address rejected: User unknown',
    ],
    ['550 eva.beispiel+x@mail.example.org unknown, also bob@example.com', '550 Adresse unknown, also Adresse'],
    ['451 4.7.1 try again later', '451 4.7.1 try again later'],
  ])('masks %j as %j', (text, expected) => {
    expect(withoutAddresses(text)).toBe(expected);
  });
});
