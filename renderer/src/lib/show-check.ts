/** Brings a check's row into view and puts focus on its title, so jumping to a check works from the keyboard too. */
export function showCheck(checkId: string): void {
  const row = document.querySelector<HTMLElement>(`li.finding[data-check-id="${CSS.escape(checkId)}"]`);
  if (!row) return;
  row.scrollIntoView({ block: 'center' });
  row.querySelector<HTMLElement>('.finding-title')?.focus({ preventScroll: true });
}
