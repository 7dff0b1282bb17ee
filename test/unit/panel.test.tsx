import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Panel } from '@/components/Panel';

describe('Panel', () => {
  it('is a landmark named Keycard loyalty', () => {
    render(<Panel />);
    expect(screen.getByRole('complementary', { name: 'Keycard loyalty' })).toBeTruthy();
  });
});
