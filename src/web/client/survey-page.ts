/*
 * The questionnaire page of a personal invitation link (/survey/<token>).
 *
 * Renders the wave's SurveyJS definition with the saved answers, saves a partial
 * response when the page changes and at most every few seconds while answering,
 * and completes the response when the respondent finishes. Answers that the
 * server has not accepted yet are kept in localStorage (under a hash of the
 * token), so that neither a lost connection nor a closed tab loses them; they are
 * sent again on the next visit. Talks to nothing but /api/respond/<token>.
 *
 * Preview mode (renderPreviewPage in src/web/web-assets.ts, served by the staff console): <body data-preview-url="…"> names
 * where the page loads a version's definition (the respondent API's view, without answers); the page
 * then shows the questionnaire as respondents see it but never saves, keeps no draft and sends nothing.
 *
 * Privacy notice: when the survey has one (`privacyNotice` of the view), the header names the sender and links
 * "Datenschutz" on every page (a modal <dialog>), the first page shows the notice above the questionnaire (in an open
 * <details>), and the closing message names the sender and the contact. Its HTML is rendered by the server from a
 * restricted Markdown with everything escaped (src/definitions/privacy-notice.ts); the rest is built as text here.
 */
import { draftKeyOf, mergeDraft, parseDraft } from './answers';
import { CODES, TOP_BOX } from './contracts';
import type { ErrorBody, RespondentView, RespondentWave, SavedResponse, SaveRequest } from './contracts';
import { errorBodyOf, errorTarget, refusalHeading, refusalMessage, tokenFromPath } from './server-errors';
import type { ErrorDetail } from './server-errors';
import { KEEPALIVE_MAX_BYTES, retryDelay, throttledDelay } from './save-timing';

const SAVE_STATES = {
  saving: 'wird gespeichert …',
  saved: 'gespeichert',
  retrying: 'nicht gespeichert – wird erneut versucht',
  failed: 'nicht gespeichert',
} as const;
type SaveIndicator = keyof typeof SAVE_STATES;

const TEXT = {
  unknownTitle: 'Dieser Link ist nicht gültig',
  blockedTitle: 'Dieser Link ist gesperrt',
  unknownText:
    'Zu diesem Link gibt es keinen Fragebogen. Bitte prüfen Sie, ob Sie den Link aus Ihrer Einladung vollständig übernommen haben.',
  notOpenTitle: 'Die Befragung ist derzeit nicht geöffnet',
  notOpenText: 'Zurzeit können keine Antworten abgegeben werden.',
  loadFailedTitle: 'Der Fragebogen konnte nicht geladen werden',
  loadFailedText: 'Bitte prüfen Sie Ihre Internetverbindung und laden Sie die Seite in einigen Minuten neu.',
  thanksTitle: 'Vielen Dank für Ihre Teilnahme!',
  thanksText: 'Ihre Antworten sind vollständig gespeichert. Sie können dieses Fenster jetzt schließen.',
  completedTitle: 'Dieser Fragebogen ist bereits abgeschlossen',
  completedText:
    'Vielen Dank für Ihre Teilnahme! Ihre Antworten sind gespeichert. Zum Schutz Ihrer Angaben werden sie hier nicht mehr angezeigt.',
  closedMidway: 'Die Befragung ist nicht mehr geöffnet; Ihre letzten Antworten konnten nicht gespeichert werden.',
  keptLocally: 'Ihre Eingaben bleiben in diesem Browser gesichert.',
  stale:
    'Ihre Antworten wurden inzwischen in einem anderen Fenster oder auf einem anderen Gerät gespeichert. ' +
    'Ihre Eingaben in diesem Fenster sind in diesem Browser gesichert. Bitte laden Sie die Seite neu; ' +
    'Ihre Eingaben werden dann übernommen.',
  invalid: 'Einige Antworten wurden nicht angenommen. Bitte prüfen Sie die markierten Fragen.',
  restored: 'Antworten, die bei Ihrem letzten Besuch noch nicht gespeichert waren, wurden wiederhergestellt.',
  completeFailed:
    'Ihre Antworten konnten gerade nicht übermittelt werden. Sie bleiben erhalten; bitte versuchen Sie es gleich noch einmal.',
  until: 'Teilnahme möglich bis ',
  previewFailedTitle: 'Die Vorschau konnte nicht geladen werden',
  previewFailedText: 'Bitte laden Sie die Seite neu oder melden Sie sich in der Konsole erneut an.',
  previewEndTitle: 'Ende der Vorschau',
  previewEndText: 'Hier endet der Fragebogen. In der Vorschau wurde nichts gespeichert.',
  controller: 'Verantwortlich: ',
  contact: 'Ansprechperson: ',
  fullNotice: 'Vollständige Datenschutzerklärung: ',
  sender: 'Absender: ',
  autosave:
    'Ihre Antworten werden automatisch gespeichert. Sie können jederzeit unterbrechen und später über Ihren persönlichen Link weitermachen.',
};

