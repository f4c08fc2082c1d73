/**
 * Passwords of staff accounts: scrypt (memory-hard, from node:crypto) in a
 * self-describing format `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`,
 * so the parameters can be raised later without invalidating stored hashes
 * (`needsRehash` tells when a stored hash uses weaker ones). Pure: no Nest,
 * no database.
 */
import { randomBytes, scrypt as scryptCallback, ScryptOptions, timingSafeEqual } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 bytes = 32 MiB per hash, about 50-100 ms on one core. */
export const CURRENT_PARAMETERS: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Upper bounds for a stored hash's parameters (a corrupted row must not allocate gigabytes). */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function scrypt(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** scrypt needs 128·N·r bytes; Node's default limit (32 MiB) is just too small for N=2^15, r=8. */
function optionsOf({ N, r, p }: ScryptParameters): ScryptOptions {
  return { N, r, p, maxmem: 2 * 128 * N * r + 1024 * 1024 };
}

/** The same text however it was typed (composed or decomposed umlauts): NFC. */
function normalised(password: string): string {
  return password.normalize('NFC');
}

/** Length in Unicode code points (an emoji counts once), after NFC normalisation. */
export function passwordLength(password: string): number {
  return [...normalised(password)].length;
}

/** Why a new password is not accepted (English, for the API), or undefined. No composition rules, only length. */
export function passwordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'The password must be a string';
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `The password must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  return undefined;
}

export async function hashPassword(password: string, parameters: ScryptParameters = CURRENT_PARAMETERS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(normalised(password), salt, KEY_BYTES, optionsOf(parameters));
  return ['scrypt', parameters.N, parameters.r, parameters.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export interface StoredHash {
  parameters: ScryptParameters;
  salt: Buffer;
  key: Buffer;
}

/** The parts of a stored hash, or undefined when it is not one this module wrote. */
export function parseStoredHash(stored: string): StoredHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^[1-9]\d{0,9}$/.test(part) ? Number(part) : NaN));
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!base64.test(parts[4]) || !base64.test(parts[5])) return undefined;
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P)) return undefined;
  if (salt.length < 8 || key.length < 16) return undefined;
  return { parameters: { N, r, p }, salt, key };
}

/** Whether `password` matches `stored` (constant-time comparison); false for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed) return false;
  const key = await scrypt(normalised(password), parsed.salt, parsed.key.length, optionsOf(parsed.parameters));
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** A stored hash made with weaker parameters than the current ones (re-hash it at the next successful sign-in). */
export function needsRehash(stored: string, current: ScryptParameters = CURRENT_PARAMETERS): boolean {
  const parsed = parseStoredHash(stored);
  if (!parsed) return true;
  const { N, r, p } = parsed.parameters;
  return N < current.N || r < current.r || p < current.p;
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password, made once per process with the current
 * parameters: a sign-in with an unknown e-mail verifies against it, so it
 * takes as long as one with a known e-mail.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}
