import aslValidator from 'asl-validator';
import type { ChoiceRule, ChoiceState, StateMachineDefinition } from './asl';

describe('a Choice rule', () => {
  it('takes a comparison of one operator, with an operand of the operator’s type, and And/Or/Not of rules', () => {
    const rules: ChoiceRule[] = [
      { Variable: '$.status', StringEquals: 'RUNNING' },
      { Variable: '$.count', NumericLessThan: 3 },
      { Variable: '$.count', NumericLessThanPath: '$.limit' },
      { Not: { Variable: '$.jobId', IsPresent: true } },
      { And: [{ Variable: '$.counts', BooleanEquals: true }, { Or: [{ Variable: '$.name', StringMatches: 'Batch-lt-*' }] }] },
    ];
    const choice: ChoiceState = { Type: 'Choice', Choices: rules.map((rule) => ({ ...rule, Next: 'Done' })), Default: 'Done' };
    const definition: StateMachineDefinition = { Comment: 'Every kind of rule.', StartAt: 'Decide', States: { Decide: choice, Done: { Type: 'Succeed' } } };
    expect(aslValidator(structuredClone(definition)).errors).toEqual([]);
  });

  it('cannot be written with two operators, an operand of another type or without a variable', () => {
    // @ts-expect-error -- two operators in one comparison
    const twoOperators: ChoiceRule = { Variable: '$.status', StringEquals: 'RUNNING', IsPresent: true };
    // @ts-expect-error -- NumericLessThan compares with a number, not a JSONPath
    const wrongOperand: ChoiceRule = { Variable: '$.count', NumericLessThan: '$.limit' };
    // @ts-expect-error -- a comparison needs its Variable
    const noVariable: ChoiceRule = { StringEquals: 'RUNNING' };
    expect([twoOperators, wrongOperand, noVariable]).toHaveLength(3);
  });
});
