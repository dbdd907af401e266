import documentedCreate from './__fixtures__/create-compute-environment.aws-docs.json';
import { familyOf } from '../validation/family-of';
import { validateEvent } from '../validation/validate-event';
import { EventFamily } from '../eventbridge/event-families';
import { CONFIGURATION_CALL_NAMES, buildConfigurationCall, configurationCallSchema } from './configuration-calls';
import { buildSubmitJobCall, submitJobCallSchema } from './submit-job-calls';

describe('the documented CreateComputeEnvironment record', () => {
  it('is a Batch configuration call', () => {
    expect(familyOf(documentedCreate)).toBe(EventFamily.BatchConfigurationCall);
  });

  it('validates, with its compute resources typed', () => {
    const parsed = configurationCallSchema.parse(documentedCreate);
    expect(parsed.detail.eventName).toBe('CreateComputeEnvironment');
    expect(validateEvent(documentedCreate).ok).toBe(true);
  });
});

describe('SubmitJob calls', () => {
  it('are built valid and classified as submissions', () => {
    const event = buildSubmitJobCall({ arraySize: 10 });
    expect(submitJobCallSchema.safeParse(event).success).toBe(true);
    expect(familyOf(event)).toBe(EventFamily.BatchJobSubmissionCall);
  });

  it('carry no response when the call was refused', () => {
    expect(buildSubmitJobCall({ errorCode: 'ClientException' }).detail.responseElements).toBeNull();
  });

  it('keep the queue as the caller gave it, name or ARN', () => {
    const arn = 'arn:aws:batch:us-east-1:123456789012:job-queue/high';
    expect(buildSubmitJobCall({ jobQueue: arn }).detail.requestParameters.jobQueue).toBe(arn);
  });
});

describe('configuration calls', () => {
  it.each(CONFIGURATION_CALL_NAMES)('%s is classified as a configuration call', (name) => {
    const request = name.endsWith('ComputeEnvironment')
      ? name === 'CreateComputeEnvironment'
        ? { computeEnvironmentName: 'ce', type: 'MANAGED' }
        : { computeEnvironment: 'ce' }
      : name === 'CreateJobQueue'
        ? { jobQueueName: 'q' }
        : { jobQueue: 'q' };
    expect(familyOf(buildConfigurationCall(name, request))).toBe(EventFamily.BatchConfigurationCall);
  });

  it('answer a create with the resource’s ARN', () => {
    const event = buildConfigurationCall('CreateJobQueue', { jobQueueName: 'q', priority: 1 });
    expect(event.detail.responseElements).toEqual({ jobQueueName: 'q', jobQueueArn: 'arn:aws:batch:us-east-1:123456789012:job-queue/q' });
  });

  it('reject a request whose fields have the wrong types', () => {
    const event = buildConfigurationCall('UpdateComputeEnvironment', { computeEnvironment: 'ce' });
    const broken = { ...event, detail: { ...event.detail, requestParameters: { computeEnvironment: 'ce', computeResources: { maxvCpus: 'many' } } } };
    expect(configurationCallSchema.safeParse(broken).success).toBe(false);
  });
});
