import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from './actor';
import { StaffRole } from './staff-member.entity';
import { StaffGuard } from './staff.guard';

export const STAFF_ROLES = 'staff-roles';

/**
 * Restricts a controller or route to staff with one of the roles.
 * `@Staff()` = any staff member (admin or analyst); `@Staff(StaffRole.Admin)` = admins only.
 */
export function Staff(...roles: StaffRole[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(STAFF_ROLES, roles.length > 0 ? roles : [StaffRole.Admin, StaffRole.Analyst]),
    UseGuards(StaffGuard),
    ApiBearerAuth('staff'),
    ApiUnauthorizedResponse({ description: 'Missing or invalid staff token' }),
    ApiForbiddenResponse({ description: "The staff member's role may not do this" }),
  );
}

/** The authenticated staff member of the request (set by StaffGuard). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<Request & { actor: Actor }>().actor;
});
