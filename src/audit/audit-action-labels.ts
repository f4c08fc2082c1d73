/** German labels of the audit actions, for the console's "Protokoll" (an unknown action is shown as is). */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'wave.created': 'Welle angelegt',
  'wave.updated': 'Welle geändert',
  'wave.opened': 'Welle geöffnet',
  'wave.closed': 'Welle geschlossen',
  'wave.reopened': 'Welle wieder geöffnet',
  'wave.deleted': 'Entwurf gelöscht',
  'definition.pinned': 'Fragebogenversion festgelegt',
  'definition.loaded': 'Fragebogenversion geladen',
  'definition.uploaded': 'Fragebogenversion hochgeladen',
  'definition.replaced': 'Fragebogenversion ersetzt',
  'invitations.created': 'Einladungen erstellt',
  'invitation.reissued': 'Neuer Link ausgegeben',
  'invitation.blocked': 'Link gesperrt',
  'invitation.unblocked': 'Link entsperrt',
  'invitation.contact-viewed': 'Kontaktdaten angesehen',
  'mail-template.saved': 'E-Mail-Vorlage gespeichert',
  'mail.test-sent': 'Test-E-Mail an sich selbst geschickt',
  'mailing.created': 'E-Mail-Versand angelegt',
  'mail.held-released': 'Zurückgehaltene E-Mails zum Versand freigegeben',
  'mail.opted-out': 'Person hat sich von E-Mails abgemeldet',
  'import.committed': 'Rohdaten importiert',
  'import.conflict-replaced': 'Antwort durch Import ersetzt',
  'import.undone': 'Import rückgängig gemacht',
  'import.unchanged': 'Datei erneut importiert: nichts Neues',
  'responses.exported': 'Rohdaten heruntergeladen',
  'staff.admin-ensured': 'Administrationskonto beim Start angelegt',
  'staff.invited': 'Person ins Team eingeladen',
  'staff.revoked': 'Konto gesperrt',
  'staff.signed-in': 'Angemeldet',
  'staff.sign-in-failed': 'Anmeldung fehlgeschlagen',
  'staff.password-link-issued': 'Link zum Setzen des Passworts ausgegeben',
  'staff.password-set': 'Passwort gesetzt',
  'staff.password-changed': 'Passwort geändert',
  'staff.api-token-created': 'API-Schlüssel erstellt',
  'staff.api-token-revoked': 'API-Schlüssel widerrufen',
};

/** The German label of an action, or the action itself when it has none. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
