/**
 * Keeps the popup's frames coming for a moment after each keystroke. An idle page asks the
 * compositor for a frame only once its DOM changed; a request that reaches it just after a
 * frame began waits for the next one, so rows ready in the keystroke's frame were painted ~16 ms
 * late (issue 19: 4-6 % of keystrokes in the popup-search bench). With frames already flowing,
 * the next keystroke's rows are in the next frame. A desk's next key usually follows within this.
 */
const WARM_MS = 1_000;

let until = 0;
let running = false;

/**
 * @example
 * ```ts
 * <input onInput={(event) => { keepFramesComing(); model.setQuery(event.currentTarget.value); }} />
 * ```
 */
export function keepFramesComing(now = performance.now()): void {
  until = now + WARM_MS;
  if (running) return;
  running = true;
  const frame = (time: number) => {
    if (time < until) requestAnimationFrame(frame);
    else running = false;
  };
  requestAnimationFrame(frame);
}
