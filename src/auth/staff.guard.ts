import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ErrorCode } from '../common/error-code';
import { Actor } from './actor';
import { AuthException } from './auth.exception';
import { StaffAuthService } from './staff-auth.service';
import { StaffRole } from './staff-member.entity';
import { STAFF_ROLES } from './staff.decorator';

@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly staff: StaffAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<StaffRole[]>(STAFF_ROLES, [context.getHandler(), context.getClass()]) ?? [];
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const header = request.headers.authorization;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) {
      throw new AuthException(ErrorCode.AUTH_TOKEN_MISSING, 'A staff bearer token is required (Authorization: Bearer <token>)');
    }
    const actor = await this.staff.authenticate(match[1]);
    if (!actor) {
      throw new AuthException(ErrorCode.AUTH_TOKEN_INVALID, 'The staff token is not valid');
    }
    if (!roles.includes(actor.role)) {
      throw new AuthException(ErrorCode.AUTH_FORBIDDEN, `This action needs the role ${roles.join(' or ')}`);
    }
    request.actor = actor;
    return true;
  }
}
