import { render } from 'preact';
import { OptionsPage } from '@/components/options/OptionsPage';
import { sendToBackground } from '@/lib/models/send-to-background';
import { createLedgerExport } from '@/lib/models/ledger-export';
import { createOptionsModel } from '@/lib/models/options-model';
import { createProgramsAdmin } from '@/lib/models/programs-admin';
import { createSyncProgress } from '@/lib/models/sync-progress';
import './style.css';

const model = createOptionsModel({ send: sendToBackground });
void model.load();
const sync = createSyncProgress({ send: sendToBackground });
sync.watch();
const manager = { admin: createProgramsAdmin({ send: sendToBackground }), exporter: createLedgerExport({ send: sendToBackground }) };
render(<OptionsPage model={model} sync={sync} manager={manager} />, document.getElementById('app')!);
