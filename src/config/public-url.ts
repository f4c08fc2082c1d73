import { ConfigService } from '@nestjs/config';
import { EnvironmentVariables } from './env.validation';

/** The base of every link the service hands out (personal links, password links, opt-out links), without a trailing slash. */
export function publicUrlOf(config: ConfigService<EnvironmentVariables, true>): string {
  const configured = config.get('PUBLIC_URL', { infer: true });
  return (configured ?? `http://${config.get('HOST', { infer: true })}:${config.get('PORT', { infer: true })}`).replace(/\/+$/, '');
}
