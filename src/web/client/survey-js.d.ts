/**
 * The part of SurveyJS the page uses. survey-core and survey-js-ui are loaded
 * before the page's script as UMD files and leave their API in the global `Survey`.
 */
declare namespace Survey {
  interface SurveyEvent<Options> {
    add(handler: (sender: Model, options: Options) => void | Promise<void>): void;
  }

  interface ItemValue {
    value: unknown;
    text: string;
  }

  interface Page {
    questions: Question[];
  }

  interface Question {
    name: string;
    isQuestion: boolean;
    page: Page;
    rows?: ItemValue[];
    isEmpty(): boolean;
    addError(error: CustomError): void;
    focus(onError?: boolean): void;
  }

  interface TitleTagOptions {
    element: unknown;
    tagName: string;
  }

  interface CompletingOptions {
    allow: boolean;
    message?: string;
  }

  class Model {
    constructor(json: object);
    title: string;
    locale: string;
    textUpdateMode: 'onBlur' | 'onTyping';
    showCompletedPage: boolean;
    get showProgressBar(): boolean;
    set showProgressBar(value: string | boolean);
    data: Record<string, unknown>;
    currentPageNo: number;
    currentPage: Page;
    readonly visiblePages: Page[];
    readonly onGetTitleTagName: SurveyEvent<TitleTagOptions>;
    readonly onValueChanged: SurveyEvent<unknown>;
    readonly onCurrentPageChanged: SurveyEvent<unknown>;
    readonly onCompleting: SurveyEvent<CompletingOptions>;
    readonly onComplete: SurveyEvent<unknown>;
    getQuestionByName(name: string): Question | null;
    /** Added by survey-js-ui. */
    render(element: HTMLElement): void;
  }

  class CustomError {
    constructor(text: string);
  }

  const Serializer: {
    findProperty(className: string, propertyName: string): object | null | undefined;
    addProperty(className: string, property: { name: string; default?: unknown; visible?: boolean }): unknown;
  };
}
