import { runInNewContext } from 'node:vm';
import { unzipSync, strFromU8 } from 'fflate';
import { bundleMetricsLambda } from './lambda-bundle';

describe('bundleMetricsLambda', () => {
  it('zips one file, index.js, that exports the metrics handler', async () => {
    const files = unzipSync(await bundleMetricsLambda());
    expect(Object.keys(files)).toEqual(['index.js']);
    const module = { exports: {} as Record<string, unknown> };
    // Loading it runs the handler module's top level (it reads its environment, creates its client).
    runInNewContext(strFromU8(files['index.js'] ?? new Uint8Array()), { module, exports: module.exports, require, process, console, Buffer, setTimeout, clearTimeout, URL, TextEncoder, TextDecoder });
    expect(typeof module.exports['handler']).toBe('function');
  }, 60_000);
});
