/**
 * Where the panel sits on the right edge so that it covers none of the page's controls.
 * Mews Operations puts its own action buttons on the right (Edit, Merge, …), where a panel
 * docked at a fixed height hid them at 1024 and 1280 px. The panel moves down below what it
 * would cover, as long as enough of it stays readable; where no such place exists (a narrow
 * window full of controls) it keeps its usual place and steps aside while a control it covers
 * has the keyboard focus (panel-host.ts), and its Collapse button folds it in one click.
 */

/** A rectangle in the viewport's CSS pixels (as `getBoundingClientRect` gives). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The panel's usual distance from the top of the window: below Mews's own header. */
export const PANEL_TOP = 96;
/** Space kept between the panel and a control above it, and below the panel. */
const GAP = 8;
/** Less of an open panel than this is not worth reading: better to stay put. */
const LEAST_READABLE = 260;

export interface PlacementInput {
  viewport: { width: number; height: number };
  /** The panel as drawn (open or folded to its tab). */
  panel: { width: number; height: number };
  /** The page's visible controls (buttons, links, fields). */
  controls: readonly Box[];
  /** The window edge the desk docked the panel to (right unless moved). */
  side?: 'left' | 'right';
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const drawn = (box: Box) => box.right > box.left && box.bottom > box.top;

/**
 * The panel's top: its usual place if it covers no control there, else the first place below
 * that covers none and keeps the panel readable, else its usual place.
 *
 * @example
 * ```ts
 * panelTop({ viewport: { width: 1280, height: 800 }, panel: { width: 300, height: 420 },
 *   controls: [{ left: 1044, top: 107, right: 1264, bottom: 134 }] }); // → 142
 * ```
 */
export function panelTop({ viewport, panel, controls, side = 'right' }: PlacementInput): number {
  const left = side === 'left' ? 0 : viewport.width - panel.width;
  const right = left + panel.width;
  const column = controls.filter((box) => drawn(box) && box.right > left && box.left < right);
  // A tall panel shrinks to the window (it scrolls inside), so a lower place may still be readable.
  const least = Math.min(panel.height, LEAST_READABLE);
  const candidates = [PANEL_TOP, ...column.map((box) => box.bottom + GAP).filter((top) => top > PANEL_TOP)].sort((a, b) => a - b);
  for (const top of candidates) {
    const height = Math.min(panel.height, viewport.height - top - GAP);
    if (height < least) break;
    const area: Box = { left, top, right, bottom: top + height };
    if (!column.some((box) => overlaps(box, area))) return top;
  }
  return PANEL_TOP;
}

/** Whether `box` (a control that took the focus) lies under the panel's frame. */
export function covers(frame: Box, box: Box): boolean {
  return drawn(box) && overlaps(frame, box);
}
