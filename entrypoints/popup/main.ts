/**
 * popup.html draws the search box itself (it takes focus and typing at once); the app that
 * searches (app.tsx: Preact, the catalogue, the model, ~160 kB of script) loads after that first
 * frame, so the desk sees the box as soon as a one-line page would paint (issue 19: the script
 * ran before the first paint and held it back by ~40 ms). Anything typed meanwhile is kept. The
 * box's look is inlined in popup.html; the rest of the popup's stylesheets come with the app,
 * which runs once they are applied (they held the first frame back by 10–16 ms).
 */
requestAnimationFrame(() => setTimeout(() => void import('./app')));
