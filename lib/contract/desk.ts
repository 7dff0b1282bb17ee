/**
 * The desk's own shapes in the v1 API: a paired device, the context a desk starts from, and
 * RFC 9457 problems (every proxy error).
 */
import * as v from 'valibot';
import { ProgramSchema } from './loyalty';
import { DEVICE_ROLES, MEWS_INTEGRATION_STATES } from './vocabulary';

export const DeviceSchema = v.object({
  id: v.string(),
  name: v.string(),
  role: v.picklist(DEVICE_ROLES),
  createdAt: v.string(),
  lastSeenAt: v.nullable(v.string()),
  revokedAt: v.nullable(v.string()),
});
export type Device = v.InferOutput<typeof DeviceSchema>;

export const DeskContextSchema = v.object({
  enterprise: v.object({ id: v.string(), name: v.string(), timeZone: v.string(), currency: v.string() }),
  chain: v.object({ id: v.string(), name: v.string() }),
  programs: v.array(ProgramSchema),
  device: DeviceSchema,
  /** Largest |delta| a desk device may apply in one adjustment. */
  deskAdjustmentLimit: v.number(),
  /** Whether Mews has the Keycard integration enabled; otherwise desks see cached data only (absent: enabled). */
  mewsIntegration: v.optional(v.picklist(MEWS_INTEGRATION_STATES)),
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