/** The bookkeeping of saves while a questionnaire is shown. */
interface SaveState {
  /** The revision the next save is based on (null before the first save). */
  revision: number | null;
  /** Changes made so far, and how many of them the server has confirmed. */
  changes: number;
  savedChanges: number;
  timer: number | null;
  lastStartedAt: number;
  retries: number;
  /** One save at a time, so that every PUT carries the revision of the one before. */
  queue: Promise<unknown>;
}

/**
 * What the page shows. `answering`: the questionnaire, saving as it goes.
 * `stale`: the questionnaire after another window saved a newer revision; answers
 * are kept in this browser only until the page is reloaded. `completed` and
 * `refused` show a message instead (finished or already completed; unknown link,
 * wave not open, loading failed).
 */
type PageState =
  | { kind: 'loading' }
  | { kind: 'answering'; survey: Survey.Model; save: SaveState }
  | { kind: 'stale'; survey: Survey.Model; save: SaveState }
  | { kind: 'preview'; survey: Survey.Model }
  | { kind: 'completed' }
  | { kind: 'refused' };

type ShownSurvey = Extract<PageState, { save: SaveState }>;

interface ApiResult {
  ok: boolean;
  status: number;
  body: unknown;
}

interface PutResult {
  ok: boolean;
  /** Shown by SurveyJS when completion fails. */
  message?: string;
}

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The page has no element #${id}`);
  return found;
}

const elements = {
  loading: element('loading'),
  message: element('message'),
  messageTitle: element('message-title'),
  messageText: element('message-text'),
  notice: element('notice'),
  noticeText: element('notice-text'),
  noticeReload: element('notice-reload'),
  intro: element('intro'),
  survey: element('survey'),
  saveState: element('save-state'),
  messageSender: element('message-sender'),
  pageHeader: element('page-header'),
  headerSender: element('header-sender'),
  privacyLink: element('privacy-link'),
  privacyFirst: element('privacy-first'),
  privacyFirstBody: element('privacy-first-body'),
  privacyDialog: element('datenschutz') as HTMLDialogElement,
  privacyDialogBody: element('privacy-dialog-body'),
  privacyClose: element('privacy-close'),
};

type PrivacyNotice = NonNullable<RespondentView['privacyNotice']>;

/** Where a preview loads its definition from (null on a respondent's page): relative to the page's address. */
const previewUrl = previewUrlOf(document.body);
const token = previewUrl === null ? tokenFromPath(window.location.pathname) : '';
const endpoint = previewUrl ?? '/api/respond/' + encodeURIComponent(token);
const draftKey = draftKeyOf(token);
let waveTitle: string | null = null;
let state: PageState = { kind: 'loading' };
/** The survey's privacy notice, once the view has been loaded (null: the survey has none). */
let privacyNotice: PrivacyNotice | null = null;

elements.noticeReload.addEventListener('click', () => window.location.reload());
elements.privacyLink.addEventListener('click', (event) => {
  event.preventDefault();
  if (!elements.privacyDialog.open) elements.privacyDialog.showModal();
});
elements.privacyClose.addEventListener('click', () => elements.privacyDialog.close());

if (previewUrl === null) start().catch(() => refuse(TEXT.loadFailedTitle, TEXT.loadFailedText));
else startPreview().catch(() => refuse(TEXT.previewFailedTitle, TEXT.previewFailedText));

function previewUrlOf(body: HTMLElement): string | null {
  const url = body.dataset.previewUrl;
  return url === undefined || url === '' ? null : new URL(url, window.location.href).pathname;
}

