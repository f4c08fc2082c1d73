import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../common/clock';
import { AuditEvent } from './audit-event.entity';
import { AuditExportController } from './audit-export.controller';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditController, AuditExportController],
  providers: [AuditService, Clock],
  exports: [AuditService],
})
export class AuditModule {}
