import { StaffRole } from './staff-member.entity';

/** The staff member a request acts for, or the system (CLI, start-up seeding). */
export interface Actor {
  id: string | null;
  name: string;
  role: StaffRole;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system', role: StaffRole.Admin };

/** Human-readable actor for audit events. */
export function describeActor(actor: Actor): string {
  return actor.id ? `${actor.name} (${actor.role})` : actor.name;
}
