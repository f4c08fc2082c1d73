import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { WaveAutoCloseService } from './wave-auto-close.service';
import { WavesModule } from './waves.module';

/** The background closing of waves whose window ended: imported by AppModule only (the service, not the CLI). */
@Module({
  imports: [WavesModule],
  providers: [WaveAutoCloseService, Clock],
  exports: [WaveAutoCloseService],
})
export class WaveAutoCloseModule {}
