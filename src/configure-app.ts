import { INestApplication, RequestMethod, ShutdownSignal } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger, Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { rejectNulInUrl, SafeBodyPipe } from './common/input-guards';
import { assignRequestId, bodyParserErrors, discardOptOutMultipart, requireJsonBody } from './common/request-layer';
import { bindRequestLogger, requestLogging } from './common/logging';
import { createValidationPipe } from './common/validation.pipe';
import { consoleMultipart } from './console/console-body';
import { consoleImportDirectory, consoleImportMultipart } from './console/import-upload-body';
import { EnvironmentVariables } from './config/env.validation';

export const BODY_LIMIT = '1mb';

/** Everything main.ts and the e2e tests set up the same way on an application. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Before everything else: an id for the request, so that even the earliest refusal carries it, and its log line.
  app.use(assignRequestId);
  app.use(requestLogging(app.get<Params>(PARAMS_PROVIDER_TOKEN)));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'font-src': ["'self'", 'data:'],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'"],
          // The respondent page uses relative URLs only; upgrading them would break it over plain http beyond loopback (compose without TLS).
          'upgrade-insecure-requests': null,
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use(rejectNulInUrl);
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  // The console's HTML forms and the opt-out page's button (requireJsonBody lets them through under /admin and /abmelden only).
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  app.use('/admin', consoleImportMultipart(consoleImportDirectory(config.get('DATA_DIR', { infer: true }))));
  app.use('/admin', consoleMultipart);
  // An RFC 8058 one-click may post multipart/form-data; the opt-out needs none of it: read to the end (limited) and dropped.
  app.use('/abmelden', discardOptOutMultipart);
  app.use(bodyParserErrors);
  // The request's logger for the services' lines, where the route's handling starts (see bindRequestLogger).
  app.use(bindRequestLogger);
  const origins = config.get('CORS_ORIGINS', { infer: true });
  if (origins) {
    app.enableCors({ origin: origins.split(',').map((origin) => origin.trim()), credentials: false });
  }
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'survey', method: RequestMethod.GET },
      { path: 'survey/{*path}', method: RequestMethod.GET },
      { path: 'assets/{*path}', method: RequestMethod.GET },
      { path: 'admin', method: RequestMethod.ALL },
      { path: 'admin/{*path}', method: RequestMethod.ALL },
      // The opt-out pages behind {{abmelden}} (src/mail/opt-out.controller.ts): GET asks, POST opts out.
      { path: 'abmelden/{*path}', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalPipes(new SafeBodyPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks(shutdownSignals(process.execArgv, process.env.NODE_OPTIONS));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('survey-waves')
      .setDescription(
        'Versioned questionnaires, survey waves, invitations, responses, and the figures of a report computed from the raw answers.',
      )
      .setVersion('1')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'opaque',
          description: 'Staff token (admin or analyst): an opaque random string, not a JWT',
        },
        'staff',
      )
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/**
 * The signals that shut the service down in order: Nest's list, but not a signal node was told to answer with a heap
 * snapshot (`--heapsnapshot-signal`, as the bench's retention phase and an operator's look at the heap use it):
 * the snapshot was written, then the service shut down. Without that flag SIGUSR2 stays a shutdown signal (unhandled,
 * node would end the process at once, without the shutdown hooks).
 */
export function shutdownSignals(execArgv: readonly string[], nodeOptions = ''): ShutdownSignal[] {
  const flags = [...execArgv, ...nodeOptions.split(/\s+/)];
  const snapshotSignals = new Set<string>();
  flags.forEach((flag, index) => {
    if (flag.startsWith('--heapsnapshot-signal=')) snapshotSignals.add(flag.slice('--heapsnapshot-signal='.length));
    else if (flag === '--heapsnapshot-signal' && flags[index + 1]) snapshotSignals.add(flags[index + 1]);
  });
  return Object.values(ShutdownSignal).filter((signal) => !snapshotSignals.has(signal));
}
