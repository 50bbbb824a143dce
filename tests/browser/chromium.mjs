// Where both browser scripts (check.mjs, audit.mjs) find Chromium, and what they say without it.
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Exits with 3 (skipped) and a message nobody can miss when Chromium is absent. */
export function requireChromium(notRun) {
  if (existsSync(CHROMIUM)) return;
  console.error([
    '',
    '************************************************************',
    `SKIPPED: Chromium not found at ${CHROMIUM};`,
    'install it with `apt-get install chromium` (Debian)',
    'or point the CHROMIUM environment variable to a Chromium binary.',
    `${notRun} has been run.`,
    '************************************************************',
    '',
  ].join('\n'));
  process.exit(3);
}
