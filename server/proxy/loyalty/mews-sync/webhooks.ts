/**
 * Mews webhooks (`POST /mews/webhooks?token=…`). Mews wants a 2xx within 5 s and the payload
 * carries ids only, so the receiver checks the shared secret and the shape, answers 202, and
 * afterwards refreshes the guests named by CustomerAdded/CustomerUpdated in one batched
 * `customers/getAll` (duplicates folded). Only guests Keycard mirrors are fetched: the mirror
 * holds members and looked-up guests, not the whole hotel.
 *
 * The same URL may also receive Mews's integration webhooks (`{Action, Data}`, one event per
 * message: wh-integration.md); they set the integration's state (core/integration.ts). A
 * general webhook for another enterprise than the one this proxy serves is accepted and
 * ignored. Mews retries and lags (2–5 minutes): every action taken here is idempotent.
 */
import * as v from 'valibot';
import { badRequest, notFound, unauthorized } from '../../http/problems';
import { issuesToFieldProblems } from '../../http/validate';
import { sameSecret } from '../../http/shared-secret';
import { chunk, collectAll } from '../../mews/paginate';
import type { LoyaltyContext } from '../core/deps';
import { createIdQueue } from '../core/id-queue';
import { mirroredAccounts, upsertCustomers } from '../../store/mirror-repository';
import { applyIntegrationWebhook, IntegrationWebhookSchema } from '../core/integration';

export const GeneralWebhookSchema = v.object({
  EnterpriseId: v.optional(v.nullable(v.string())),
  IntegrationId: v.optional(v.nullable(v.string())),
  Events: v.pipe(
    v.array(v.object({
      Discriminator: v.pipe(v.string(), v.minLength(1)),
      Value: v.optional(v.nullable(v.looseObject({ Id: v.optional(v.nullable(v.string())) }))),
    })),
    v.maxLength(10_000),
  ),
});

const CUSTOMER_EVENTS = new Set(['CustomerAdded', 'CustomerUpdated']);


export interface WebhookReceiver {
  /** Checks token and payload (throws 404/401/400 problems) and queues the refresh. */
  accept(token: string | undefined, body: unknown): { queued: number };
  /** Resolves when every queued refresh is done (tests; shutdown). */
  drain(): Promise<void>;
}

/** What other capabilities do with the events that are not about guests. */
export interface WebhookListeners {
  /** Reservation ids from ServiceOrderUpdated (the stays follower settles them). */
  serviceOrdersUpdated?: (ids: string[]) => void;
  /** Whether this proxy serves the enterprise a general webhook names; those naming another are ignored. */
  serves?: (enterpriseId: string) => Promise<boolean>;
}

export function createWebhookReceiver(ctx: LoyaltyContext, listeners: WebhookListeners = {}): WebhookReceiver {
  async function refresh(ids: string[]): Promise<void> {
    const { db } = ctx.store;
    const known = await mirroredAccounts(db, ids);
    for (const part of chunk([...known])) {
      const customers = await collectAll(ctx.mews, 'customers/getAll', { CustomerIds: part, Extent: { Customers: true } }, 'Customers');
      await upsertCustomers(db, customers, ctx.now().toISOString());
    }
  }

  const guestRefresh = createIdQueue({ windowMs: ctx.config.coalesceWindowMs, log: ctx.log, what: 'webhook refresh of guests', work: refresh });
  const pending = new Set<Promise<void>>();
  /** Work done after answering Mews; failures are logged (Mews does not resend a 2xx). */
  const later = (what: string, work: () => Promise<void>) => {
    const p = work().catch((error: unknown) => ctx.log.warn({ err: error instanceof Error ? error.message : String(error) }, what))
      .finally(() => pending.delete(p));
    pending.add(p);
  };

  function dispatch(events: { guests: Set<string>; serviceOrders: Set<string> }): void {
    guestRefresh.add(events.guests);
    if (events.serviceOrders.size > 0) listeners.serviceOrdersUpdated!([...events.serviceOrders]);
  }

  return {
    accept(token, body) {
      const expected = ctx.config.webhookToken;
      if (!expected) throw notFound('Mews webhooks are not enabled on this proxy.');
      if (!token || !sameSecret(token, expected)) throw unauthorized('Unknown webhook token.');
      if (body && typeof body === 'object' && 'Action' in body) {
        const integration = v.safeParse(IntegrationWebhookSchema, body, { abortEarly: false });
        if (!integration.success) {
          throw badRequest('Not a Mews integration webhook payload.', { errors: issuesToFieldProblems(integration.issues) });
        }
        later('integration webhook failed', () => applyIntegrationWebhook(ctx, integration.output));
        return { queued: 1 };
      }
      const parsed = v.safeParse(GeneralWebhookSchema, body, { abortEarly: false });
      if (!parsed.success) {
        throw badRequest('Not a Mews general webhook payload.', { errors: issuesToFieldProblems(parsed.issues) });
      }
      const guests = new Set<string>();
      const serviceOrders = new Set<string>();
      for (const event of parsed.output.Events) {
        const id = event.Value?.Id;
        if (CUSTOMER_EVENTS.has(event.Discriminator) && id) guests.add(id);
        else if (event.Discriminator === 'ServiceOrderUpdated' && id && listeners.serviceOrdersUpdated) serviceOrders.add(id);
      }
      const events = { guests, serviceOrders };
      const named = parsed.output.EnterpriseId;
      if (named && listeners.serves) {
        // Checked after answering: the enterprise comes from Mews (cached), not worth a slow 2xx.
        later('webhook enterprise check failed', async () => {
          if (!(await listeners.serves!(named))) ctx.log.warn({ enterpriseId: named }, 'webhook for another enterprise ignored');
          else dispatch(events);
        });
      } else {
        dispatch(events);
      }
      return { queued: guests.size + serviceOrders.size };
    },
    async drain() {
      await Promise.all([...pending]);
      await guestRefresh.drain();
    },
  };
}
