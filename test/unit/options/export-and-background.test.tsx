import { act, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { OptionsPage } from '@/components/options/OptionsPage';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import { createManagerHandlers } from '@/lib/background/manager/manager-handlers';
import { BackfillModel } from '@/lib/models/backfill';
import { EarningRulesModel } from '@/lib/models/earning-rules';
import { LedgerExportModel } from '@/lib/models/ledger-export';
import { OptionsModel } from '@/lib/models/options-model';
import { ProgramsAdminModel } from '@/lib/models/programs-admin';
import { fakeProxy, problem } from '../support/fake-proxy';
import { deskContext, deskStatus, ok, program, scriptedSend } from '../support/fixtures';
import { click, settle, type } from '../support/manager-ui';

type Script = Parameters<typeof scriptedSend>[0];
const managerDevice = { ...deskContext().device, name: 'Front office', role: 'manager' as const };

async function openOptions(role: 'desk' | 'manager', script: Script = {}) {
  const background = scriptedSend({
    getStatus: () => ok(deskStatus({ device: role === 'manager' ? managerDevice : deskContext().device })),
    mewsOperationsUrl: () => ok({ url: 'https://app.mews.com' }),
    getPrograms: () => ok([program()]),
    getContext: () => ok(deskContext()),
    getEarning: () => ok({ earning: null }),
    ...script,
  });
  const save = vi.fn();
  const model = new OptionsModel({ send: background.send });
  const manager = {
    admin: new ProgramsAdminModel({ send: background.send }),
    exporter: new LedgerExportModel({ send: background.send, save, today: () => new Date(2026, 2, 17) }),
    earning: new EarningRulesModel({ send: background.send }),
    backfill: new BackfillModel({ send: background.send, today: () => new Date(2026, 2, 17) }),
  };
  render(<OptionsPage model={model} manager={manager} />);
  await act(async () => {
    await model.load();
    await settle();
  });
  return { calls: background.calls, save };
}

describe('Options page: manager tools by role', () => {
  it('a desk device sees neither Programs nor the ledger export, and is told why', async () => {
    const { calls } = await openOptions('desk');
    expect(screen.queryByRole('region', { name: 'Programs' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Export CSV' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Credit past stays' })).toBeNull();
    expect(screen.getByText(/managers only/)).toBeTruthy();
    expect(calls.some((c) => c.type === 'getPrograms' || c.type === 'getEarning')).toBe(false);
  });

  it('exports the ledger: the background fetches the CSV, the page saves it as a file', async () => {
    const csv = 'date,membership id\r\n2026-03-02T11:05:00Z,mem-1\r\n';
    const { calls, save } = await openOptions('manager', {
      exportLedger: (message) => ok({ csv, filename: `keycard-ledger-${message.from}-${message.to}.csv` }),
    });
    const form = screen.getByRole('form', { name: 'Ledger export' });
    expect((within(form).getByLabelText('From') as HTMLInputElement).value).toBe('2026-03-01');
    expect((within(form).getByLabelText('To') as HTMLInputElement).value).toBe('2026-03-17');
    await type(within(form).getByLabelText('From'), '2026-03-02');
    await click(within(form).getByRole('button', { name: 'Export CSV' }));
    expect(calls.find((c) => c.type === 'exportLedger')).toEqual({ type: 'exportLedger', from: '2026-03-02', to: '2026-03-17' });
    expect(save).toHaveBeenCalledWith(csv, 'keycard-ledger-2026-03-02-2026-03-17.csv');
    expect(within(form).getByRole('status').textContent).toBe('Saved keycard-ledger-2026-03-02-2026-03-17.csv.');
  });

  it('refuses a From date after the To date without asking the background', async () => {
    const { calls, save } = await openOptions('manager');
    const form = screen.getByRole('form', { name: 'Ledger export' });
    await type(within(form).getByLabelText('From'), '2026-04-01');
    await click(within(form).getByRole('button', { name: 'Export CSV' }));
    expect(within(form).getByRole('alert').textContent).toBe('The From date must not be after the To date.');
    expect(calls.some((c) => c.type === 'exportLedger')).toBe(false);
    expect(save).not.toHaveBeenCalled();
  });

  it('saves through a Blob URL and an <a download>, with no downloads permission', async () => {
    const { saveCsvFile } = await import('@/lib/models/ledger-export');
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:keycard/1');
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('ledger.csv');
      expect(this.href).toBe('blob:keycard/1');
    });
    saveCsvFile('a,b\r\n', 'ledger.csv');
    expect(created.mock.calls[0]![0]).toBeInstanceOf(Blob);
    expect(clicked).toHaveBeenCalledOnce();
    expect(document.querySelector('a[download]')).toBeNull();
    created.mockRestore();
    clicked.mockRestore();
  });
});

