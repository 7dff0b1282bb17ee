import { describe, expect, it } from 'vitest';
import { keepMounted } from '@/lib/host';

const mutationsDelivered = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('keepMounted', () => {
  it('puts the panel back when the host page throws it away, until aborted', async () => {
    const host = document.createElement('keycard-panel');
    document.body.append(host);
    const controller = new AbortController();
    let remounts = 0;
    keepMounted(host, () => {
      remounts++;
      document.body.append(host);
    }, controller.signal);

    document.body.innerHTML = '<main>Mews redrew the page</main>';
    await mutationsDelivered();
    expect(remounts).toBe(1);
    expect(host.isConnected).toBe(true);

    controller.abort();
    host.remove();
    await mutationsDelivered();
    expect(remounts).toBe(1);
  });
});
