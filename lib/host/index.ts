/**
 * Host-page detection (which Mews Operations page shows which guest), apart from any feature,
 * and the panel's place in that page: a closed host element holding the panel's frame, the
 * port between the two, and how long the panel lives.
 */
export { findGuestPage, guestPageUrl, MEWS_GUEST_PAGES, sameGuestPage, SHIPPED_OPERATIONS_URL } from './guest-pages';
export { findGuestInHeading } from './guest-in-heading';
export { readServedRules, SERVED_RULES_KEY, SHIPPED_RULES } from './served-rules';
export type { ServedRules } from './served-rules';
export type { GuestPage, GuestPageKind, GuestPagePattern } from './guest-pages';
export { locationChanges, watchGuestPage } from './watch-guest-page';
export type { GuestPageWatch, GuestPageWatchOptions } from './watch-guest-page';
export { keepMounted } from './keep-mounted';
export { keepClear } from './keep-clear';
export type { KeepClear, KeepClearOptions } from './keep-clear';
export { PANEL_TOP, panelTop } from './panel-placement';
export type { Box } from './panel-placement';
export { DESK_SHORTCUTS, deskShortcut, isDeskShortcut } from './desk-shortcuts';
export type { DeskShortcut } from './desk-shortcuts';
export { createPanelHost } from './panel-host';
export type { PanelHost, PanelHostOptions } from './panel-host';
export { linkPanelFrame } from './panel-link';
export type { PanelLink, PanelLinkOptions, PortEvent } from './panel-link';
export { linkToHost, reportPanelSize } from './frame-link';
export type { FrameLink, FrameLinkOptions } from './frame-link';
export { panelLifetime } from './panel-lifetime';
export type { PanelLifetime } from './panel-lifetime';
export { PANEL_PAGE, PANEL_PORT } from './panel-port';
export type { HostToFrame, PanelPort, PanelSize } from './panel-port';
