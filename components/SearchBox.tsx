/** The popup's member search field. */
export function SearchBox() {
  return (
    <main style={{ width: '360px', padding: '12px', font: '14px system-ui, sans-serif' }}>
      <label>
        Search members
        <input type="search" autoFocus placeholder="Name, email or membership number" style={{ display: 'block', width: '100%', marginTop: '4px' }} />
      </label>
    </main>
  );
}
