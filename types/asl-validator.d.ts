// asl-validator ships no type declarations; this is the part of its API batchmon calls.
declare module 'asl-validator' {
  interface ValidationError {
    readonly 'Error code': string;
    readonly Message: string;
  }
  interface ValidationResult {
    readonly isValid: boolean;
    readonly errors: readonly ValidationError[];
  }
  function aslValidator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): ValidationResult;
  export default aslValidator;
}
