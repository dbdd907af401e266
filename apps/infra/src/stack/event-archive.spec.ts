import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { WORKFLOWS } from '@batchmon/correlation';
import { eventPatterns } from '@batchmon/event-schemas';
import { StackConfigurationError } from '../errors';
import { BatchmonStack } from './batchmon-stack';
import { archivePattern, archiveRetentionDays } from './event-archive';
import { EVENTS_ARCHIVE_OUTPUT } from './stack-outputs';

const stackWith = (props: ConstructorParameters<typeof BatchmonStack>[2], id = 'Archived'): Template =>
  Template.fromStack(new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), id, props));

describe('archivePattern', () => {
  it('makes each rule pattern, unchanged, a branch of one $or', () => {
    const patterns = WORKFLOWS.flatMap((workflow) => workflow.patterns);
    expect(archivePattern(patterns)).toEqual({ $or: patterns });
  });

  it('keeps a single pattern as it is, since $or needs at least two branches', () => {
    expect(archivePattern([eventPatterns.BatchJobStateChange])).toEqual(eventPatterns.BatchJobStateChange);
  });

  it('refuses an empty list of patterns', () => {
    expect(() => archivePattern([])).toThrow(StackConfigurationError);
  });
});

describe('archiveRetentionDays', () => {
  it.each([0, -3, 1.5, Number.NaN])('refuses %p days, naming the value', (days) => {
    expect(() => archiveRetentionDays(days)).toThrow(new StackConfigurationError(`archiveRetentionDays: expected a whole number of days, at least 1, found ${String(days)}`));
  });

  it('accepts a whole number of days', () => {
    expect(archiveRetentionDays(30)).toBe(30);
  });
});

describe('BatchmonStack events archive', () => {
  it('creates no archive unless asked', () => {
    stackWith({}, 'NotArchived').resourceCountIs('AWS::Events::Archive', 0);
  });

  it('archives, on the default bus, exactly the events the rules match, for the days asked', () => {
    const template = stackWith({ archiveRetentionDays: 30 });
    template.resourceCountIs('AWS::Events::Archive', 1);
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':event-bus/default$')])] },
      EventPattern: { $or: WORKFLOWS.flatMap((workflow) => workflow.patterns) },
      RetentionDays: 30,
    });
  });

  it('outputs the archive ARN, which StartReplay takes as its source', () => {
    stackWith({ archiveRetentionDays: 7 }, 'ArchiveOutput').hasOutput(EVENTS_ARCHIVE_OUTPUT, {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsArchive'), 'Arn'] },
    });
  });

  it('refuses a retention that is not a whole number of days', () => {
    expect(() => stackWith({ archiveRetentionDays: 0 }, 'BadArchive')).toThrow(StackConfigurationError);
  });
});