/** A preview: the definition from the console, shown as respondents see it; answers stay in the form only. */
async function startPreview(): Promise<void> {
  let result: ApiResult;
  try {
    result = await request('GET');
  } catch {
    return refuse(TEXT.previewFailedTitle, TEXT.previewFailedText);
  }
  const view = result.body as RespondentView | null;
  if (!result.ok || view === null || typeof view !== 'object' || !view.definition) {
    return refuse(TEXT.previewFailedTitle, TEXT.previewFailedText);
  }
  waveTitle = view.wave.title;
  document.title = 'Vorschau – ' + waveTitle;
  showPrivacyNotice(view.privacyNotice);
  const survey = createSurvey(view, view.definition);
  state = { kind: 'preview', survey };
  survey.onComplete.add(() => {
    elements.survey.hidden = true;
    elements.intro.hidden = true;
    finish(TEXT.previewEndTitle, TEXT.previewEndText);
  });
  elements.loading.hidden = true;
  showIntro(view.wave);
  followPages(survey);
  survey.render(elements.survey);
}

async function start(): Promise<void> {
  if (token === '') return refuse(TEXT.unknownTitle, TEXT.unknownText);
  let result: ApiResult;
  try {
    result = await request('GET');
  } catch {
    return refuse(TEXT.loadFailedTitle, TEXT.loadFailedText);
  }
  if (result.status === 404) return refuseLink(errorBodyOf(result.body));
  if (result.status === 409) {
    const body = errorBodyOf(result.body);
    return refuse(refusalHeading(body, TEXT.notOpenTitle), refusalMessage(body, TEXT.notOpenText));
  }
  if (!result.ok) return refuse(TEXT.loadFailedTitle, TEXT.loadFailedText);
  const respondent = result.body as RespondentView;
  waveTitle = respondent.wave.title;
  document.title = waveTitle;
  showPrivacyNotice(respondent.privacyNotice);
  if (respondent.status === 'completed' || respondent.definition === null) {
    clearDraft();
    return finish(TEXT.completedTitle, TEXT.completedText);
  }
  render(respondent, respondent.definition);
}

/** The SurveyJS model of a definition, set up as respondents see it (the same for a preview). */
function createSurvey(respondent: RespondentView, definition: object): Survey.Model {
  registerDefinitionConventions();
  const survey = new Survey.Model(definition);
  // The respondent answers this wave: its title, not the questionnaire version's, heads the page (as its only h1).
  survey.title = respondent.wave.title;
  survey.onGetTitleTagName.add(headingLevels);
  survey.locale = 'de';
  survey.textUpdateMode = 'onTyping';
  survey.showCompletedPage = false;
  if (!survey.showProgressBar) survey.showProgressBar = 'top';
  return survey;
}

function render(respondent: RespondentView, definition: object): void {
  const survey = createSurvey(respondent, definition);

  const draft = readDraft();
  const start = mergeDraft(respondent.answers ?? {}, draft);
  survey.data = start.answers;
  if (draft !== null && !start.restored) clearDraft();
  const shown: ShownSurvey = {
    kind: 'answering',
    survey,
    save: {
      revision: respondent.revision,
      changes: 0,
      savedChanges: 0,
      timer: null,
      lastStartedAt: 0,
      retries: 0,
      queue: Promise.resolve(),
    },
  };
  state = shown;
  resumeAtLastAnsweredPage(survey);

  survey.onValueChanged.add(answersChanged);
  survey.onCurrentPageChanged.add(() => {
    if (hasUnsavedChanges(shown.save)) scheduleSave(0);
  });
  survey.onCompleting.add(completing);
  survey.onComplete.add(() => {
    clearDraft();
    elements.survey.hidden = true;
    elements.intro.hidden = true;
    finish(TEXT.thanksTitle, TEXT.thanksText);
  });

  elements.loading.hidden = true;
  showIntro(respondent.wave);
  followPages(survey);
  survey.render(elements.survey);

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && hasUnsavedChanges(shown.save)) scheduleSave(0);
  });
  if (start.restored) {
    showNotice(TEXT.restored, 'info');
    shown.save.changes += 1;
    scheduleSave(0);
  }
}

/** The notice stands above the questionnaire's first page only; the header links it from every page. */
function followPages(survey: Survey.Model): void {
  const update = () => {
    elements.privacyFirst.hidden = privacyNotice === null || survey.currentPageNo !== 0;
  };
  survey.onCurrentPageChanged.add(update);
  update();
}

