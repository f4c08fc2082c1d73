import { Actor } from './actor';
import { PasswordLinkPurpose } from './staff-password-link.entity';
import { StaffRole } from './staff-member.entity';

/** The answer to a console sign-in. `refused` is deliberately the same for every reason (unknown, wrong, revoked, no password). */
export type SignInResult = { outcome: 'ok'; actor: Actor } | { outcome: 'refused' } | { outcome: 'slowed'; retryAfterSeconds: number };

export interface StaffApiTokenView {
  id: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface StaffAccountView {
  id: string;
  name: string;
  email: string | null;
  role: StaffRole;
  hasPassword: boolean;
  createdAt: Date;
  revokedAt: Date | null;
  /** Newest first, revoked ones included (with revokedAt). */
  tokens: StaffApiTokenView[];
  /** The unused, unexpired set-password link, if any (the link itself is shown only once, when issued). */
  pendingLink: { purpose: PasswordLinkPurpose; expiresAt: Date } | null;
}

export interface InviteStaffInput {
  name: string;
  email: string;
  role: StaffRole;
}

/** A one-time set-password link, shown once. */
export interface IssuedPasswordLink {
  /** `${PUBLIC_URL}/admin/passwort/<token>` */
  url: string;
  /** The token alone (the last path segment of url). */
  token: string;
  purpose: PasswordLinkPurpose;
  expiresAt: Date;
}

/** What the set-password page may show about a valid link. */
export interface PasswordLinkInfo {
  memberName: string;
  email: string;
  purpose: PasswordLinkPurpose;
  expiresAt: Date;
}
