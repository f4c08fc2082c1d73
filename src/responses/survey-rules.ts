import { Model } from 'survey-core';
import 'survey-core/i18n/german';
import { ErrorDetail } from '../common/error-code';
import { createSurveyModel } from '../definitions/survey-model';
import { staticVerdictOf, Verdict, verdictKeyOf } from './answer-pattern';

/** Verdicts kept per static definition (one per pattern of empty required questions); the oldest half goes when it is full. */
const MAX_VERDICTS = 10_000;

interface CompiledRules {
  /** For a static definition: its verdict without SurveyJS (answer-pattern.ts); no model is ever built then. */
  direct: Verdict | null;
  /** SurveyJS's model of the definition, built at the first check that needs it. */
  model: Model | null;
  /** For a static definition (answer-pattern.ts): the key its verdict depends on, and the verdicts by key; else null. */
  reuse: { keyOf: (answers: Record<string, unknown>, complete: boolean) => string; verdicts: Map<string, ErrorDetail[]> } | null;
}

/**
 * What only SurveyJS knows: which questions its logic shows for given answers,
 * and whether a response is complete (required questions, validators).
 *
 * Building a model costs milliseconds, so one model per definition hash is kept
 * and reused. Every use replaces the whole data (the `data` setter resets all
 * values) and reads the result synchronously, so no two requests ever share it
 * at the same time and nothing of one request's answers reaches the next.
 *
 * Setting a model's data costs most of a millisecond, too slow for an import of 100,000 rows and for every save.
 * A definition without logic (answer-pattern.ts: no visibleIf, enableIf, requiredIf, validators, triggers …) is
 * checked without SurveyJS: its verdict follows from which required questions are empty (staticVerdictOf), so no
 * model is built for it at all. Only when such a definition's error texts are given per locale is SurveyJS asked,
 * once per pattern of empty required questions, and its verdict reused.
 */
export class SurveyRules {
  private readonly compiled = new Map<string, CompiledRules>();

  check(definitionHash: string, definition: object, answers: Record<string, unknown>, complete: boolean): ErrorDetail[] {
    const rules = this.rules(definitionHash, definition);
    if (rules.direct !== null) return rules.direct(answers, complete);
    if (rules.reuse === null) return verdict(this.modelOf(rules, definition), answers, complete);
    const { keyOf, verdicts } = rules.reuse;
    const key = keyOf(answers, complete);
    let found = verdicts.get(key);
    if (found === undefined) {
      found = verdict(this.modelOf(rules, definition), answers, complete);
      if (verdicts.size >= MAX_VERDICTS) {
        for (const old of [...verdicts.keys()].slice(0, MAX_VERDICTS / 2)) verdicts.delete(old);
      }
      verdicts.set(key, found);
    }
    return found.map((error) => ({ ...error }));
  }

  private rules(hash: string, definition: object): CompiledRules {
    let rules = this.compiled.get(hash);
    if (!rules) {
      const direct = staticVerdictOf(definition);
      const keyOf = direct === null ? verdictKeyOf(definition) : null;
      rules = { direct, model: null, reuse: keyOf === null ? null : { keyOf, verdicts: new Map() } };
      this.compiled.set(hash, rules);
    }
    return rules;
  }

  private modelOf(rules: CompiledRules, definition: object): Model {
    if (rules.model === null) {
      const model = createSurveyModel(definition);
      model.locale = 'de';
      model.checkErrorsMode = 'onComplete';
      rules.model = model;
    }
    return rules.model;
  }
}

/** SurveyJS's own verdict: hidden questions answered; required questions and validators when `complete`. */
export function verdict(model: Model, answers: Record<string, unknown>, complete: boolean): ErrorDetail[] {
  model.data = answers;
  const errors: ErrorDetail[] = [];
  for (const question of model.getAllQuestions()) {
    const shown = question.isVisible && question.isParentVisible;
    if (!shown) {
      if (answers[question.name] !== undefined) {
        errors.push({
          path: question.name,
          message: 'Diese Frage ist nach den bisherigen Antworten ausgeblendet und darf nicht beantwortet werden',
        });
      }
      continue;
    }
    if (complete && !question.validate(true)) {
      for (const error of question.errors) errors.push({ path: question.name, message: error.getText() });
    }
  }
  return errors;
}
