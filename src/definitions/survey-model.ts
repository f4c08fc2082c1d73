import { JsonObjectProperty, Model, Serializer } from 'survey-core';

/** The custom property of the definition conventions: how many of the highest levels form the top box. */
export const TOP_BOX_PROPERTY = 'topBox';
export const DEFAULT_TOP_BOX = 2;

let registered = false;

/** Registers the conventions' custom properties with SurveyJS (once per process). */
export function registerSurveyConventions(): void {
  if (registered) return;
  // Typed as always found, findProperty answers null or undefined when the class or property is missing.
  if (!(Serializer.findProperty('matrix', TOP_BOX_PROPERTY) as JsonObjectProperty | null | undefined)) {
    Serializer.addProperty('matrix', { name: `${TOP_BOX_PROPERTY}:number`, default: DEFAULT_TOP_BOX });
  }
  registered = true;
}

/** A headless SurveyJS model of a definition, with the conventions registered. */
export function createSurveyModel(definition: object): Model {
  registerSurveyConventions();
  return new Model(definition);
}
