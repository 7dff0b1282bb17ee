/** The panel rendered for one guest page with a scripted background, settled, for view tests. */
import { act, render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { Panel } from '@/components/panel/Panel';
import type { Send } from '@/lib/contract/messages';
import type { GuestPage } from '@/lib/host';
import { PanelModel } from '@/lib/models/panel-model';
import { settle } from './manager-ui';

export async function showPanel(send: Send, page: GuestPage) {
  const model = new PanelModel({ send, locale: 'en-US', pollMs: 0 });
  render(h(Panel, { model }));
  await act(async () => {
    await model.start();
    model.showPage(page);
    await settle();
  });
  const panel = screen.getByRole('complementary', { name: 'Keycard loyalty' });
  const field = (name: string) => panel.querySelector<HTMLElement>(`[data-field="${name}"]`)?.textContent ?? null;
  return { model, panel, field };
}
