import { WORKFLOWS, type WorkflowSpec } from '@batchmon/correlation';
import { reasonDomains, recordLiterals } from './reason-domains';

// A definition holding one record of each kind the workflows write: JSONPath Parameters and a JSONata expression.
const definition = {
  StartAt: 'Count',
  States: {
    Count: {
      Type: 'Pass',
      Parameters: { records: [{ metric: 'UncorrelatedEvents', value: 1, dimensions: { Workflow: 'Fake', Reason: 'instance-unknown', 'JobQueue.$': '$.detail.jobQueue' } }] },
      Next: 'Skip',
    },
    Skip: {
      Type: 'Pass',
      Output: `{% { 'message': { 'records': [{"metric": "SkippedEvents", "value": 1, "time": $states.input.time, "dimensions": {"Workflow": "Fake", "Reason": "too-old"}}] } } %}`,
      End: true,
    },
  },
};
const fake: WorkflowSpec = { name: 'Fake', description: 'A fake workflow', patterns: [], definition: () => definition as unknown as ReturnType<WorkflowSpec['definition']> };

describe('reason domains', () => {
  it('reads literal dimension values of JSONPath and JSONata records, leaving computed ones out', () => {
    expect(recordLiterals(definition)).toEqual([
      { metric: 'UncorrelatedEvents', dimensions: { Workflow: 'Fake', Reason: 'instance-unknown' } },
      { metric: 'SkippedEvents', dimensions: { Workflow: 'Fake', Reason: 'too-old' } },
    ]);
  });

  it('adds a pair for each reason a workflow writes', () => {
    const domains = reasonDomains([...WORKFLOWS, fake]);
    const without = reasonDomains(WORKFLOWS);
    expect(domains.pairs.get('SkippedEvents')).toContainEqual(['Fake', 'too-old']);
    expect(domains.pairs.get('SkippedEvents')?.length).toBe((without.pairs.get('SkippedEvents')?.length ?? 0) + 1);
  });

  it('finds a skip reason in every deployed workflow', () => {
    const workflows = new Set(reasonDomains().pairs.get('SkippedEvents')?.map(([workflow]) => workflow));
    expect([...workflows].sort()).toEqual(WORKFLOWS.map((workflow) => workflow.name).sort());
  });

  it('adds reasons the run saw for metrics whose reason comes from the event', () => {
    const domains = reasonDomains(WORKFLOWS, new Map([['PlacementFailures', new Set(['RESOURCE:GPU'])]]));
    expect(domains.reasons.get('PlacementFailures')).toContain('RESOURCE:GPU');
  });
});