/** Fills the header, the first page's notice and the dialog; without a notice the page shows none of them. */
function showPrivacyNotice(notice: PrivacyNotice | null | undefined): void {
  privacyNotice = notice ?? null;
  if (privacyNotice === null) return;
  elements.headerSender.textContent = privacyNotice.sender.organisation;
  elements.pageHeader.hidden = false;
  fillNotice(elements.privacyFirstBody, privacyNotice);
  fillNotice(elements.privacyDialogBody, privacyNotice);
}

function fillNotice(container: HTMLElement, notice: PrivacyNotice): void {
  const parties = document.createElement('p');
  parties.className = 'privacy-parties';
  const controller = document.createElement('strong');
  controller.textContent = TEXT.controller;
  const contact = document.createElement('strong');
  contact.textContent = TEXT.contact;
  parties.append(
    controller,
    `${notice.sender.organisation}, ${notice.sender.address}`,
    document.createElement('br'),
    contact,
    `${notice.contact.name}, `,
    mailLink(notice.contact.email),
  );
  // Rendered by the server from the restricted Markdown: escaped text, h3–h5, p, ul/li, strong, em, https/mailto links.
  const body = document.createElement('div');
  body.className = 'privacy-text';
  body.innerHTML = notice.html;
  const full = document.createElement('p');
  full.className = 'privacy-full';
  full.append(TEXT.fullNotice);
  if (/^https:\/\//.test(notice.fullNoticeUrl)) {
    const link = document.createElement('a');
    link.href = notice.fullNoticeUrl;
    link.textContent = notice.fullNoticeUrl;
    full.append(link);
  }
  container.replaceChildren(parties, body, full);
}

function mailLink(email: string): HTMLAnchorElement {
  const link = document.createElement('a');
  link.href = 'mailto:' + email;
  link.textContent = email;
  return link;
}

/** The closing message names who asked and whom to ask. */
function showSender(): void {
  const notice = privacyNotice;
  elements.messageSender.hidden = notice === null;
  if (notice === null) return;
  elements.messageSender.replaceChildren(
    TEXT.sender + `${notice.sender.organisation}, ${notice.sender.address}. `,
    TEXT.contact + `${notice.contact.name}, `,
    mailLink(notice.contact.email),
    '.',
  );
}

/** A returning respondent continues on the last page they answered something on. */
function resumeAtLastAnsweredPage(survey: Survey.Model): void {
  const pages = survey.visiblePages;
  for (let index = pages.length - 1; index > 0; index -= 1) {
    if (pages[index].questions.some((question) => !question.isEmpty())) {
      survey.currentPageNo = index;
      return;
    }
  }
}

/** One h1 (the wave's title), an h2 per question, so that screen reader users can jump from question to question. */
function headingLevels(sender: Survey.Model, options: Survey.TitleTagOptions): void {
  if (options.element === sender) options.tagName = 'h1';
  else if ((options.element as Partial<Survey.Question>).isQuestion === true) options.tagName = 'h2';
}

/** The conventions' custom property of matrix questions (as the server registers it), so that SurveyJS reads the definition as written. */
function registerDefinitionConventions(): void {
  if (!Survey.Serializer.findProperty('matrix', TOP_BOX.property)) {
    Survey.Serializer.addProperty('matrix', { name: `${TOP_BOX.property}:number`, default: TOP_BOX.default, visible: false });
  }
}

function showIntro(wave: RespondentWave): void {
  let text = TEXT.autosave;
  if (wave.closesAt !== null) {
    const closes = new Date(wave.closesAt);
    if (!isNaN(closes.getTime())) {
      text = TEXT.until + closes.toLocaleDateString('de-DE', { day: 'numeric', month: 'long', year: 'numeric' }) + '. ' + text;
    }
  }
  elements.intro.textContent = text;
  elements.intro.hidden = false;
}

function answersChanged(): void {
  if (state.kind !== 'answering' && state.kind !== 'stale') return;
  state.save.changes += 1;
  writeDraft(state);
  showSaveState('saving');
  scheduleSave();
}

function hasUnsavedChanges(save: SaveState): boolean {
  return save.changes !== save.savedChanges;
}

