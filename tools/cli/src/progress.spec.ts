import { PassThrough } from 'node:stream';
import { createProgress } from './progress';

const plainStream = (): { stream: NodeJS.WriteStream; text: () => string } => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
};

describe('progress off a terminal', () => {
  it('prints a plain line at most every few seconds', () => {
    let clock = 0;
    const { stream, text } = plainStream();
    const progress = createProgress('replay', { unit: 'events', stream, lineEverySeconds: 5, now: () => clock });
    clock = 1000;
    progress.update(100, 0.1);
    clock = 6000;
    progress.update(600, 0.6);
    expect(text()).toBe('replay: 600 events, 60%, 100 events/s\n');
  });

  it('prints a last line when it stops', () => {
    let clock = 0;
    const { stream, text } = plainStream();
    const progress = createProgress('replay', { unit: 'events', stream, now: () => clock });
    clock = 2000;
    progress.update(50, 0.5);
    progress.stop();
    expect(text()).toBe('replay: 50 events, 100%, 25 events/s\n');
  });
});
