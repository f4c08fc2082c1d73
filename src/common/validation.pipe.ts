import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, classToPlain, ClassTransformOptions, plainToInstance } from 'class-transformer';
import { RequestException } from './app.exception';
import { ErrorCode, ErrorDetail } from './error-code';
import { keptAsGiven } from './kept-as-given';

/** Request validation: unknown fields are refused, and every problem is reported with its path (422). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformerPackage: { plainToInstance: plainToInstanceKeeping, classToPlain },
    exceptionFactory: (errors) =>
      new RequestException(ErrorCode.VALIDATION_FAILED, 'The request is invalid', flattenValidationErrors(errors)),
  });
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/** class-transformer's plainToInstance, except that properties marked @KeptAsGiven() are set as given. */
export function plainToInstanceKeeping<T>(type: ClassConstructor<T>, plain: unknown, options?: ClassTransformOptions): T {
  const kept = keptAsGiven(type);
  if (kept === undefined || plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return plainToInstance(type, plain, options);
  }
  const rest: Record<string | symbol, unknown> = { ...plain };
  const given: Record<string | symbol, unknown> = {};
  for (const property of kept) {
    if (Object.hasOwn(rest, property)) {
      given[property] = rest[property];
      delete rest[property];
    }
  }
  return Object.assign(plainToInstance(type, rest, options) as object, given) as T;
}
