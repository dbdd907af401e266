import { App } from 'aws-cdk-lib';
import { BatchmonStack, type BatchmonStackProps } from './batchmon-stack';

/** A CloudFormation template, as JSON. */
export type CloudFormationTemplate = {
  readonly Resources: Readonly<Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>>;
  readonly Outputs?: Readonly<Record<string, unknown>>;
};

/** Options of {@link synthesizeTemplate}. */
export interface SynthesizeOptions extends BatchmonStackProps {
  /**
   * Bundle the Lambda with esbuild (slow); the emulator and tests run the handler from source.
   * @default false
   */
  readonly bundle?: boolean;
}

/**
 * Synthesizes the batchmon stack in memory and returns its template: the exact definitions, rules,
 * tables and queues that `cdk deploy` would create. The local emulator runs these.
 *
 * @example
 * const template = synthesizeTemplate();
 */
export function synthesizeTemplate(options: SynthesizeOptions = {}): CloudFormationTemplate {
  const { bundle = false, ...props } = options;
  const app = new App({ context: bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const stack = new BatchmonStack(app, 'Batchmon', props);
  return app.synth().getStackByName(stack.stackName).template as CloudFormationTemplate;
}