/** Saves at most every SAVE_INTERVAL_MS; `delay` 0 saves right away (page change, tab hidden). */
function scheduleSave(delay?: 0): void {
  if (state.kind !== 'answering') return;
  const save = state.save;
  const wait = delay === 0 ? 0 : throttledDelay(Date.now(), save.lastStartedAt);
  if (save.timer !== null) {
    if (delay !== 0) return;
    clearTimeout(save.timer);
  }
  save.timer = window.setTimeout(() => {
    save.timer = null;
    void enqueue(save, () => put(false));
  }, wait);
}

function enqueue(save: SaveState, task: () => Promise<PutResult>): Promise<PutResult> {
  const run = save.queue.then(task, task);
  save.queue = run.catch(() => undefined);
  return run;
}

async function put(complete: boolean): Promise<PutResult> {
  if (state.kind !== 'answering') return { ok: false };
  const save = state.save;
  if (!complete && !hasUnsavedChanges(save)) return { ok: true };
  if (save.timer !== null) {
    clearTimeout(save.timer);
    save.timer = null;
  }
  const changes = save.changes;
  const body: SaveRequest = { answers: state.survey.data, complete };
  if (save.revision !== null) body.revision = save.revision;
  save.lastStartedAt = Date.now();
  showSaveState('saving');
  let result: ApiResult;
  try {
    result = await request('PUT', body);
  } catch {
    retryLater(save);
    return { ok: false, message: complete ? TEXT.completeFailed : undefined };
  }
  if (result.ok) {
    save.revision = (result.body as SavedResponse).revision;
    save.savedChanges = changes;
    save.retries = 0;
    if (!hasUnsavedChanges(save)) {
      clearDraft();
      showSaveState('saved');
    } else {
      scheduleSave();
    }
    if (elements.notice.dataset.kind === 'error') hideNotice();
    return { ok: true };
  }
  return failed(result, complete, save);
}

/**
 * A link the server does not accept: blocked by the study team (its own message: the answers are kept, and so is an
 * unsent draft, for when the link works again), or unknown: the person was erased on request or the wave's contacts
 * were forgotten after the retention, so no answers stay on this device either.
 */
function refuseLink(body: Partial<ErrorBody>): void {
  if (body.code === CODES.RESPONSE_LINK_BLOCKED && body.message !== undefined) return refuse(TEXT.blockedTitle, body.message);
  clearDraft();
  refuse(TEXT.unknownTitle, TEXT.unknownText);
}

function failed(result: ApiResult, complete: boolean, save: SaveState): PutResult {
  const body = errorBodyOf(result.body);
  if (result.status === 422 && body.code === CODES.RESPONSE_INVALID) {
    showSaveState('failed');
    showServerErrors(body.errors ?? []);
    return { ok: false };
  }
  if (result.status === 404) {
    refuseLink(body);
    return { ok: false };
  }
  if (body.code === CODES.RESPONSE_ALREADY_COMPLETED) {
    clearDraft();
    finish(TEXT.completedTitle, TEXT.completedText);
    return { ok: false };
  }
  if (body.code === CODES.RESPONSE_STALE_REVISION) {
    if (state.kind === 'answering') state = { kind: 'stale', survey: state.survey, save: state.save };
    showSaveState('failed');
    showNotice(TEXT.stale, 'error', true);
    return { ok: false };
  }
  if (body.code === CODES.RESPONSE_WAVE_NOT_OPEN || body.code === CODES.RESPONSE_OUTSIDE_WINDOW) {
    showSaveState('failed');
    showNotice(refusalMessage(body, TEXT.closedMidway) + ' ' + TEXT.keptLocally, 'error');
    return { ok: false };
  }
  retryLater(save);
  return { ok: false, message: complete ? TEXT.completeFailed : undefined };
}

function retryLater(save: SaveState): void {
  showSaveState('retrying');
  const delay = retryDelay(save.retries);
  save.retries += 1;
  if (save.timer !== null) clearTimeout(save.timer);
  save.timer = window.setTimeout(() => {
    save.timer = null;
    void enqueue(save, () => put(false));
  }, delay);
}

