/**
 * Small helpers for stories' play functions: they click through an element's shadow DOM the way
 * a patient would, so each booking step has its own story.
 */
// 20 s: on a loaded machine (CI runs the browser and Node lanes at once) a lazy chunk and its first
// render can take more than 5 s; a state that is never reached still fails, only later.
export async function until<T>(check: () => T | undefined | null | false, ms = 20_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => requestAnimationFrame(r));
  }
}

export function button(scope: ParentNode, text: string | RegExp): HTMLButtonElement | undefined {
  return [...scope.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) =>
      !b.disabled &&
      (typeof text === 'string' ? b.textContent?.trim() === text : text.test(b.textContent?.trim() ?? '')),
  );
}

export async function click(scope: () => ParentNode, text: string | RegExp): Promise<void> {
  const b = await until(() => button(scope(), text));
  b.click();
  await new Promise((r) => requestAnimationFrame(r));
}

export async function pickFirstTime(host: Element): Promise<void> {
  const picker = await until(() => host.shadowRoot?.querySelector('portal-slot-picker')?.shadowRoot);
  const day = await until(
    () =>
      picker.querySelector<HTMLElement>('[part~="time"]') ??
      picker.querySelector<HTMLElement>('[part~="day-available"]'),
  );
  if (!day.matches('[part~="time"]')) day.click();
  const time = await until(() =>
    [...picker.querySelectorAll<HTMLButtonElement>('[part~="time"]')].find((b) => !b.disabled),
  );
  time.click();
  await new Promise((r) => requestAnimationFrame(r));
}

export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
  input.dispatchEvent(new Event('change', {bubbles: true, composed: true}));
}
