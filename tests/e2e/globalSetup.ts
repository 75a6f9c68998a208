/**
 * vitest globalSetup of the e2e project: one Vite server and one Chromium for every browser test
 * file, instead of a server (whose transform cache starts cold) and a browser per file. Each file
 * connects to them and opens contexts of its own (tests/e2e/harness.ts, `useApp`).
 */
import type { TestProject } from "vitest/node";
import { hasChromium, launchBrowserServer, startServer } from "./harness";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!hasChromium) return async () => {};
  const { server, url } = await startServer();
  const browser = await launchBrowserServer();
  project.provide("e2eUrl", url);
  project.provide("e2eBrowser", browser.wsEndpoint());
  return async () => {
    await browser.close();
    await server.close();
  };
}
