import { ErrorCode } from './error-code';

/**
 * What a person reads on a page when something is refused: one German sentence per error code. The API's
 * messages stay English and more detailed; the console shows these. `Record<ErrorCode, …>` makes a new
 * code without a German sentence a compile error.
 */
const GERMAN_ERROR_MESSAGES: Record<ErrorCode, string> = {
  [ErrorCode.VALIDATION_FAILED]: 'Die Eingaben sind nicht vollständig oder nicht gültig.',
  [ErrorCode.NOT_FOUND]: 'Das Gesuchte gibt es nicht (mehr).',
  [ErrorCode.BAD_REQUEST]: 'Die Anfrage konnte nicht gelesen werden.',
  [ErrorCode.URL_INVALID]: 'Diese Adresse ist nicht gültig.',
  [ErrorCode.MALFORMED_JSON]: 'Die Daten sind kein gültiges JSON.',
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 'Diese Art von Daten wird hier nicht angenommen.',
  [ErrorCode.PAYLOAD_TOO_LARGE]: 'Die Daten oder die Datei sind zu groß.',
  [ErrorCode.ROUTE_NOT_FOUND]: 'Diese Seite gibt es nicht.',
  [ErrorCode.RATE_LIMITED]: 'Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment.',
  [ErrorCode.SERVICE_UNAVAILABLE]: 'Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.',
  [ErrorCode.INTERNAL_ERROR]: 'Ein unerwarteter Fehler ist aufgetreten. Bitte nennen Sie bei Rückfragen die Anfrage-Nummer.',
  [ErrorCode.AUTH_TOKEN_MISSING]: 'Bitte melden Sie sich an.',
  [ErrorCode.AUTH_TOKEN_INVALID]: 'Der Zugang ist nicht gültig.',
  [ErrorCode.AUTH_FORBIDDEN]: 'Dafür fehlt Ihnen die Berechtigung.',
  [ErrorCode.DEFINITION_NOT_FOUND]: 'Diese Fragebogen-Version gibt es nicht.',
  [ErrorCode.DEFINITION_INVALID]: 'Der Fragebogen ist nicht gültig.',
  [ErrorCode.DEFINITION_IMMUTABLE]: 'Diese Fragebogen-Version wird schon verwendet und kann nicht mehr geändert werden.',
  [ErrorCode.WAVE_NOT_FOUND]: 'Diese Welle gibt es nicht.',
  [ErrorCode.WAVE_CODE_TAKEN]: 'Dieses Kürzel hat schon eine andere Welle.',
  [ErrorCode.WAVE_DEFINITION_UNKNOWN]: 'Diese Fragebogen-Version gibt es nicht.',
  [ErrorCode.WAVE_TRANSITION_NOT_ALLOWED]: 'Das ist im jetzigen Zustand der Welle nicht möglich.',
  [ErrorCode.WAVE_NOT_DELETABLE]: 'Nur eine Welle im Entwurf kann gelöscht werden.',
  [ErrorCode.WAVE_PIN_IMMUTABLE]: 'Die Fragebogen-Version kann nur im Entwurf geändert werden.',
  [ErrorCode.WAVE_CLOSED_FOR_INVITATIONS]: 'Die Welle ist geschlossen: Einladungen können nicht mehr geändert werden.',
  [ErrorCode.INVITATION_NOT_FOUND]: 'Diese Einladung gibt es nicht.',
  [ErrorCode.INVITATION_BLOCKED]: 'Dieser Link ist gesperrt.',
  [ErrorCode.RESPONSE_TOKEN_UNKNOWN]: 'Dieser Link ist nicht gültig.',
  [ErrorCode.RESPONSE_LINK_BLOCKED]: 'Dieser Link ist gesperrt.',
  [ErrorCode.RESPONSE_WAVE_NOT_OPEN]: 'Die Befragung ist nicht geöffnet.',
  [ErrorCode.RESPONSE_OUTSIDE_WINDOW]: 'Die Befragung läuft zurzeit nicht.',
  [ErrorCode.RESPONSE_ALREADY_COMPLETED]: 'Der Fragebogen wurde bereits abgeschlossen.',
  [ErrorCode.RESPONSE_STALE_REVISION]: 'Die Antworten wurden inzwischen an anderer Stelle geändert.',
  [ErrorCode.RESPONSE_INVALID]: 'Die Antworten passen nicht zum Fragebogen.',
  [ErrorCode.SURVEY_NOT_FOUND]: 'Diese Umfrage gibt es nicht.',
  [ErrorCode.FIGURE_NOT_FOUND]: 'Diese Abbildung gibt es nicht.',
  [ErrorCode.ANALYSIS_WAVE_NOT_IN_SURVEY]: 'Diese Welle gehört nicht zu der Umfrage.',
  [ErrorCode.STAFF_MEMBER_NOT_FOUND]: 'Dieses Konto gibt es nicht.',
  [ErrorCode.STAFF_API_TOKEN_NOT_FOUND]: 'Diesen API-Schlüssel gibt es nicht.',
  [ErrorCode.STAFF_EMAIL_TAKEN]: 'Für diese E-Mail-Adresse gibt es schon ein Konto.',
  [ErrorCode.STAFF_PASSWORD_INVALID]: 'Das Passwort muss mindestens 12 Zeichen lang sein.',
  [ErrorCode.STAFF_PASSWORD_WRONG]: 'Das bisherige Passwort stimmt nicht.',
  [ErrorCode.STAFF_LINK_INVALID]:
    'Dieser Link ist abgelaufen, schon benutzt oder nicht gültig. Bitten Sie die Administration um einen neuen.',
  [ErrorCode.STAFF_CANNOT_REVOKE_SELF]: 'Sie können Ihr eigenes Konto nicht sperren. Bitten Sie eine andere Person aus der Administration.',
  [ErrorCode.STAFF_MEMBER_REVOKED]: 'Dieses Konto ist gesperrt.',
  [ErrorCode.MAIL_TEMPLATE_INVALID]: 'Die Vorlage ist so nicht verwendbar.',
  [ErrorCode.MAIL_KIND_UNKNOWN]: 'Diese Art von E-Mail gibt es nicht (nur Einladung und Erinnerung).',
  [ErrorCode.MAILING_NOT_FOUND]: 'Diesen Versand gibt es nicht.',
  [ErrorCode.MAILING_WAVE_NOT_OPEN]:
    'E-Mails gehen nur hinaus, solange die Welle geöffnet ist (oder vor dem Versandzeitpunkt geöffnet wird). Es wurde nichts versandt.',
  [ErrorCode.MAIL_NOT_CONFIGURED]: 'Es ist kein Mailserver eingerichtet (SMTP_URL). Es wurde nichts versandt.',
  [ErrorCode.MAIL_OPT_OUT_UNKNOWN]: 'Dieser Abmelde-Link ist nicht gültig.',
  [ErrorCode.IMPORT_FILE_MISSING]: 'Bitte wählen Sie eine Datei aus.',
  [ErrorCode.IMPORT_FILE_UNREADABLE]: 'Die Datei kann nicht als Tabelle (CSV, Excel oder SPSS) gelesen werden.',
  [ErrorCode.IMPORT_MAPPING_INVALID]: 'Die Zuordnung der Spalten passt nicht zur Datei oder zum Fragebogen.',
  [ErrorCode.IMPORT_MAPPING_REQUIRED]: 'Die Datei ist kein Rohdaten-Export dieses Dienstes: Bitte geben Sie eine Zuordnung der Spalten an.',
  [ErrorCode.IMPORT_ROWS_INVALID]: 'Einige Zeilen der Datei enthalten Fehler; es wurde nichts übernommen.',
  [ErrorCode.IMPORT_CONFLICTS]: 'Einige Kennungen gibt es in der Welle schon mit anderen Antworten; es wurde nichts übernommen.',
  [ErrorCode.IMPORT_WAVE_OPEN]: 'In eine offene Welle kann nicht importiert werden.',
  [ErrorCode.IMPORT_NOT_FOUND]: 'Diesen Import gibt es nicht.',
  [ErrorCode.IMPORT_ALREADY_UNDONE]: 'Dieser Import wurde schon rückgängig gemacht.',
  [ErrorCode.INVITATION_ALREADY_ERASED]: 'Die Daten dieser Einladung wurden schon gelöscht.',
  [ErrorCode.IMPORTED_RESPONSE_NOT_FOUND]: 'Dieser Import enthält keine Antwort mit dieser Kennung (mehr).',
  [ErrorCode.CONTACTS_WAVE_NOT_CLOSED]: 'Kontaktdaten können erst gelöscht werden, wenn die Welle geschlossen ist.',
  [ErrorCode.CONTACTS_ALREADY_ERASED]: 'Die Kontaktdaten dieser Welle wurden schon gelöscht.',
  [ErrorCode.PRIVACY_NOTICE_NOT_FOUND]: 'Für diese Umfrage gibt es keine Datenschutzhinweise.',
  [ErrorCode.PRIVACY_NOTICE_INVALID]: 'Die Datenschutzhinweise sind so nicht verwendbar. Es wurde nichts gespeichert.',
  [ErrorCode.PRIVACY_NOTICE_FROM_FILE]:
    'Die Datenschutzhinweise dieser Umfrage stehen in einer Datei (survey-definitions/<Umfrage>/privacy.md) und werden dort geändert.',
  [ErrorCode.CONSOLE_SIGN_IN_REQUIRED]: 'Bitte melden Sie sich an.',
  [ErrorCode.CONSOLE_CSRF_INVALID]:
    'Das Formular ist abgelaufen oder kam nicht von dieser Seite. Es wurde nichts geändert. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
  [ErrorCode.CONSOLE_FORBIDDEN]: 'Dafür fehlt Ihnen die Berechtigung. Es wurde nichts geändert.',
};

const BY_STATUS: Record<number, string> = {
  400: GERMAN_ERROR_MESSAGES[ErrorCode.BAD_REQUEST],
  404: GERMAN_ERROR_MESSAGES[ErrorCode.ROUTE_NOT_FOUND],
  429: GERMAN_ERROR_MESSAGES[ErrorCode.RATE_LIMITED],
};

/** The German sentence for an error code (or, for an unknown one, its HTTP status). */
export function germanErrorMessage(code: ErrorCode | undefined, statusCode: number): string {
  return (
    (code === undefined ? undefined : GERMAN_ERROR_MESSAGES[code]) ??
    BY_STATUS[statusCode] ??
    GERMAN_ERROR_MESSAGES[ErrorCode.INTERNAL_ERROR]
  );
}
