import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian's `chromium` package installs the browser; playwright-core downloads none. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, headless Chromium: no sandbox (containers run as root), no GPU, and none of
 * the background traffic (updates, sync, QUIC probes) a test machine must not make.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the system Chromium the previews are checked with is installed. */
export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A running Chromium and how to stop it (closing the browser and removing its profile). */
export interface LocalChromium {
  /** The browser's one context (a persistent one: Playwright takes the profile directory only so). */
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches the system Chromium, headless, with a fresh profile directory and a viewport of
 * `viewport` CSS pixels.
 *
 * @throws {Error} saying to `apt-get install chromium` when it is missing
 *
 * @example
 * const { context, close } = await launchChromium({ width: 1400, height: 900 });
 * const page = await context.newPage();
 * await close();
 */
export async function launchChromium(viewport: { readonly width: number; readonly height: number }): Promise<LocalChromium> {
  if (!chromiumInstalled()) throw new Error(`${CHROMIUM_PATH} not found: install it with \`apt-get install -y chromium\``);
  const profile = await mkdtemp(path.join(tmpdir(), 'batchmon-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { ...viewport },
      deviceScaleFactor: 1,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
