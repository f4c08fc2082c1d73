/** SQLSTATE of a unique-constraint violation, optionally of one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = (error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string }) ?? {};
  const code = pg.driverError?.code ?? pg.code;
  const name = pg.driverError?.constraint ?? pg.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

/** SQLSTATE of a foreign-key violation, optionally of one named constraint. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  const pg = (error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string }) ?? {};
  const code = pg.driverError?.code ?? pg.code;
  const name = pg.driverError?.constraint ?? pg.constraint;
  return code === '23503' && (constraint === undefined || name === constraint);
}
