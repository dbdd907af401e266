import { ENDPOINT_ENV_VARS } from './endpoints';
import globalSetup from './jest-global-setup';

const VARIABLES = ['BATCHMON_EMULATOR', 'BATCHMON_EMULATOR_SKIPPED', ENDPOINT_ENV_VARS.localstack, ENDPOINT_ENV_VARS.stepFunctions] as const;

describe('the global setup of the scenario suite', () => {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  let printed: string[];
  let write: jest.SpyInstance;

  beforeEach(() => {
    // On a container run the real global setup has published endpoints: start from none.
    for (const name of VARIABLES) delete process.env[name];
    printed = [];
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    write.mockRestore();
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('prints the one line saying why a skipped container backend is skipped, and starts nothing', async () => {
    process.env['BATCHMON_EMULATOR'] = 'stepfunctions-local';
    process.env['BATCHMON_EMULATOR_SKIPPED'] = 'no container engine answered (testcontainers: Could not find a working container runtime strategy)';
    await globalSetup();
    expect(printed.join('').trim()).toBe(
      'BATCHMON_EMULATOR=stepfunctions-local skipped: no container engine answered (testcontainers: Could not find a working container runtime strategy); the scenarios run on the embedded emulators',
    );
    expect(process.env[ENDPOINT_ENV_VARS.localstack]).toBeUndefined();
  });

  it('does nothing for the embedded backend', async () => {
    delete process.env['BATCHMON_EMULATOR'];
    await globalSetup();
    expect(printed).toEqual([]);
    expect(process.env[ENDPOINT_ENV_VARS.localstack]).toBeUndefined();
  });
});
