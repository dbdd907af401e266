import { ScenarioBackendError } from '../errors';
import { BACKEND_NAMES, effectiveBackend, selectBackend } from './backend-name';

describe('selectBackend', () => {
  it('is embedded when BATCHMON_EMULATOR is unset or empty', () => {
    expect(selectBackend({})).toBe('embedded');
    expect(selectBackend({ BATCHMON_EMULATOR: ' ' })).toBe('embedded');
  });

  it.each(BACKEND_NAMES.map((name) => [name]))('takes %s from BATCHMON_EMULATOR', (name) => {
    expect(selectBackend({ BATCHMON_EMULATOR: name })).toBe(name);
  });

  it('names the variable, the backends and the value when it names none of them', () => {
    expect(() => selectBackend({ BATCHMON_EMULATOR: 'moto' })).toThrow(new ScenarioBackendError('BATCHMON_EMULATOR: expected one of embedded, localstack, stepfunctions-local, found "moto"'));
  });
});

describe('effectiveBackend', () => {
  it('is the chosen container backend when nothing skipped it', () => {
    expect(effectiveBackend({ BATCHMON_EMULATOR: 'stepfunctions-local' })).toBe('stepfunctions-local');
  });

  it('falls back to embedded when the container backend was skipped', () => {
    expect(effectiveBackend({ BATCHMON_EMULATOR: 'localstack', BATCHMON_EMULATOR_SKIPPED: 'no container engine answered' })).toBe('embedded');
  });
});
