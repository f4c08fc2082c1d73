import type { Request } from 'express';
import { Actor } from '../auth/actor';
import { ConsoleSession } from '../auth/staff-sessions.service';

/** A console request after ConsoleGuard: its session (if the cookie named a live one) and, when signed in, the actor. */
export type ConsoleRequest = Request & {
  id?: string;
  consoleSession?: ConsoleSession;
  actor?: Actor;
  /** Files of a multipart form (the console's upload fields), parsed before the guard. */
  files?: Express.Multer.File[];
};

/** The signed-in staff member of a console request (ConsoleGuard has checked there is one). */
export function actorOf(request: ConsoleRequest): Actor {
  const actor = request.consoleSession?.actor;
  if (!actor) throw new Error('actorOf() on a console route without a signed-in staff member');
  return actor;
}
