import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../common/clock';
import { StaffAccountsService } from './staff-accounts.service';
import { StaffApiToken } from './staff-api-token.entity';
import { StaffAuthService } from './staff-auth.service';
import { StaffMember } from './staff-member.entity';
import { StaffPasswordLink } from './staff-password-link.entity';
import { StaffPasswordLinksService } from './staff-password-links.service';
import { StaffSessionsService } from './staff-sessions.service';
import { StaffSignInFailure } from './staff-sign-in-failure.entity';
import { StaffSignInService } from './staff-sign-in.service';
import { StaffGuard } from './staff.guard';

/** Global, so that every feature module can put `@Staff()` on its controllers. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([StaffMember, StaffApiToken, StaffPasswordLink, StaffSignInFailure])],
  providers: [
    StaffAuthService,
    StaffAccountsService,
    StaffSignInService,
    StaffPasswordLinksService,
    StaffSessionsService,
    StaffGuard,
    Clock,
  ],
  exports: [StaffAuthService, StaffAccountsService, StaffSessionsService, StaffGuard],
})
export class AuthModule {}
