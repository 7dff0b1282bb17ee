/** Shared steps for the manager tools' view tests. */
import { act, fireEvent } from '@testing-library/preact';

/** Lets scripted answers and the renders they cause run (no timers involved). */
export async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
    await settle();
  });
}

export async function type(element: HTMLElement, value: string) {
  await act(async () => {
    fireEvent.input(element, { target: { value } });
    await settle();
  });
}

export async function choose(element: HTMLElement, value: string) {
  await act(async () => {
    fireEvent.change(element, { target: { value } });
    await settle();
  });
}

export function keyCounter() {
  let n = 0;
  return () => `key-${++n}`;
}

export const refused = (detail: string) => ({
  ok: false as const,
  error: { kind: 'invalid' as const, message: detail, problem: { type: 'about:blank', title: 'Mews refused the change', status: 422, detail } },
});
