import type { Hono } from 'hono';
import type { SandboxEnv, SandboxState } from '../state.ts';
/** Placeholder until the pages land. */
export function registerPages(_app: Hono<SandboxEnv>, _state: SandboxState): void {}
