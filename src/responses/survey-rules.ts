import { Model } from 'survey-core';
import 'survey-core/i18n/german';
import { ErrorDetail } from '../common/error-code';
import { createSurveyModel } from '../definitions/survey-model';

/**
 * What only SurveyJS knows: which questions its logic shows for given answers,
 * and whether a response is complete (required questions, validators).
 *
 * Building a model costs milliseconds, so one model per definition hash is kept
 * and reused. Every use replaces the whole data (the `data` setter resets all
 * values) and reads the result synchronously, so no two requests ever share it
 * at the same time and nothing of one request's answers reaches the next.
 */
export class SurveyRules {
  private readonly models = new Map<string, Model>();

  check(definitionHash: string, definition: object, answers: Record<string, unknown>, complete: boolean): ErrorDetail[] {
    const model = this.model(definitionHash, definition);
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

  private model(hash: string, definition: object): Model {
    let model = this.models.get(hash);
    if (!model) {
      model = createSurveyModel(definition);
      model.locale = 'de';
      model.checkErrorsMode = 'onComplete';
      this.models.set(hash, model);
    }
    return model;
  }
}
