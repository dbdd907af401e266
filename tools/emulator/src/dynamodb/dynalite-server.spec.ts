import { dynaliteMemoryLevel } from './dynalite-server';

describe('dynalite server', () => {
  it('keeps its in-memory tables as strings, not as slices of the shared Buffer pool', () => {
    const { MemoryLevel } = dynaliteMemoryLevel();
    // A store that holds strings natively offers no binary encodings (a Buffer store offers buffer, view, hex...).
    expect(Object.keys(new MemoryLevel({ valueEncoding: 'json' }).supports.encodings).sort()).toEqual(['json', 'utf8']);
  });

  it('sets the store encoding once however often it is asked', () => {
    const first = dynaliteMemoryLevel().MemoryLevel;
    expect(dynaliteMemoryLevel().MemoryLevel).toBe(first);
  });
});
