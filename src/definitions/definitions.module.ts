import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WavesModule } from '../waves/waves.module';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';
import { DefinitionVersion } from './definition-version.entity';

@Module({
  imports: [TypeOrmModule.forFeature([DefinitionVersion]), WavesModule],
  controllers: [DefinitionsController],
  providers: [DefinitionsService],
  exports: [DefinitionsService],
})
export class DefinitionsModule {}
