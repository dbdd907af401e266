// Fixture reproduced from the AWS Batch User Guide, "Job queue blocked events"
// (https://docs.aws.amazon.com/batch/latest/userguide/batch-job-queue-blocked-events.html).
import documentedBlocked from './__fixtures__/job-queue-blocked.aws-docs.json';
import { buildJobQueueBlocked, jobQueueBlockedSchema } from './job-queue-blocked';

describe('job queue blocked events', () => {
  it('validate the documented sample', () => {
    expect(jobQueueBlockedSchema.safeParse(documentedBlocked).success).toBe(true);
  });

  it('describe the blocking job and list the queue among the resources', () => {
    const event = jobQueueBlockedSchema.parse(documentedBlocked);
    expect(event.detail.status).toBe('RUNNABLE');
    expect(event.resources).toContain(event.detail.jobQueue);
  });

  it('are built valid, with the queue as an ARN', () => {
    const event = buildJobQueueBlocked({ jobQueue: 'gpu-queue', statusReason: 'CE_TOO_SMALL' });
    expect(jobQueueBlockedSchema.safeParse(event).success).toBe(true);
    expect(event.detail.jobQueue).toBe('arn:aws:batch:us-east-1:123456789012:job-queue/gpu-queue');
    expect(event.detail.statusReason).toBe('CE_TOO_SMALL');
  });

  it('require the reason the queue is blocked', () => {
    const detail = { ...buildJobQueueBlocked().detail, statusReason: undefined };
    const parsed = jobQueueBlockedSchema.safeParse({ ...buildJobQueueBlocked(), detail });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['detail.statusReason']);
  });
});
