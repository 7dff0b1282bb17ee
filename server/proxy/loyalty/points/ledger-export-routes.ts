/** The ledger as CSV for a range of the hotel's calendar days (managers). */
import * as v from 'valibot';
import * as s from '../../../../lib/contract';
import { defineRoute, type RouteDefinition } from '../../http/route';
import { exportRange, ledgerCsv, MAX_EXPORT_DAYS } from './ledger-export';
import type { LoyaltyContext } from '../core/deps';
import type { Catalog } from '../programs/catalog';

const tags = ['administration'];

export function createLedgerExportRoutes({ ctx, catalog }: { ctx: LoyaltyContext; catalog: Catalog }): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get', path: '/v1/ledger/export.csv', tags, auth: 'manager', query: s.ExportQuery,
      summary: 'The ledger between two dates (the hotel\'s calendar days, both included) as CSV',
      description: `At most ${MAX_EXPORT_DAYS} days. Columns: date, membership id, membership number, guest name, delta, reason, note, before, after, status, device, device id. Text cells starting with = + - @ are prefixed with '.`,
      responses: { 200: { description: 'RFC 4180 CSV, oldest first', contentType: 'text/csv', schema: v.string() } },
      async handler(c, { query, device }) {
        exportRange(query.from, query.to); // a bad range is a 422 even while Mews is away
        // The books are kept in hotel days: 23:30 in Prague on the 31st belongs to the 31st.
        // A portfolio manager's: their enterprise's days, their chain's memberships.
        const { TimeZoneIdentifier, ChainId } = await catalog.enterpriseOf(device);
        const chainId = ctx.mews.portfolio ? ChainId : undefined;
        const range = exportRange(query.from, query.to, TimeZoneIdentifier);
        return new Response(ledgerCsv(ctx.store.db, range, undefined, TimeZoneIdentifier, chainId), {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="keycard-ledger-${query.from}-${query.to}.csv"`,
            'Cache-Control': 'no-store',
          },
        });
      },
    }),
  ];
}
