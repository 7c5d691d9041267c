import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { PASSWORD, startWebHarness, type WebHarness } from '../web-harness.ts';
import { launchChromium, submitLogin } from './browser.ts';

/** Where the browser tests leave their screenshots. */
export const SHOTS = 'test-output/screenshots';

/** A workspace on these mails and a Chromium page logged in as the reviewer "rita", on the inbox. */
export interface ReviewerSession {
  w: WebHarness;
  browser: Awaited<ReturnType<typeof launchChromium>>;
  page: Page;
  close(): Promise<void>;
}

export async function startReviewerSession(mails: readonly string[]): Promise<ReviewerSession> {
  const [w, browser] = await Promise.all([
    startWebHarness({ mails }),
    launchChromium(),
    mkdir(SHOTS, { recursive: true }),
  ]);
  const page = await browser.context.newPage();
  await page.goto(`${w.base}/login`);
  await submitLogin(page, 'rita', PASSWORD, `${w.base}/inbox`);
  return {
    w,
    browser,
    page,
    async close() {
      await browser.close();
      await w.close();
    },
  };
}
