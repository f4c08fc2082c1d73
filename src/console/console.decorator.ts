import { applyDecorators, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { StaffRole } from '../auth/staff-member.entity';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { CONSOLE_PUBLIC, CONSOLE_ROLES, ConsoleGuard } from './console.guard';

/**
 * A console controller (HTML pages under /admin, not part of the OpenAPI document): session, CSRF on
 * every state-changing request, German error pages. Routes need a signed-in staff member; put
 * `@ConsoleRoles(StaffRole.Admin)` on admin-only routes and `@ConsolePublic()` on pages for anyone.
 */
export function ConsoleController(): ClassDecorator {
  return applyDecorators(UseGuards(ConsoleGuard), UseFilters(ConsoleExceptionFilter), ApiExcludeController());
}

/** Restricts a console route (or controller) to staff with one of the roles. */
export function ConsoleRoles(...roles: StaffRole[]): MethodDecorator & ClassDecorator {
  return SetMetadata(CONSOLE_ROLES, roles);
}

/** A console page anyone may open (still CSRF-checked when it changes something). */
export function ConsolePublic(): MethodDecorator & ClassDecorator {
  return SetMetadata(CONSOLE_ROLES, CONSOLE_PUBLIC);
}
