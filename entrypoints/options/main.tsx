import { render } from 'preact';
import { OptionsPage } from '@/components/OptionsPage';
import { sendToBackground } from '@/lib/messages';
import { createOptionsModel } from '@/lib/models/options-model';
import { createSyncProgress } from '@/lib/models/sync-progress';
import './style.css';

const model = createOptionsModel({ send: sendToBackground });
void model.load();
const sync = createSyncProgress({ send: sendToBackground });
sync.watch();
render(<OptionsPage model={model} sync={sync} />, document.getElementById('app')!);
