import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestException } from './app.exception';
import { ErrorCode, ErrorDetail } from './error-code';

/** Request validation: unknown fields are refused, and every problem is reported with its path (422). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
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
