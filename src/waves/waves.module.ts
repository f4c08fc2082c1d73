import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FrozenCountsModule } from '../responses/frozen-counts.module';
import { Wave } from './wave.entity';
import { WavesService } from './waves.service';

/** The owner of `waves`: every module that needs a wave imports this one (the HTTP routes are in WavesApiModule). */
@Module({
  imports: [TypeOrmModule.forFeature([Wave]), FrozenCountsModule],
  providers: [WavesService],
  exports: [WavesService],
})
export class WavesModule {}