describe('Background: manager messages', () => {
  function handlersWith(routes: Parameters<typeof fakeProxy>[0]) {
    const proxy = fakeProxy(routes);
    const client = createProxyClient({ proxyUrl: 'http://proxy.test', token: 'tok', fetch: proxy.fetch });
    const refreshContext = vi.fn(async () => {});
    const handlers = createManagerHandlers({ asDevice: (run) => run(client), refreshContext });
    return { handlers, proxy, refreshContext };
  }

  it('sends a membership change as PATCH with the idempotency key', async () => {
    const { handlers, proxy } = handlersWith({
      'PATCH /v1/memberships/mem-1': () => ({ status: 200, body: { id: 'mem-1', state: 'Canceled' } }),
    });
    const answer = await handlers.updateMembership({ type: 'updateMembership', membershipId: 'mem-1', changes: { state: 'Canceled' }, idempotencyKey: 'k-1' });
    expect(answer.ok).toBe(true);
    expect(proxy.seen[0]).toMatchObject({ method: 'PATCH', body: { state: 'Canceled' }, headers: { 'idempotency-key': 'k-1' } });
  });

  it("passes Mews's refusal through as the message, and refreshes the context only after a success", async () => {
    const { handlers, refreshContext } = handlersWith({
      'POST /v1/programs': () => ({ status: 422, body: problem(422, 'Mews refused the change', 'A loyalty program with the code "KR" already exists.') }),
      'DELETE /v1/programs/prog-1': () => ({ status: 204 }),
    });
    const fields = { name: 'Rewards', code: 'KR', type: 'Hotel' as const, subscription: 'Free' as const, retierMode: 'up' as const };
    const refused = await handlers.createProgram({ type: 'createProgram', fields, idempotencyKey: 'k-2' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid', message: 'A loyalty program with the code "KR" already exists.' } });
    expect(refreshContext).not.toHaveBeenCalled();
    const deleted = await handlers.deleteProgram({ type: 'deleteProgram', programId: 'prog-1', idempotencyKey: 'k-3' });
    expect(deleted).toEqual({ ok: true, data: { deleted: true } });
    expect(refreshContext).toHaveBeenCalledOnce();
  });

  it('a desk device is refused by the proxy (403), and an unreachable proxy queues nothing', async () => {
    const { handlers, proxy } = handlersWith({
      'DELETE /v1/memberships/mem-1': () => ({ status: 403, body: problem(403, 'Forbidden', 'This action needs a manager device.') }),
      'PATCH /v1/memberships/mem-1': () => 'network-down',
    });
    const forbidden = await handlers.deleteMembership({ type: 'deleteMembership', membershipId: 'mem-1', idempotencyKey: 'k-4' });
    expect(forbidden).toMatchObject({ ok: false, error: { kind: 'forbidden', message: 'This action needs a manager device.' } });
    const offline = await handlers.updateMembership({ type: 'updateMembership', membershipId: 'mem-1', changes: { isPrimary: true }, idempotencyKey: 'k-5' });
    expect(offline).toEqual({
      ok: false,
      error: {
        kind: 'unreachable',
        message: 'Keycard server unreachable — manager changes need a connection. Nothing was changed; try again when it is back.',
        text: { key: 'failure.managerOffline' },
      },
    });
    expect(proxy.seen.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('asks for one ledger page with limit and cursor, and hands the CSV over as text', async () => {
    const { handlers, proxy } = handlersWith({
      'GET /v1/memberships/mem-1/adjustments': () => ({ status: 200, body: { adjustments: [], nextBefore: null } }),
    });
    await handlers.getLedgerPage({ type: 'getLedgerPage', membershipId: 'mem-1', limit: 10, before: 'c-1' });
    expect(proxy.seen[0]!.path).toBe('/v1/memberships/mem-1/adjustments');
    const csvFetch = async () =>
      new Response('date,delta\r\n', { headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="keycard-ledger-2026-03-01-2026-03-31.csv"' } });
    const client = createProxyClient({ proxyUrl: 'http://proxy.test', token: 'tok', fetch: csvFetch as typeof fetch });
    const exporter = createManagerHandlers({ asDevice: (run) => run(client), refreshContext: async () => {} });
    expect(await exporter.exportLedger({ type: 'exportLedger', from: '2026-03-01', to: '2026-03-31' })).toEqual({
      ok: true,
      data: { csv: 'date,delta\r\n', filename: 'keycard-ledger-2026-03-01-2026-03-31.csv' },
    });
    expect(await exporter.exportLedger({ type: 'exportLedger', from: '2026-03-31', to: '2026-03-01' })).toMatchObject({ ok: false, error: { kind: 'invalid' } });
  });
});
