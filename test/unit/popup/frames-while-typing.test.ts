import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepFramesComing } from '@/components/popup/frames-while-typing';

describe('frames while the desk types (issue 19: rows ready in time were painted a frame late)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for every frame until a second after the last keystroke, then stops', () => {
    const asked: ((time: number) => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: (time: number) => void) => asked.push(callback));
    const frame = (time: number) => asked.shift()!(time);
    keepFramesComing(0);
    keepFramesComing(10); // a second keystroke: one chain of frames, not two
    expect(asked).toHaveLength(1);
    for (let time = 16; time < 1_000; time += 16) frame(time);
    expect(asked).toHaveLength(1); // 1,010 ms after the first key: still wanted
    frame(1_012);
    expect(asked).toHaveLength(0);
    keepFramesComing(2_000); // the next keystroke starts them again
    expect(asked).toHaveLength(1);
  });
});
