import { buildCostReport, formatCostReport } from './cost-report';
import { PriceFileError } from '../errors';
import { CostOptionsError } from '../errors';
import { COST_USAGE, parseCostArguments } from './cost-options';
import { measurePipeline } from './measure-pipeline';
import { DEFAULT_PRICES, readPrices } from './prices';

/** Exit codes: 0 done, 1 the measurement failed, 2 bad options or price file. */
async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseCostArguments(argv);
    if (command.help) {
      console.log(COST_USAGE);
      return 0;
    }
    // The price file is checked before the measurement, so a typo fails at once.
    const prices = command.pricesFile === undefined ? DEFAULT_PRICES : readPrices(command.pricesFile);
    const started = Date.now();
    let reported = started;
    console.error(`cost: measuring ${command.workloadJobs} simulated jobs (seed ${command.seed}) through the local pipeline…`);
    const measurement = await measurePipeline({
      jobs: command.workloadJobs,
      seed: command.seed,
      onProgress: (done, total) => {
        // A line every few seconds: stderr may be a log file, not a terminal.
        if (done < total && Date.now() - reported < 3000) return;
        reported = Date.now();
        console.error(`cost: ${done}/${total} events (${Math.round((done / total) * 100)}%)`);
      },
    });
    console.error(`cost: measured in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const report = buildCostReport(command, measurement, prices);
    console.log(command.json ? JSON.stringify(report, null, 2) : formatCostReport(report, command));
    return 0;
  } catch (error) {
    if (error instanceof CostOptionsError || error instanceof PriceFileError) {
      console.error(`cost: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`cost: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
