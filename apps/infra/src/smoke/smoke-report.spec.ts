import type { CheckResult } from './smoke-checks';
import { allPassed, formatReport } from './smoke-report';

const pass = (workflow: string, check: CheckResult['check'], detail: string): CheckResult => ({ workflow, check, outcome: 'pass', detail });

describe('formatReport', () => {
  it('aligns one row per workflow and check under a header, then says all passed', () => {
    expect(formatReport([pass('JobStates', 'execution', 'SUCCEEDED'), pass('QueueBlocked', 'emf', 'BlockedJobQueues in /logs')])).toBe(
      [
        'workflow      check      result  detail',
        'JobStates     execution  PASS    SUCCEEDED',
        'QueueBlocked  emf        PASS    BlockedJobQueues in /logs',
        '2 of 2 checks passed.',
      ].join('\n'),
    );
  });

  it('counts failed and skipped checks in the verdict', () => {
    const report = formatReport([
      pass('JobStates', 'rule', 'ok'),
      { workflow: 'JobStates', check: 'execution', outcome: 'fail', detail: 'expected SUCCEEDED, found FAILED' },
      { workflow: 'JobStates', check: 'emf', outcome: 'skipped', detail: 'the execution failed' },
    ]);
    expect(report.split('\n').at(-1)).toBe('1 of 3 checks passed, 1 failed, 1 skipped.');
    expect(report).toContain('FAIL     expected SUCCEEDED, found FAILED');
  });
});

describe('allPassed', () => {
  it('is true only when there are checks and every one passed', () => {
    expect(allPassed([pass('A', 'rule', '')])).toBe(true);
    expect(allPassed([pass('A', 'rule', ''), { workflow: 'A', check: 'emf', outcome: 'skipped', detail: '' }])).toBe(false);
    expect(allPassed([])).toBe(false);
  });
});
