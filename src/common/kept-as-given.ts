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

/** The properties of a DTO class marked @KeptAsGiven(); undefined when there are none. */
export function keptAsGiven(type: abstract new (...args: never[]) => unknown): Array<string | symbol> | undefined {
  return (type.prototype as { [KEPT_AS_GIVEN]?: Array<string | symbol> } | undefined)?.[KEPT_AS_GIVEN];
}
