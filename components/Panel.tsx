/** The Keycard panel beside Mews Operations. Renders only; all data comes from its model. */
export function Panel() {
  return (
    <aside class="keycard" aria-label="Keycard loyalty">
      <h2>Keycard</h2>
      <p data-field="state">Not paired yet — open Keycard options to pair this desk.</p>
    </aside>
  );
}
