// Picks the engine a call needs and loads only that one: the Vonage Video SDK is a large
// download, fetched for live calls alone; sandbox calls use the browser's own WebRTC.
import type { CallEngine, CallSetup } from './call.js';

/** Loads only the engine the call needs: the Video SDK is a large download, fetched for live calls alone. */
export async function createCallEngine(setup: CallSetup): Promise<CallEngine> {
  if (setup.connection.provider === 'vonage') {
    const { createVonageCall } = await import('./vonageCall.js');
    return createVonageCall(setup);
  }
  const { createSandboxCall } = await import('./sandboxCall.js');
  return createSandboxCall(setup);
}
