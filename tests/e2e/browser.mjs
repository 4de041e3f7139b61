// Launch options for Debian's Chromium through playwright-core (no browser download here).
import { existsSync } from 'node:fs';

export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((x) => existsSync(x));
  if (!p) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return p;
}

/** Flags: no sandbox (root in CI), no background traffic to Google (the network is closed), WebGPU on. */
export function launchOptions() {
  return {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps',
      '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader',
    ],
  };
}
