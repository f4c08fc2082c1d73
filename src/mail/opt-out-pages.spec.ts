import { OPT_OUT_DONE, OPT_OUT_QUESTION, renderOptOutPage, type OptOutPage } from './opt-out-pages';

const context = {
  stylesheet: '/assets/0123456789abcdef/opt-out.css',
  sender: { organisation: 'Institut <b>X</b>', contactName: 'Dr. "Test"', contactEmail: 'fragen@example.org' },
};

describe('renderOptOutPage', () => {
  it.each<[OptOutPage, string, RegExp[]]>([
    [
      { state: 'ask' },
      OPT_OUT_QUESTION,
      [/<form method="post" class="optout-form">/, /<button type="submit">Ja, keine E-Mails mehr<\/button>/],
    ],
    [{ state: 'done' }, 'Sie sind abgemeldet', [new RegExp(OPT_OUT_DONE.replace('.', '\\.'))]],
    [
      { state: 'already', optedOutAt: new Date('2025-07-27T21:59:00Z') },
      'Sie sind bereits abgemeldet',
      [/Abgemeldet am 27\.07\.2025, 23:59 Uhr\./],
    ],
    [{ state: 'unknown' }, 'Dieser Abmelde-Link ist nicht gültig', [/vollständig/]],
    [{ state: 'error', statusCode: 500 }, 'Das hat leider nicht geklappt', [/Fehler 500/]],
  ])('%j: German, one h1, the stylesheet, no script, escaped sender', (page, heading, patterns) => {
    const html = renderOptOutPage(page, context);
    expect(html).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain(`<h1>${heading}</h1>`);
    for (const pattern of patterns) expect(html).toMatch(pattern);
    expect(html).toContain('<link rel="stylesheet" href="/assets/0123456789abcdef/opt-out.css">');
    expect(html).not.toMatch(/<script|<img|\son[a-z]+=|https?:\/\//i);
    expect(html).toContain('Institut &lt;b&gt;X&lt;/b&gt;');
    expect(html).toContain('Dr. &quot;Test&quot;, <a href="mailto:fragen@example.org">fragen@example.org</a>');
  });

  it('has a form only where the person is asked, and it posts to the page itself (no action, no GET)', () => {
    expect(renderOptOutPage({ state: 'ask' }, context)).not.toMatch(/action=|method="get"/i);
    for (const state of ['done', 'unknown'] as const) expect(renderOptOutPage({ state }, context)).not.toContain('<form');
  });

  it('leaves the contact paragraph out when nothing is configured', () => {
    const html = renderOptOutPage({ state: 'ask' }, { ...context, sender: { organisation: '', contactName: '', contactEmail: '' } });
    expect(html).not.toContain('optout-contact');
  });
});
