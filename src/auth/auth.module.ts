import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffAuthService } from './staff-auth.service';
import { StaffMember } from './staff-member.entity';
import { StaffGuard } from './staff.guard';

/** Global, so that every feature module can put `@Staff()` on its controllers. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([StaffMember])],
  providers: [StaffAuthService, StaffGuard],
  exports: [StaffAuthService, StaffGuard],
})
export class AuthModule {}
