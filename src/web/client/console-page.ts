/*
 * The staff console's own script (the pages work without it): copy buttons for links shown once.
 * A button `data-copy="<id>"` copies the value (or text) of the element with that id and says so
 * in its `data-copy-status` live region. Classic script, no modules, no globals.
 */
(() => {
  function textOf(target: HTMLElement): string {
    return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target.value : (target.textContent ?? '');
  }

  async function copy(button: HTMLButtonElement): Promise<void> {
    const target = document.getElementById(button.dataset.copy ?? '');
    const status = document.getElementById(button.dataset.copyStatus ?? '');
    if (!target) return;
    try {
      await navigator.clipboard.writeText(textOf(target).trim());
      if (status) status.textContent = 'Kopiert.';
    } catch {
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) target.select();
      if (status) status.textContent = 'Kopieren nicht möglich: Der Text ist markiert, bitte mit Strg+C kopieren.';
    }
  }

  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-copy]');
    if (button) void copy(button);
  });
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-copy]'))) button.hidden = false;
})();
