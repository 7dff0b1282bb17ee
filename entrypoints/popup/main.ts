import '../panel-frame/style.css';
import './style.css';

/**
 * popup.html draws the search box itself (it takes focus and typing at once); the app that
 * searches (app.tsx: Preact, the catalogue, the model, ~160 kB of script) loads after that first
 * frame, so the desk sees the box as soon as a one-line page would paint (issue 19: the script
 * ran before the first paint and held it back by ~40 ms). Anything typed meanwhile is kept.
 */
requestAnimationFrame(() => setTimeout(() => void import('./app')));
