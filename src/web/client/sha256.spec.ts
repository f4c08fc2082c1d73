import { createHash, randomBytes } from 'node:crypto';
import { sha256, sha256Hex } from './sha256';

const nodeHex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('the FIPS 180-4 example %j', (text, digest) => {
    expect(sha256Hex(text)).toBe(digest);
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(sha256Hex('Größe – 🙂')).toBe(nodeHex('Größe – 🙂'));
  });

  it('agrees with node:crypto at every length around the block and padding boundaries', () => {
    const data = randomBytes(300);
    for (let length = 0; length <= data.length; length += 1) {
      const bytes = new Uint8Array(data.subarray(0, length));
      expect(Buffer.from(sha256(bytes)).toString('hex')).toBe(nodeHex(bytes));
    }
  });

  it('agrees with node:crypto on invitation-like tokens and a long text', () => {
    for (let round = 0; round < 50; round += 1) {
      const token = randomBytes(32).toString('base64url');
      expect(sha256Hex(token)).toBe(nodeHex(token));
    }
    const long = randomBytes(100_000).toString('base64');
    expect(sha256Hex(long)).toBe(nodeHex(long));
  });
});
