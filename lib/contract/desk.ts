/**
 * The desk's own shapes in the v1 API: a paired device, the context a desk starts from, and
 * RFC 9457 problems (every proxy error).
 */
import * as v from 'valibot';
import { GUEST_PAGE_KINDS, guestPagesProblem } from './guest-pages';
import { ProgramSchema } from './loyalty';
import { DEVICE_ROLES, MEWS_INTEGRATION_STATES } from './vocabulary';

export const DeviceSchema = v.object({
  id: v.string(),
  name: v.string(),
  role: v.picklist(DEVICE_ROLES),
  createdAt: v.string(),
  lastSeenAt: v.nullable(v.string()),
  revokedAt: v.nullable(v.string()),
  /** The enterprise a portfolio proxy paired this device to (absent: the proxy's one, or first, enterprise). */
  enterpriseId: v.optional(v.string()),
});
export type Device = v.InferOutput<typeof DeviceSchema>;

/** Rules that find the guest on a Mews Operations page (guest-pages.ts says what makes one good). */
export const GuestPagesSchema = v.pipe(
  v.array(v.object({ name: v.string(), pattern: v.string(), kind: v.picklist(GUEST_PAGE_KINDS) })),
  v.rawCheck(({ dataset, addIssue }) => {
    const problem = dataset.typed ? guestPagesProblem(dataset.value) : null;
    if (problem) addIssue({ message: problem });
  }),
);

export const DeskContextSchema = v.object({
  enterprise: v.object({ id: v.string(), name: v.string(), timeZone: v.string(), currency: v.string() }),
  chain: v.object({ id: v.string(), name: v.string() }),
  programs: v.array(ProgramSchema),
  device: DeviceSchema,
  /** Largest |delta| a desk device may apply in one adjustment. */
  deskAdjustmentLimit: v.number(),
  /** Whether Mews has the Keycard integration enabled; otherwise desks see cached data only (absent: enabled). */
  mewsIntegration: v.optional(v.picklist(MEWS_INTEGRATION_STATES)),
  /** Where "Open in Mews" goes: this hotel's Mews Operations, e.g. https://app.mews.com (absent: an older proxy). */
  operationsUrl: v.optional(v.pipe(v.string(), v.url())),
  /** The rules that find the guest on a Mews page (absent: the extension's own defaults). */
  guestPages: v.optional(GuestPagesSchema),
  /** False when the hotel turned the in-page panel off (`npm run keycard -- panel off`); absent: on. */
  panelEnabled: v.optional(v.boolean()),
  /** How often a desk asks for this context again, in seconds (absent: 60). */
  contextRefreshSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60))),
});
export type DeskContext = v.InferOutput<typeof DeskContextSchema>;

/** RFC 9457 problem details, as every proxy error is returned; extensions ride along. */
export const ProblemSchema = v.looseObject({
  type: v.string(),
  title: v.string(),
  status: v.number(),
  detail: v.optional(v.string()),
  /** Field-level problems, `pointer` as JSON Pointer (e.g. `/delta`). */
  errors: v.optional(v.array(v.object({ pointer: v.string(), detail: v.string() }))),
});
export type Problem = v.InferOutput<typeof ProblemSchema>;
