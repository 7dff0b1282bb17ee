/**
 * The Keycard integration's state in Mews, as Mews's integration webhooks tell it
 * (wh-integration.md: `{Action, Data}`, sent to the same URL as the general webhooks). While the
 * integration is disabled, canceled or deleted, Mews refuses its token: the poller and the stays
 * follower stand still instead of failing every pass, and desks are told why nothing is fresh
 * (`/v1/context` → `mewsIntegration`). Enabled or reinstated starts them again. Kept in the store,
 * so every proxy instance follows one state.
 */
import * as v from 'valibot';
import { MEWS_INTEGRATION_STATES, type MewsIntegrationState } from '../../../../lib/contract';
import { recordAudit } from '../../store/audit';
import { saveSyncStateValue, syncStateValue } from '../../store/sync-state-repository';
import type { LoyaltyContext } from './deps';

const KEY = 'mews_integration';

export const INTEGRATION_ACTIONS = [
  'IntegrationCreated', 'IntegrationEnabled', 'IntegrationDisabled', 'IntegrationCanceled',
  'IntegrationReinstated', 'IntegrationDeleted', 'IntegrationApiKeyCreated',
] as const;

export const IntegrationWebhookSchema = v.object({
  Action: v.picklist(INTEGRATION_ACTIONS),
  Data: v.looseObject({
    Integration: v.optional(v.nullable(v.looseObject({ Id: v.optional(v.nullable(v.string())), Name: v.optional(v.nullable(v.string())) }))),
    IsEnabled: v.optional(v.nullable(v.boolean())),
    ApiKey: v.optional(v.nullable(v.string())),
  }),
});
export type IntegrationWebhook = v.InferOutput<typeof IntegrationWebhookSchema>;

/** The state each action leaves the integration in (the API key event changes none). */
function stateAfter(event: IntegrationWebhook): MewsIntegrationState | undefined {
  switch (event.Action) {
    case 'IntegrationCreated': return event.Data.IsEnabled === false ? 'disabled' : 'enabled';
    case 'IntegrationEnabled':
    case 'IntegrationReinstated': return 'enabled';
    case 'IntegrationDisabled': return 'disabled';
    case 'IntegrationCanceled': return 'canceled';
    case 'IntegrationDeleted': return 'deleted';
    default: return undefined;
  }
}

/** The integration's state as last told; `enabled` until Mews says otherwise. */
export async function mewsIntegrationState(ctx: Pick<LoyaltyContext, 'store'>): Promise<MewsIntegrationState> {
  const value = await syncStateValue(ctx.store.db, KEY);
  return (MEWS_INTEGRATION_STATES as readonly string[]).includes(value ?? '') ? (value as MewsIntegrationState) : 'enabled';
}

/** Whether Keycard may call Mews in the background (polls); desks' own requests still try. */
export async function mewsIntegrationActive(ctx: Pick<LoyaltyContext, 'store'>): Promise<boolean> {
  return (await mewsIntegrationState(ctx)) === 'enabled';
}

/**
 * Applies one integration webhook. A regenerated API key is taken into use at once by this
 * instance (Mews stops accepting the old one); the key itself is never stored or logged, so
 * other instances and the next start need `MEWS_ACCESS_TOKEN` updated, as the log says.
 */
export async function applyIntegrationWebhook(ctx: LoyaltyContext, event: IntegrationWebhook): Promise<void> {
  const state = stateAfter(event);
  const now = ctx.now();
  if (state) await saveSyncStateValue(ctx.store.db, KEY, state);
  if (event.Action === 'IntegrationApiKeyCreated' && event.Data.ApiKey) {
    ctx.mews.useAccessToken(event.Data.ApiKey);
    ctx.log.warn({}, 'Mews regenerated the integration access token: this instance uses it now; set MEWS_ACCESS_TOKEN to it before the next start and on every other instance');
  } else if (state && state !== 'enabled') {
    ctx.log.warn({ action: event.Action }, 'Mews integration is not enabled: background polling stands still until Mews enables it again');
  }
  await recordAudit(ctx.store.db, { device: null, action: 'mews.integration', subjectId: event.Data.Integration?.Id ?? null, after: { action: event.Action, state: state ?? null }, at: now });
}
