import { describe, expect, it } from 'vitest';
import { PANEL_TOP, panelTop, type Box } from '@/lib/host/panel-placement';

const viewport = { width: 1280, height: 800 };
const panel = { width: 300, height: 420 };
/** A control at the page's right edge, as Mews's action buttons are. */
const button = (top: number, height = 27, left = 1044, width = 220): Box => ({ left, top, right: left + width, bottom: top + height });

describe('panel placement: never over a control of the page', () => {
  it('stays at its usual place when nothing is under it', () => {
    expect(panelTop({ viewport, panel, controls: [button(20), button(55)] })).toBe(PANEL_TOP);
  });

  it('moves below the page’s action buttons that it would cover', () => {
    // Edit, Merge, Send message, Add to blocklist: the last two sit where the panel starts.
    const actions = [button(41), button(74), button(107), button(140)];
    expect(panelTop({ viewport, panel, controls: actions })).toBe(140 + 27 + 8);
  });

  it('ignores what lies outside its column, and controls not drawn (no size)', () => {
    const left = button(120, 27, 600, 200);
    const hidden: Box = { left: 1100, top: 200, right: 1100, bottom: 200 };
    expect(panelTop({ viewport, panel, controls: [left, hidden] })).toBe(PANEL_TOP);
  });

  it('keeps its usual place when no lower place leaves enough of it to read (the page then gets focus)', () => {
    const column = Array.from({ length: 20 }, (_, index) => button(100 + index * 36));
    expect(panelTop({ viewport, panel, controls: column })).toBe(PANEL_TOP);
  });

  it('a folded tab finds its own gap', () => {
    const tab = { width: 26, height: 90 };
    const actions = [button(90, 30, 1044, 236), button(250, 30, 1044, 236)];
    expect(panelTop({ viewport, panel: tab, controls: actions })).toBe(90 + 30 + 8);
  });

  it('on the left edge, where the desk moved it, it keeps clear of the left column instead', () => {
    // Mews's navigation links down the left; the right-hand actions no longer matter.
    const nav = [button(90, 30, 0, 200), button(130, 30, 0, 200)];
    const actions = [button(107), button(140)];
    expect(panelTop({ viewport, panel, controls: [...nav, ...actions], side: 'left' })).toBe(130 + 30 + 8);
    expect(panelTop({ viewport, panel, controls: nav, side: 'right' })).toBe(PANEL_TOP);
  });
});
