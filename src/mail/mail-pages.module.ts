import { Module } from '@nestjs/common';
import { WebModule } from '../web/web.module';
import { MailModule } from './mail.module';
import { OptOutPageFilter } from './opt-out-page.filter';
import { OptOutPages } from './opt-out-pages.service';
import { OptOutController } from './opt-out.controller';

/**
 * The mail module's pages for people (the opt-out link). Apart from MailModule because they need the web
 * assets (the style sheet), which the HTTP application loads and the CLI (CoreModule alone) does not.
 */
@Module({
  imports: [MailModule, WebModule],
  controllers: [OptOutController],
  providers: [OptOutPages, OptOutPageFilter],
})
export class MailPagesModule {}
