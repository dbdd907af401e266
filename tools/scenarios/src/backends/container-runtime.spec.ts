import { detectContainerRuntime, skipLine } from './container-runtime';

describe('detectContainerRuntime', () => {
  it('reports the engine testcontainers found', async () => {
    const probe = async () => ({ info: { containerRuntime: { host: 'localhost' } } });
    await expect(detectContainerRuntime(probe)).resolves.toEqual({ available: true, runtime: 'localhost' });
  });

  it('reports why there is none, with testcontainers’ own message', async () => {
    const probe = async () => {
      throw new Error('Could not find a working container runtime strategy');
    };
    await expect(detectContainerRuntime(probe)).resolves.toEqual({
      available: false,
      reason: 'no container engine answered (testcontainers: Could not find a working container runtime strategy)',
    });
  });
});

describe('skipLine', () => {
  it('says in one line which backend is skipped, why, and what runs instead', () => {
    const line = skipLine('localstack', 'no container engine answered (testcontainers: Could not find a working container runtime strategy)');
    expect(line).toBe(
      'BATCHMON_EMULATOR=localstack skipped: no container engine answered (testcontainers: Could not find a working container runtime strategy); the scenarios run on the embedded emulators',
    );
    expect(line).not.toContain('\n');
  });
});
