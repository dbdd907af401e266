import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import embeddedOnlyStories from './embedded-only-stories.json';

// tools/scenarios/jest.config.cjs leaves these stories out on a container backend. A story belongs here when
// it reads what only the embedded emulators have: the pipeline's fault injector, Auto Scaling
// recorder, in-process DynamoDB and queues, invocation log and counters, or builds its own
// local batchmon or replay.
const EMBEDDED_INSTRUMENTS =
  /pipeline\.(dynamo|dynamodb|queues|autoscaling|faults|invocations|unroutedEvents|drain|stats)\b|\}\s*=\s*scenario\.batchmon\.pipeline\b|startLocalBatchmon|createLocalPipeline|\breplay\(/;

const scenariosDir = path.join(__dirname, '..');
const stories = readdirSync(scenariosDir).filter((file) => file.endsWith('.spec.ts'));

describe('the stories left out on container backends', () => {
  it('are exactly the stories that read the embedded emulators', () => {
    const reading = stories.filter((file) => EMBEDDED_INSTRUMENTS.test(readFileSync(path.join(scenariosDir, file), 'utf8')));
    expect([...embeddedOnlyStories].sort()).toEqual(reading.sort());
  });

  it('leave stories for the container backends to run', () => {
    expect(stories.length - embeddedOnlyStories.length).toBeGreaterThan(0);
  });
});
