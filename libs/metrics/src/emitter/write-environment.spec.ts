import { lambdaStdoutWriter } from './write-environment';

describe('lambdaStdoutWriter', () => {
  const line = '{"_aws":{"Timestamp":1764428400000,"CloudWatchMetrics":[]},"JobsInState":3}';

  afterEach(() => jest.restoreAllMocks());

  it.each(['Text', 'JSON'])('prints each line alone on stdout, past the global console Lambda prefixes or wraps (log format %s)', (format) => {
    const previous = process.env['AWS_LAMBDA_LOG_FORMAT'];
    process.env['AWS_LAMBDA_LOG_FORMAT'] = format;
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const globalConsole = jest.spyOn(console, 'log');
    try {
      lambdaStdoutWriter()(line);
    } finally {
      if (previous === undefined) delete process.env['AWS_LAMBDA_LOG_FORMAT'];
      else process.env['AWS_LAMBDA_LOG_FORMAT'] = previous;
    }
    expect(stdout.mock.calls.map(([chunk]) => String(chunk))).toEqual([`${line}\n`]);
    expect(globalConsole).not.toHaveBeenCalled();
  });
});
