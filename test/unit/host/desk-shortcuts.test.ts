import { describe, expect, it } from 'vitest';
import { DESK_SHORTCUTS, deskShortcut, isDeskShortcut } from '@/lib/host/desk-shortcuts';

const press = (code: string, mods: Partial<Record<'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) => ({
  code,
  altKey: false,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('desk shortcuts', () => {
  it('Alt+Shift+L opens the panel, Alt+Shift+P adjusts points, whatever the layout types', () => {
    expect(deskShortcut(press('KeyL', { altKey: true, shiftKey: true }))).toBe('focus');
    expect(deskShortcut(press('KeyP', { altKey: true, shiftKey: true }))).toBe('adjust');
  });

  it('leaves every other key to Mews', () => {
    expect(deskShortcut(press('KeyP', { shiftKey: true }))).toBeNull();
    expect(deskShortcut(press('KeyP', { altKey: true }))).toBeNull();
    expect(deskShortcut(press('KeyP', { altKey: true, shiftKey: true, ctrlKey: true }))).toBeNull();
    expect(deskShortcut(press('KeyP', { altKey: true, shiftKey: true, metaKey: true }))).toBeNull();
    expect(deskShortcut(press('KeyK', { altKey: true, shiftKey: true }))).toBeNull();
  });

  it('the help names each shortcut once', () => {
    expect(DESK_SHORTCUTS.map((entry) => entry.shortcut).sort()).toEqual(['adjust', 'focus']);
    expect(DESK_SHORTCUTS.every((entry) => isDeskShortcut(entry.shortcut))).toBe(true);
    expect(isDeskShortcut('reload')).toBe(false);
  });
});
