/**
 * What the service and the demo print when they start or fail to start:
 * one plain line per problem (no stack trace unless LOG_LEVEL=debug), and
 * where to go next once they run. Pure functions, tested in start-up.spec.ts.
 */

import { createServer } from 'node:net';

export interface ListenTarget {
  host: string;
  port: number;
}

/**
 * Rejects with the listen error (EADDRINUSE …) when the HTTP port cannot be
 * taken, before anything else starts (the embedded PostgreSQL takes seconds).
 */
export function assertPortFree({ host, port }: ListenTarget): Promise<void> {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => done()));
  });
}

/** One line that says what went wrong and which variable to change; `debug` appends the stack. */
export function startUpFailureMessage(error: unknown, listen: ListenTarget | undefined, debug: boolean, name = 'survey-waves'): string {
  const line = `${name} could not start: ${describeFailure(error, listen)}`;
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `${line}${stack}\n`;
}

function describeFailure(error: unknown, listen: ListenTarget | undefined): string {
  const code = (error as { code?: string } | undefined)?.code;
  if (listen && code === 'EADDRINUSE') {
    return `port ${listen.port} on ${listen.host} is already in use (another survey-waves or another program listens there); set PORT to a free port`;
  }
  if (listen && code === 'EACCES') {
    return `no permission to listen on port ${listen.port} on ${listen.host}; set PORT to a port above 1023`;
  }
  if (listen && code === 'EADDRNOTAVAIL') {
    return `HOST ${listen.host} is not an address of this machine; set HOST (e.g. 127.0.0.1 or 0.0.0.0)`;
  }
  const message = error instanceof Error ? error.message : String(error);
  // Multi-line messages (invalid variables, invalid definition files) become one line.
  return message.trim().replace(/:?\s*\n\s*/g, (separator) => (separator.startsWith(':') ? ': ' : '; '));
}

export interface AdminState {
  /** SURVEY_ADMIN_TOKEN is set (its value is never printed). */
  tokenFromEnvironment: boolean;
  /** Admin staff members in the database. */
  admins: number;
  /** SURVEY_ADMIN_EMAIL, when set (the password is never printed). */
  consoleAdminEmail?: string;
}

/** Printed once after the service listens: where it is, where the API docs are, how to get in. */
export function welcomeLines(baseUrl: string, admin: AdminState): string[] {
  const lines = [
    `survey-waves listening on ${baseUrl}`,
    `  Staff console (German, sign in with e-mail and password): ${baseUrl}/admin`,
    `  API docs (OpenAPI): ${baseUrl}/api/docs`,
  ];
  if (admin.tokenFromEnvironment) {
    lines.push('  Admin access: send the token of SURVEY_ADMIN_TOKEN as "Authorization: Bearer <token>"');
  } else if (admin.admins === 0) {
    lines.push(
      '  No admin yet. Create the first one (its token is printed once):',
      '    npm run cli -- staff:create --name "<your name>" --role admin',
      '  or start the service with SURVEY_ADMIN_TOKEN=<at least 16 characters>',
      '  For the staff console (e-mail and password; prints a one-time link to set the password):',
      '    npm run cli -- staff:create --name "<your name>" --email <e-mail> --role admin',
    );
  } else {
    lines.push(
      `  ${admin.admins} ${admin.admins === 1 ? 'admin exists' : 'admins exist'}; more staff: Team page of the console, or npm run cli -- staff:create --name "<name>" --email <e-mail> --role admin|analyst`,
    );
  }
  if (admin.consoleAdminEmail !== undefined) lines.push(`  Console admin (SURVEY_ADMIN_EMAIL): ${admin.consoleAdminEmail}`);
  return lines;
}
