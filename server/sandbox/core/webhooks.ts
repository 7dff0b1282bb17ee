/**
 * Mews general webhooks (FACTS §15): on customers/add and customers/update (CustomerAdded,
 * CustomerUpdated) and on every change of a reservation or its order items (ServiceOrderUpdated,
 * with the reservation's id: wh-general.md) the sandbox POSTs
 * `{EnterpriseId, IntegrationId, Events:[{Discriminator, Value:{Id}}]}` to every registered URL.
 * Events raised by one request go out together in one message, as Mews batches them.
 * Delivery is fire-and-forget: failures are ignored, nothing is retried. To play the real Mews's
 * habits (FACTS §15: a lag of minutes, retries), `delayMs` holds each message back and
 * `redeliver` sends it that many extra times; integration webhooks (`{Action, Data}`,
 * wh-integration.md) go to the same URLs.
 */
import { ENTERPRISE_ID, INTEGRATION_ID } from './enterprise.ts';

/** One general-webhook event. */
export interface WebhookEvent {
  Discriminator: 'CustomerAdded' | 'CustomerUpdated' | 'ServiceOrderUpdated';
  Value: { Id: string };
}

/** Registered URLs and the delivery of event batches. */
export class Webhooks {
  private readonly urls = new Set<string>();
  /** Deliveries in flight, so tests and shutdown can wait for them. */
  private readonly inFlight = new Set<Promise<void>>();
  private delivery = { delayMs: 0, redeliver: 0 };

  /** How messages go out from now on: held back `delayMs`, then sent 1 + `redeliver` times. */
  configure(delivery: { delayMs?: number; redeliver?: number }): { delayMs: number; redeliver: number } {
    this.delivery = { delayMs: Math.max(0, delivery.delayMs ?? 0), redeliver: Math.max(0, Math.floor(delivery.redeliver ?? 0)) };
    return this.delivery;
  }

  /** Registers a URL (http or https). Returns false when it is not one. */
  register(url: string): boolean {
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    } catch {
      return false;
    }
    this.urls.add(url);
    return true;
  }

  /** Removes every registered URL and plays deliveries straight again. */
  clear(): void {
    this.urls.clear();
    this.delivery = { delayMs: 0, redeliver: 0 };
  }

  /** The registered URLs. */
  list(): string[] {
    return [...this.urls];
  }

  /** Sends one message with `events` to every URL, without waiting. */
  send(events: WebhookEvent[]): void {
    if (!events.length) return;
    this.deliver(JSON.stringify({ EnterpriseId: ENTERPRISE_ID, IntegrationId: INTEGRATION_ID, Events: events }));
  }

  /** Sends an integration webhook (`IntegrationDisabled`, `IntegrationEnabled`, ...) for this sandbox's integration. */
  sendIntegration(action: string, data: Record<string, unknown> = {}): void {
    this.deliver(JSON.stringify({ Action: action, Data: { Integration: { Id: INTEGRATION_ID, Name: 'Keycard' }, ...data } }));
  }

  private deliver(body: string): void {
    const { delayMs, redeliver } = this.delivery;
    for (const url of this.urls) {
      for (let copy = 0; copy <= redeliver; copy++) {
        const p = new Promise<void>((resolve) => setTimeout(resolve, delayMs * (copy + 1)))
          .then(() => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5_000) }))
          .then((r) => void r.body?.cancel().catch(() => {}))
          .catch(() => {})
          .finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
    }
  }

  /** Resolves when every delivery started so far has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}
