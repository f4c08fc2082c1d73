/*
 * The questionnaire page of a personal invitation link (/survey/<token>).
 *
 * Renders the wave's SurveyJS definition with the saved answers, saves a partial
 * response when the page changes and at most every few seconds while answering,
 * and completes the response when the respondent finishes. Answers that the
 * server has not accepted yet are kept in localStorage, so that neither a lost
 * connection nor a closed tab loses them; they are sent again on the next visit.
 * Talks to nothing but /api/respond/<token>.
 */
(function () {
  'use strict';

  var SAVE_INTERVAL_MS = 3000;
  var MIN_DELAY_MS = 400;
  var RETRY_DELAYS_MS = [2000, 5000, 10000, 30000, 60000];
  var KEEPALIVE_MAX_BYTES = 60000;
  var DRAFT_PREFIX = 'survey-waves:draft:';

  var SAVE_STATES = {
    saving: 'wird gespeichert …',
    saved: 'gespeichert',
    retrying: 'nicht gespeichert – wird erneut versucht',
    failed: 'nicht gespeichert',
  };

  var TEXT = {
    unknownTitle: 'Dieser Link ist nicht gültig',
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
    autosave: 'Ihre Antworten werden automatisch gespeichert. Sie können jederzeit unterbrechen und später über Ihren persönlichen Link weitermachen.',
  };

  var elements = {
    loading: document.getElementById('loading'),
    message: document.getElementById('message'),
    messageTitle: document.getElementById('message-title'),
    messageText: document.getElementById('message-text'),
    notice: document.getElementById('notice'),
    noticeText: document.getElementById('notice-text'),
    noticeReload: document.getElementById('notice-reload'),
    intro: document.getElementById('intro'),
    survey: document.getElementById('survey'),
    saveState: document.getElementById('save-state'),
  };

  /** Where the refusal of a closed or not yet open wave carries its heading (see the respondent API). */
  var REFUSAL_HEADING_PATH = 'wave';

  var token = tokenFromPath(window.location.pathname);
  var waveTitle = null;
  var endpoint = '/api/respond/' + encodeURIComponent(token);

  var survey = null;
  var draftKey = DRAFT_PREFIX + token;
  var save = {
    revision: null,
    changes: 0,
    savedChanges: 0,
    timer: null,
    lastStartedAt: 0,
    retries: 0,
    stale: false,
    queue: Promise.resolve(),
  };

  elements.noticeReload.addEventListener('click', function () {
    window.location.reload();
  });

  start().catch(function () {
    showMessage(TEXT.loadFailedTitle, TEXT.loadFailedText);
  });

  /** The token of /survey/<token>; empty for /survey/ (a link cut off when copied). */
  function tokenFromPath(path) {
    var match = /^\/survey\/([^/]+)\/?$/.exec(path);
    if (!match) return '';
    try {
      return decodeURIComponent(match[1]);
    } catch (malformed) {
      return '';
    }
  }

  async function start() {
    if (!token) return showMessage(TEXT.unknownTitle, TEXT.unknownText);
    draftKey = DRAFT_PREFIX + (await sha256Hex(token));
    var result;
    try {
      result = await request('GET');
    } catch (networkError) {
      showMessage(TEXT.loadFailedTitle, TEXT.loadFailedText);
      return;
    }
    if (result.status === 404) return showMessage(TEXT.unknownTitle, TEXT.unknownText);
    if (result.status === 409) return showMessage(headingOf(result, TEXT.notOpenTitle), messageOf(result, TEXT.notOpenText));
    if (!result.ok) return showMessage(TEXT.loadFailedTitle, TEXT.loadFailedText);
    var respondent = result.body;
    waveTitle = respondent.wave.title;
    document.title = waveTitle;
    if (respondent.status === 'completed') {
      clearDraft();
      return showMessage(TEXT.completedTitle, TEXT.completedText);
    }
    render(respondent);
  }

  function render(respondent) {
    registerDefinitionConventions();
    survey = new Survey.Model(respondent.definition);
    // The respondent answers this wave: its title, not the questionnaire version's, heads the page (as its only h1).
    survey.title = respondent.wave.title;
    survey.onGetTitleTagName.add(headingLevels);
    survey.locale = 'de';
    survey.textUpdateMode = 'onTyping';
    survey.showCompletedPage = false;
    if (!survey.showProgressBar) survey.showProgressBar = 'top';

    var answers = respondent.answers || {};
    var draft = readDraft();
    var restored = draft !== null && JSON.stringify(draft.answers) !== JSON.stringify(answers);
    survey.data = restored ? Object.assign({}, answers, draft.answers) : answers;
    save.revision = respondent.revision;
    if (draft !== null && !restored) clearDraft();
    resumeAtLastAnsweredPage();

    survey.onValueChanged.add(answersChanged);
    survey.onCurrentPageChanged.add(function () {
      if (hasUnsavedChanges()) scheduleSave(0);
    });
    survey.onCompleting.add(completing);
    survey.onComplete.add(function () {
      clearDraft();
      survey = null;
      elements.survey.hidden = true;
      elements.intro.hidden = true;
      hideNotice();
      hideSaveState();
      showMessage(TEXT.thanksTitle, TEXT.thanksText);
    });

    elements.loading.hidden = true;
    showIntro(respondent.wave);
    survey.render(elements.survey);

    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && hasUnsavedChanges()) scheduleSave(0);
    });
    if (restored) {
      showNotice(TEXT.restored, 'info');
      save.changes += 1;
      scheduleSave(0);
    }
  }

  /** A returning respondent continues on the last page they answered something on. */
  function resumeAtLastAnsweredPage() {
    var pages = survey.visiblePages;
    for (var index = pages.length - 1; index > 0; index -= 1) {
      var answered = pages[index].questions.some(function (question) {
        return !question.isEmpty();
      });
      if (answered) {
        survey.currentPageNo = index;
        return;
      }
    }
  }

  /** One h1 (the wave's title), an h2 per question, so that screen reader users can jump from question to question. */
  function headingLevels(sender, options) {
    if (options.element === sender) options.tagName = 'h1';
    else if (options.element.isQuestion) options.tagName = 'h2';
  }

  /** The conventions' custom property of matrix questions, so that SurveyJS reads the definition as written. */
  function registerDefinitionConventions() {
    if (!Survey.Serializer.findProperty('matrix', 'topBox')) {
      Survey.Serializer.addProperty('matrix', { name: 'topBox:number', default: 2, visible: false });
    }
  }

  function showIntro(wave) {
    var text = TEXT.autosave;
    if (wave.closesAt) {
      var closes = new Date(wave.closesAt);
      if (!isNaN(closes.getTime())) {
        text = TEXT.until + closes.toLocaleDateString('de-DE', { day: 'numeric', month: 'long', year: 'numeric' }) + '. ' + text;
      }
    }
    elements.intro.textContent = text;
    elements.intro.hidden = false;
  }

  function answersChanged() {
    save.changes += 1;
    writeDraft();
    showSaveState('saving');
    scheduleSave();
  }

  function hasUnsavedChanges() {
    return save.changes !== save.savedChanges;
  }

  /** Saves at most every SAVE_INTERVAL_MS; `delay` 0 saves right away (page change, tab hidden). */
  function scheduleSave(delay) {
    if (save.stale || survey === null) return;
    var wait = delay === 0 ? 0 : Math.max(MIN_DELAY_MS, SAVE_INTERVAL_MS - (Date.now() - save.lastStartedAt));
    if (save.timer !== null) {
      if (delay !== 0) return;
      clearTimeout(save.timer);
    }
    save.timer = setTimeout(function () {
      save.timer = null;
      enqueue(function () {
        return put(false);
      });
    }, wait);
  }

  /** One save at a time, so that every PUT carries the revision of the one before. */
  function enqueue(task) {
    var run = save.queue.then(task, task);
    save.queue = run.catch(function () {});
    return run;
  }

  async function put(complete) {
    if (survey === null || save.stale) return { ok: false };
    if (!complete && !hasUnsavedChanges()) return { ok: true };
    if (save.timer !== null) {
      clearTimeout(save.timer);
      save.timer = null;
    }
    var changes = save.changes;
    var body = { answers: survey.data, complete: complete };
    if (save.revision !== null && save.revision !== undefined) body.revision = save.revision;
    save.lastStartedAt = Date.now();
    showSaveState('saving');
    var result;
    try {
      result = await request('PUT', body);
    } catch (networkError) {
      retryLater();
      return { ok: false, message: complete ? TEXT.completeFailed : undefined };
    }
    if (result.ok) {
      save.revision = result.body.revision;
      save.savedChanges = changes;
      save.retries = 0;
      if (!hasUnsavedChanges()) {
        clearDraft();
        showSaveState('saved');
      } else {
        scheduleSave();
      }
      if (elements.notice.dataset.kind === 'error') hideNotice();
      return { ok: true };
    }
    return failed(result, complete);
  }

  function failed(result, complete) {
    var code = result.body && result.body.code;
    if (result.status === 422 && code === 'RESPONSE_INVALID') {
      showSaveState('failed');
      showServerErrors(result.body.errors || []);
      return { ok: false };
    }
    if (result.status === 404) {
      survey = null;
      showMessage(TEXT.unknownTitle, TEXT.unknownText);
      return { ok: false };
    }
    if (code === 'RESPONSE_ALREADY_COMPLETED') {
      clearDraft();
      survey = null;
      showMessage(TEXT.completedTitle, TEXT.completedText);
      return { ok: false };
    }
    if (code === 'RESPONSE_STALE_REVISION') {
      save.stale = true;
      showSaveState('failed');
      showNotice(TEXT.stale, 'error', true);
      return { ok: false };
    }
    if (code === 'RESPONSE_WAVE_NOT_OPEN' || code === 'RESPONSE_OUTSIDE_WINDOW') {
      showSaveState('failed');
      showNotice(messageOf(result, TEXT.closedMidway) + ' ' + TEXT.keptLocally, 'error');
      return { ok: false };
    }
    retryLater();
    return { ok: false, message: complete ? TEXT.completeFailed : undefined };
  }

  function retryLater() {
    showSaveState('retrying');
    var delay = RETRY_DELAYS_MS[Math.min(save.retries, RETRY_DELAYS_MS.length - 1)];
    save.retries += 1;
    if (save.timer !== null) clearTimeout(save.timer);
    save.timer = setTimeout(function () {
      save.timer = null;
      enqueue(function () {
        return put(false);
      });
    }, delay);
  }

  /** Completion waits for the server: only an accepted complete:true lets SurveyJS finish. */
  async function completing(_sender, options) {
    var result = await enqueue(function () {
      return put(true);
    });
    if (!result.ok) {
      options.allow = false;
      if (result.message) options.message = result.message;
    }
  }

  /** Shows each 422 error at the question its path names (`code` or `code.item`). */
  function showServerErrors(errors) {
    var first = null;
    var unplaced = [];
    errors.forEach(function (error) {
      var path = String(error.path || '');
      var dot = path.indexOf('.');
      var code = dot < 0 ? path : path.slice(0, dot);
      var item = dot < 0 ? null : path.slice(dot + 1);
      var question = code ? survey.getQuestionByName(code) : null;
      if (!question) {
        unplaced.push(error.message);
        return;
      }
      var text = error.message;
      if (item !== null && Array.isArray(question.rows)) {
        var row = question.rows.find(function (candidate) {
          return String(candidate.value) === item;
        });
        text = (row ? row.text : item) + ': ' + text;
      }
      question.addError(new Survey.CustomError(text));
      if (first === null) first = question;
    });
    showNotice(TEXT.invalid + (unplaced.length ? ' ' + unplaced.join(' ') : ''), 'error');
    if (first !== null) {
      if (survey.currentPage !== first.page) survey.currentPage = first.page;
      first.focus(true);
    }
  }

  /** The heading the server gives a refusal (an error detail at REFUSAL_HEADING_PATH), or a fallback. */
  function headingOf(result, fallback) {
    var errors = result.body && Array.isArray(result.body.errors) ? result.body.errors : [];
    var detail = errors.find(function (error) {
      return error && error.path === REFUSAL_HEADING_PATH && typeof error.message === 'string' && error.message;
    });
    return detail ? detail.message : fallback;
  }

  /** The server's own (German) explanation of a refusal, or a fallback. */
  function messageOf(result, fallback) {
    return result.body && typeof result.body.message === 'string' && result.body.message ? result.body.message : fallback;
  }

  async function request(method, body) {
    var init = { method: method, headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
      init.keepalive = new TextEncoder().encode(init.body).length < KEEPALIVE_MAX_BYTES;
    }
    var response = await fetch(endpoint, init);
    var payload = null;
    try {
      payload = await response.json();
    } catch (notJson) {
      payload = null;
    }
    return { ok: response.ok, status: response.status, body: payload };
  }

  function writeDraft() {
    if (survey === null) return;
    try {
      window.localStorage.setItem(draftKey, JSON.stringify({ answers: survey.data, revision: save.revision, savedAt: new Date().toISOString() }));
    } catch (unavailable) {
      // Private mode or a full storage: the form still holds the answers.
    }
  }

  function readDraft() {
    try {
      var stored = window.localStorage.getItem(draftKey);
      var draft = stored ? JSON.parse(stored) : null;
      return draft && typeof draft.answers === 'object' && draft.answers !== null ? draft : null;
    } catch (unreadable) {
      return null;
    }
  }

  function clearDraft() {
    try {
      window.localStorage.removeItem(draftKey);
    } catch (unavailable) {
      // nothing stored
    }
  }

  /** The draft is stored under a hash of the token, so that localStorage does not list the link itself. */
  async function sha256Hex(text) {
    if (!window.crypto || !window.crypto.subtle) return text;
    var digest = await window.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest))
      .map(function (byte) {
        return byte.toString(16).padStart(2, '0');
      })
      .join('');
  }

  function showMessage(title, text) {
    elements.loading.hidden = true;
    elements.survey.hidden = true;
    elements.intro.hidden = true;
    hideNotice();
    hideSaveState();
    elements.messageTitle.textContent = title;
    document.title = waveTitle || title;
    elements.messageText.textContent = text;
    elements.message.hidden = false;
    elements.messageTitle.focus();
  }

  function showNotice(text, kind, withReload) {
    elements.noticeText.textContent = text;
    elements.notice.dataset.kind = kind;
    elements.notice.className = 'notice notice-' + kind;
    elements.noticeReload.hidden = !withReload;
    elements.notice.hidden = false;
  }

  function hideNotice() {
    elements.notice.hidden = true;
    delete elements.notice.dataset.kind;
  }

  function showSaveState(state) {
    elements.saveState.textContent = SAVE_STATES[state];
    elements.saveState.dataset.state = state;
    elements.saveState.hidden = false;
  }

  function hideSaveState() {
    elements.saveState.hidden = true;
  }
})();
