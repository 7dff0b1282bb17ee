import { deskLanguageReady, followDeskLanguage } from '@/lib/i18n/desk-language';
import { render } from 'preact';
import { OptionsPage } from '@/components/options/OptionsPage';
import { sendToBackground } from '@/lib/models/send-to-background';
import { BackfillModel } from '@/lib/models/backfill';
import { EarningRulesModel } from '@/lib/models/earning-rules';
import { LedgerExportModel } from '@/lib/models/ledger-export';
import { OptionsModel } from '@/lib/models/options-model';
import { ProgramsAdminModel } from '@/lib/models/programs-admin';
import { ProgramConnectionModel } from '@/lib/models/program-connection';
import { SyncProgressModel } from '@/lib/models/sync-progress';
import './style.css';

// The desk's language with the options page's words, and any change made here while this page is open.
followDeskLanguage({ options: true });

// The page's models live as long as the page: nothing to dispose before it unloads.
const model = new OptionsModel({ send: sendToBackground });
void model.load();
const sync = new SyncProgressModel({ send: sendToBackground });
sync.watch();
const admin = new ProgramsAdminModel({ send: sendToBackground });
const manager = {
  admin,
  connection: new ProgramConnectionModel({ send: sendToBackground, reload: () => admin.load() }),
  exporter: new LedgerExportModel({ send: sendToBackground }),
  earning: new EarningRulesModel({ send: sendToBackground }),
  backfill: new BackfillModel({ send: sendToBackground }),
};
// Drawn once its words are here (English's options part, and the desk's language's, load.ts).
void deskLanguageReady().then(() => render(<OptionsPage model={model} sync={sync} manager={manager} />, document.getElementById('app')!));
