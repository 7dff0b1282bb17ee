/**
 * The conversation between the content script (which knows the Mews page) and the panel's
 * frame (an extension page, which draws the panel), over an extension port the frame opens
 * with `tabs.connect`. A page script can neither open nor read such a port, unlike
 * `window.postMessage`, which any script in the page can send or forge.
 */
import { isDeskShortcut, type DeskShortcut } from './desk-shortcuts';
import type { GuestPage } from './guest-pages';

/** The port's name: the content script accepts no other. */
export const PANEL_PORT = 'keycard-panel';

/** What the content script posts into its iframe, and the frame sends back first on its port. */
export const KEY_MESSAGE = 'keycard-panel-key';

/** The panel's page in the extension (entrypoints/panel-frame), web-accessible on Mews's pages. */
export const PANEL_PAGE = '/panel-frame.html';

/**
 * The content script tells the frame which guest the page shows, how tall it may grow, and
 * which desk shortcut was pressed in the Mews page (lib/host/desk-shortcuts.ts).
 */
export type HostToFrame =
  | { type: 'guest'; page: GuestPage | null }
  | { type: 'viewport'; maxHeight: number }
  | { type: 'shortcut'; shortcut: DeskShortcut };

/**
 * A {@link HostToFrame} as sent: numbered from 1 by the content script, since each goes down
 * two ways (the port through the worker, and the direct lane, panel-link.ts) and the frame takes
 * whichever copy arrives first.
 */
export type NumberedHostMessage = HostToFrame & { seq: number };

/** The sequence number of a message from the content script, if it has a sane one. */
export function sequenceOf(message: unknown): number | null {
  const seq = (message as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0 ? seq : null;
}

/** The frame tells the content script how big the panel is drawn, so the iframe fits it exactly. */
export interface PanelSize {
  type: 'size';
  width: number;
  height: number;
  /** Folded to the tab: the iframe takes the tab's rounded corners and shadow. */
  collapsed: boolean;
  /** The window edge the desk docked the panel to. */
  side: 'left' | 'right';
}

/** The sender of a port, as the browser names it (the page cannot forge it). */
export interface PortSender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

/** The part of `runtime.Port` both ends use; tests pass their own. */
export interface PanelPort {
  name: string;
  sender?: PortSender;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

const LARGEST = 4096;
const size = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= LARGEST;
const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** A size report, if `message` is a well-formed one. */
export function readPanelSize(message: unknown): PanelSize | null {
  const report = message as Partial<PanelSize> | null;
  if (report?.type !== 'size' || !size(report.width) || !size(report.height)) return null;
  return {
    type: 'size',
    width: Math.ceil(report.width),
    height: Math.ceil(report.height),
    collapsed: report.collapsed === true,
    // Only the two words: the value ends up in the page's CSS (panel-host.ts), never as given.
    side: report.side === 'left' ? 'left' : 'right',
  };
}

/** A message for the frame, if `message` is a well-formed one. */
export function readHostMessage(message: unknown): HostToFrame | null {
  const received = message as { type?: unknown; page?: Partial<GuestPage> | null; maxHeight?: unknown; shortcut?: unknown } | null;
  if (received?.type === 'shortcut') return isDeskShortcut(received.shortcut) ? { type: 'shortcut', shortcut: received.shortcut } : null;
  if (received?.type === 'viewport') return size(received.maxHeight) ? { type: 'viewport', maxHeight: received.maxHeight } : null;
  if (received?.type !== 'guest') return null;
  const page = received.page;
  if (page === null) return { type: 'guest', page: null };
  if ((page?.kind !== 'customer' && page?.kind !== 'reservation') || !text(page.id) || !text(page.enterpriseId)) return null;
  return { type: 'guest', page: { kind: page.kind, id: page.id, enterpriseId: page.enterpriseId, patternName: String(page.patternName ?? '') } };
}
