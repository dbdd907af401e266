import { dimensionSetsFor } from '@batchmon/metrics';
import { pipelineQueries } from './dashboard/dashboard';
import { DETAILED_OPTIONS } from './__fixtures__/options';
import { instanceRegistrationsDashboard } from './instance-registrations.dashboard';

// The detailed profile publishes every catalog set: its dashboards graph each as a metric.
const dashboard = instanceRegistrationsDashboard(DETAILED_OPTIONS);
const setsOf = (metric: string) =>
  pipelineQueries(dashboard)
    .filter((query) => query.metric === metric)
    .map((query) => query.dimensionKeys.join(','));

describe('instanceRegistrationsDashboard', () => {
  it('graphs registrations under every dimension set the catalog declares', () => {
    expect(setsOf('InstanceRegistrations').sort()).toEqual(dimensionSetsFor('InstanceRegistrations', 'detailed').map((set) => set.join(',')).sort());
  });

  it('graphs deregistrations under every dimension set the catalog declares', () => {
    expect(setsOf('InstanceDeregistrations').sort()).toEqual(dimensionSetsFor('InstanceDeregistrations', 'detailed').map((set) => set.join(',')).sort());
  });

  it('counts registrations and deregistrations with Sum', () => {
    expect(new Set(pipelineQueries(dashboard).map((query) => query.stat))).toEqual(new Set(['Sum']));
  });
});
