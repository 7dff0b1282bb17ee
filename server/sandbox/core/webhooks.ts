/**
 * Mews general webhooks (FACTS §15): on customers/add and customers/update (CustomerAdded,
 * CustomerUpdated) and on every change of a reservation or its order items (ServiceOrderUpdated,
 * with the reservation's id: wh-general.md) the sandbox POSTs
 * `{EnterpriseId, IntegrationId, Events:[{Discriminator, Value:{Id}}]}` to every registered URL.
 * Events raised by one request go out together in one message, as Mews batches them.
 * Delivery is fire-and-forget: failures are ignored, nothing is retried.
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

  /** Removes every registered URL. */
  clear(): void {
    this.urls.clear();
  }

  /** The registered URLs. */
  list(): string[] {
    return [...this.urls];
  }

  /** Sends one message with `events` to every URL, without waiting. */
  send(events: WebhookEvent[]): void {
    if (!events.length) return;
    const body = JSON.stringify({ EnterpriseId: ENTERPRISE_ID, IntegrationId: INTEGRATION_ID, Events: events });
    for (const url of this.urls) {
      const p = fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(5_000),
      })
        .then((r) => void r.body?.cancel().catch(() => {}))
        .catch(() => {})
        .finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  /** Resolves when every delivery started so far has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}
