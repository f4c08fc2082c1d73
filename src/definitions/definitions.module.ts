import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WavesModule } from '../waves/waves.module';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';
import { DefinitionVersion } from './definition-version.entity';
import { PrivacyNotice } from './privacy-notice.entity';
import { PrivacyNoticesController } from './privacy-notices.controller';
import { PrivacyNoticesService } from './privacy-notices.service';

@Module({
  imports: [TypeOrmModule.forFeature([DefinitionVersion, PrivacyNotice]), WavesModule],
  controllers: [DefinitionsController, PrivacyNoticesController],
  providers: [DefinitionsService, PrivacyNoticesService],
  exports: [DefinitionsService, PrivacyNoticesService],
})
export class DefinitionsModule {}
