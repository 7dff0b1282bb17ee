/**
 * Clean-up owned by the model being built. `createModel` disposes the effects its factory
 * creates; an effect that reads no signal and only returns `cleanup` therefore runs it once,
 * when the model is disposed (`model[Symbol.dispose]()`), and never before.
 */
import { effect } from '@preact/signals';

/**
 * Call it in a `createModel` factory, not in an action: outside a factory nothing owns it.
 *
 * @example
 * ```ts
 * const SearchModel = createModel(() => {
 *   let timer: ReturnType<typeof setTimeout> | undefined;
 *   onDispose(() => clearTimeout(timer));
 *   return { later: () => void (timer = setTimeout(run, 250)) };
 * });
 * ```
 */
export function onDispose(cleanup: () => void): void {
  effect(() => cleanup);
}
