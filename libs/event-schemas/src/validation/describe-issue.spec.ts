import { buildContainerInstanceRegistrationCall, containerInstanceRegistrationCallSchema } from '../container-instances/registration-calls';
import { describeIssue, describeValue, dottedPath } from './describe-issue';

describe('describeIssue', () => {
  it('names the discriminator value an event carried, not the whole object', () => {
    const event = buildContainerInstanceRegistrationCall();
    const parsed = containerInstanceRegistrationCallSchema.safeParse(
      { ...event, detail: { ...event.detail, eventName: 'RunTask' } },
      { reportInput: true },
    );
    expect(parsed.error?.issues.map(describeIssue)).toEqual([
      {
        path: 'detail.eventName',
        message: 'expected one of "RegisterContainerInstance" | "DeregisterContainerInstance", found string "RunTask"',
      },
    ]);
  });
});

describe('describeValue', () => {
  it('shortens long strings', () => {
    expect(describeValue('x'.repeat(100))).toBe(`string "${'x'.repeat(60)}…"`);
  });

  it('shows small containers and names large ones without dumping them', () => {
    expect(describeValue([1, 2])).toBe('array [1,2]');
    expect(describeValue({ a: 1 })).toBe('object {"a":1}');
    expect(describeValue(Array.from({ length: 40 }, (_, index) => index))).toBe('an array of 40');
    expect(describeValue(null)).toBe('null');
  });
});

describe('dottedPath', () => {
  it('joins keys and indexes with dots', () => {
    expect(dottedPath(['detail', 'attempts', 0, 'container'])).toBe('detail.attempts.0.container');
  });
});
