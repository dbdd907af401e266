import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/** The script and styles every preview page inlines, so it opens offline from `file://`. */
export interface PageAssets {
  /** The in-page drawing script with uPlot, as one minified IIFE. */
  readonly script: string;
  /** uPlot's stylesheet. */
  readonly chartStyles: string;
}

let cached: PageAssets | undefined;

/**
 * Bundles the in-page script (`page-script/draw-charts.ts`) with uPlot from node_modules into one
 * minified script, and reads uPlot's stylesheet. Built once per process (about 50 ms).
 *
 * @throws {Error} when the bundle would hold `</script` (it could not be inlined)
 *
 * @example
 * const { script, chartStyles } = pageAssets();
 */
export function pageAssets(): PageAssets {
  if (cached) return cached;
  const result = buildSync({
    entryPoints: [path.join(__dirname, '..', 'page-script', 'draw-charts.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    banner: { js: `/*! ${uplotNotice()} */` },
  });
  const script = result.outputFiles[0]?.text ?? '';
  if (script.length === 0) throw new Error('the preview page script bundled to nothing');
  if (/<\/script/i.test(script)) throw new Error('the preview page script holds "</script" and cannot be inlined into a page');
  const chartStyles = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  cached = { script, chartStyles };
  return cached;
}

/** uPlot's copyright and licence, kept with its code in every page. */
function uplotNotice(): string {
  const manifest: unknown = JSON.parse(readFileSync(require.resolve('uplot/package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? String(manifest.version) : 'unknown';
  return `uPlot ${version}, Copyright (c) Leon Sorokin, MIT License, https://github.com/leeoniya/uPlot`;
}
