/** A workflow definition that cannot be built as asked (a programming error, not bad event data). */
export class WorkflowDefinitionError extends Error {
  override readonly name = 'WorkflowDefinitionError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