/** Completion waits for the server: only an accepted complete:true lets SurveyJS finish. */
async function completing(_sender: Survey.Model, options: Survey.CompletingOptions): Promise<void> {
  if (state.kind !== 'answering') {
    options.allow = false;
    return;
  }
  const result = await enqueue(state.save, () => put(true));
  if (!result.ok) {
    options.allow = false;
    if (result.message !== undefined) options.message = result.message;
  }
}

/** Shows each 422 error at the question its path names (`code` or `code.item`). */
function showServerErrors(errors: ErrorDetail[]): void {
  if (state.kind !== 'answering') return;
  const survey = state.survey;
  let first: Survey.Question | null = null;
  const unplaced: string[] = [];
  for (const error of errors) {
    const target = errorTarget(error.path);
    const question = target === null ? null : survey.getQuestionByName(target.question);
    if (target === null || question === null) {
      unplaced.push(error.message);
      continue;
    }
    let text = error.message;
    if (target.item !== null && Array.isArray(question.rows)) {
      const row = question.rows.find((candidate) => String(candidate.value) === target.item);
      text = (row ? row.text : target.item) + ': ' + text;
    }
    question.addError(new Survey.CustomError(text));
    if (first === null) first = question;
  }
  showNotice(TEXT.invalid + (unplaced.length > 0 ? ' ' + unplaced.join(' ') : ''), 'error');
  if (first !== null) {
    if (survey.currentPage !== first.page) survey.currentPage = first.page;
    first.focus(true);
  }
}

async function request(method: 'GET' | 'PUT', body?: SaveRequest): Promise<ApiResult> {
  if (previewUrl !== null && method !== 'GET') throw new Error('A preview saves nothing');
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, cache: 'no-store', credentials: 'same-origin' };
  if (body !== undefined) {
    const json = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
    init.body = json;
    init.keepalive = new TextEncoder().encode(json).length < KEEPALIVE_MAX_BYTES;
  }
  const response = await fetch(endpoint, init);
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  return { ok: response.ok, status: response.status, body: payload };
}

function writeDraft(shown: ShownSurvey): void {
  try {
    window.localStorage.setItem(
      draftKey,
      JSON.stringify({ answers: shown.survey.data, revision: shown.save.revision, savedAt: new Date().toISOString() }),
    );
  } catch {
    // Private mode or a full storage: the form still holds the answers.
  }
}

function readDraft(): ReturnType<typeof parseDraft> {
  try {
    return parseDraft(window.localStorage.getItem(draftKey));
  } catch {
    return null;
  }
}

function clearDraft(): void {
  try {
    window.localStorage.removeItem(draftKey);
  } catch {
    // nothing stored
  }
}

/** Ends the questionnaire with a message: the response is complete (now or before). */
function finish(title: string, text: string): void {
  leaveSurvey({ kind: 'completed' });
  showMessage(title, text);
  showSender();
}

/** Shows a message instead of a questionnaire: unknown link, wave not open, loading failed. */
function refuse(title: string, text: string): void {
  leaveSurvey({ kind: 'refused' });
  showMessage(title, text);
}

function leaveSurvey(next: PageState): void {
  if ((state.kind === 'answering' || state.kind === 'stale') && state.save.timer !== null) clearTimeout(state.save.timer);
  state = next;
}

function showMessage(title: string, text: string): void {
  elements.loading.hidden = true;
  elements.survey.hidden = true;
  elements.intro.hidden = true;
  elements.privacyFirst.hidden = true;
  hideNotice();
  hideSaveState();
  elements.messageTitle.textContent = title;
  document.title = waveTitle ?? title;
  elements.messageText.textContent = text;
  elements.message.hidden = false;
  elements.messageTitle.focus();
}

function showNotice(text: string, kind: 'info' | 'error', withReload = false): void {
  elements.noticeText.textContent = text;
  elements.notice.dataset.kind = kind;
  elements.notice.className = 'notice notice-' + kind;
  elements.noticeReload.hidden = !withReload;
  elements.notice.hidden = false;
}

function hideNotice(): void {
  elements.notice.hidden = true;
  delete elements.notice.dataset.kind;
}

function showSaveState(indicator: SaveIndicator): void {
  elements.saveState.textContent = SAVE_STATES[indicator];
  elements.saveState.dataset.state = indicator;
  elements.saveState.hidden = false;
}

function hideSaveState(): void {
  elements.saveState.hidden = true;
}
