import { render } from 'preact';
import { OptionsPage } from '@/components/OptionsPage';
import { sendToBackground } from '@/lib/messages';
import { createOptionsModel } from '@/lib/models/options-model';
import './style.css';

const model = createOptionsModel({ send: sendToBackground });
void model.load();
render(<OptionsPage model={model} />, document.getElementById('app')!);
