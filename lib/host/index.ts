/** Host-page detection: which Mews Operations page shows which guest. Apart from any feature. */
export { findGuestPage, guestPageUrl, MEWS_GUEST_PAGES } from './guest-pages';
export type { GuestPage, GuestPageKind, GuestPagePattern } from './guest-pages';
export { watchGuestPage } from './watch-guest-page';
export type { GuestPageWatchOptions } from './watch-guest-page';
export { keepMounted } from './keep-mounted';
export { createPanelHost } from './panel-host';
export type { PanelHost, PanelHostOptions } from './panel-host';
