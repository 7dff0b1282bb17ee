import { render } from 'preact';

function Options() {
  return (
    <main style={{ maxWidth: '520px', margin: '24px auto', font: '14px system-ui, sans-serif' }}>
      <h1>Keycard</h1>
      <label>Proxy URL <input type="url" defaultValue="http://127.0.0.1:8787" /></label>
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
