import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Panel } from '@/components/Panel';
import { createPanelModel } from '@/lib/models/panel-model';
import { scriptedSend } from './fixtures';

describe('Panel', () => {
  it('is a landmark named Keycard loyalty', () => {
    const { send } = scriptedSend({});
    render(<Panel model={createPanelModel({ send })} />);
    expect(screen.getByRole('complementary', { name: 'Keycard loyalty' })).toBeTruthy();
  });
});
