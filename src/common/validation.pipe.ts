import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, classToPlain, ClassTransformOptions, plainToInstance } from 'class-transformer';
import { RequestException } from './app.exception';
import { ErrorCode, ErrorDetail } from './error-code';

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

const KEPT_AS_GIVEN = Symbol('keptAsGiven');

/**
 * Marks a property of a request DTO whose value class-transformer need not copy: a free-form JSON object (e.g. the
 * answers of a save) that no nested DTO describes. It reaches the DTO as parsed, after SafeBodyPipe has refused
 * what no route accepts (reserved property names, NUL text, deep nesting); the property's own decorators
 * (`@IsObject` …) still check it. class-transformer would copy it key by key on every request, for nothing.
 */
export function KeptAsGiven(): PropertyDecorator {
  return (target, property) => {
    const owner = target as { [KEPT_AS_GIVEN]?: Array<string | symbol> };
    owner[KEPT_AS_GIVEN] = [...(owner[KEPT_AS_GIVEN] ?? []), property];
  };
}

/** class-transformer's plainToInstance, except that properties marked @KeptAsGiven() are set as given. */
export function plainToInstanceKeeping<T>(type: ClassConstructor<T>, plain: unknown, options?: ClassTransformOptions): T {
  const kept = (type.prototype as { [KEPT_AS_GIVEN]?: Array<string | symbol> } | undefined)?.[KEPT_AS_GIVEN];
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
