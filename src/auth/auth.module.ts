import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../common/clock';
import { StaffAuthService } from './staff-auth.service';
import { StaffMember } from './staff-member.entity';
import { StaffSessionsService } from './staff-sessions.service';
import { StaffGuard } from './staff.guard';

/** Global, so that every feature module can put `@Staff()` on its controllers. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([StaffMember])],
  providers: [StaffAuthService, StaffGuard, StaffSessionsService, Clock],
  exports: [StaffAuthService, StaffGuard, StaffSessionsService],
})
export class AuthModule {}
