import { Module } from '@nestjs/common';
import { WebAssetsService } from './web-assets.service';
import { WebController } from './web.controller';

/** The respondent page at /survey/:token with its assets at /assets/…; it talks only to the respondent API. */
@Module({
  controllers: [WebController],
  providers: [WebAssetsService],
  exports: [WebAssetsService],
})
export class WebModule {}
