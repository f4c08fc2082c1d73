import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { EnvironmentVariables } from './config/env.validation';
import { ConsoleModule } from './console/console.module';
import { CoreModule } from './core.module';
import { DefinitionsModule } from './definitions/definitions.module';
import { DefinitionsService } from './definitions/definitions.service';
import { HealthModule } from './health/health.module';
import { MailPagesModule } from './mail/mail-pages.module';
import { MailWorkerModule } from './mail/mail-worker.module';
import { WaveAutoCloseModule } from './waves/wave-auto-close.module';
import { ContactRetentionModule } from './data-protection/contact-retention.module';
import { WebModule } from './web/web.module';
import { serviceLoggerParams } from './common/logging';

/**
 * The HTTP application: the core with request logging, the health check, the respondent page, the staff
 * console, the closing of waves whose window ended and the sending of queued mails.
 */
@Module({
  imports: [
    CoreModule,
    DefinitionsModule,
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) =>
        serviceLoggerParams(config.get('LOG_LEVEL', { infer: true }), Boolean(process.stdout.isTTY)),
    }),
    HealthModule,
    WebModule,
    ConsoleModule,
    MailPagesModule,
    WaveAutoCloseModule,
    ContactRetentionModule,
    MailWorkerModule,
  ],
})
export class AppModule implements OnApplicationBootstrap {
  constructor(private readonly definitions: DefinitionsService) {}

  /** The one start-up step of the service itself: the definition files into the database; an invalid file or a change to a used version stops the start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.definitions.syncDefinitionFiles();
  }
}
