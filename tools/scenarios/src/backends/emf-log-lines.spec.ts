import { parseEmfLine } from '@batchmon/metrics';
import documented from './__fixtures__/emf-line.aws-docs.json';
import { lambdaOutputOf } from './emf-log-lines';

// The example of "Specification: Embedded metric format" (CloudWatch User Guide), as one line.
const line = JSON.stringify(documented);
const requestId = '989ffbf8-9ace-4817-a57c-e4dd734019ee';

describe('lambdaOutputOf', () => {
  it('reads an EMF line out of Lambda’s text log format into the same parsed shape', () => {
    const { emfLines } = lambdaOutputOf([`2019-11-18T20:42:12.004Z\t${requestId}\tINFO\t${line}\n`]);
    expect(emfLines.map((emf) => parseEmfLine(emf))).toEqual([parseEmfLine(line)]);
  });

  it('reads an EMF line out of Lambda’s JSON log format', () => {
    const wrapped = JSON.stringify({ timestamp: '2019-11-18T20:42:12.004Z', level: 'INFO', requestId, message: line });
    expect(lambdaOutputOf([wrapped]).emfLines).toEqual([line]);
  });

  it('keeps an EMF line the handler wrote to stdout itself, as it is', () => {
    expect(lambdaOutputOf([line]).emfLines).toEqual([line]);
  });

  it('leaves out the runtime’s START, END and REPORT lines and plain log lines', () => {
    const output = lambdaOutputOf([
      `START RequestId: ${requestId} Version: $LATEST`,
      `2019-11-18T20:42:12.004Z\t${requestId}\tINFO\twrote 3 lines`,
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId}\tDuration: 12.34 ms\tBilled Duration: 13 ms`,
    ]);
    expect(output).toEqual({ emfLines: [], errorLines: [] });
  });

  it('collects what the handler logged at ERROR level as error lines', () => {
    const rejected = '{"messageId":"m-1","error":"records.0.time: expected a time CloudWatch accepts"}';
    expect(lambdaOutputOf([`2019-11-18T20:42:12.004Z\t${requestId}\tERROR\t${rejected}`]).errorLines).toEqual([rejected]);
  });
});
