import { randomFillSync } from 'node:crypto';

/**
 * UUIDs of version 7 (RFC 9562, section 5.7): 48 bits of Unix time in milliseconds first, then random bits.
 *
 * Ids made one after another sort one after another, so rows keyed by them are appended at the right edge of a
 * B-tree index instead of landing on random pages of it: an import's 100,000 responses (keyed by their id) then
 * touch a few hundred index pages rather than most of a large index (bench/RESULTS.md, issue 15). The id
 * tells when it was made, to the millisecond; use it where that time is no secret (an import's own time).
 *
 * Monotonic within a generator: ids of the same millisecond count up in the 12 bits after the version (section
 * 6.2, method 1); a clock that steps back, or more than 4,096 ids in one millisecond, continue from the last time
 * used rather than going back.
 */
export class UuidV7Generator {
  private lastMs = -1;
  private sequence = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  next(): string {
    const now = this.clock();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.sequence = 0;
    } else if (this.sequence < 0xfff) {
      this.sequence += 1;
    } else {
      this.lastMs += 1;
      this.sequence = 0;
    }
    return formatUuidV7(this.lastMs, this.sequence, randomFillSync(Buffer.alloc(8)));
  }
}

/** The UUID of time `ms`, 12-bit `sequence` and 62 bits of `random` (the first 8 bytes of it; the variant takes 2 bits). */
export function formatUuidV7(ms: number, sequence: number, random: Buffer): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  random.copy(bytes, 8, 0, 8);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
