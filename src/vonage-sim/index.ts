// The Vonage API simulator: Verify v1/v2, Messages (SMS) and Video session creation, over real HTTP.
export type {
  SentMessage,
  SimulatorCredentials,
  SimulatorLog,
  SimulatorOptions,
  VonageSimulator,
} from './api.js';
export {
  credentialsInFile,
  generateSandboxCredentials,
  readCredentialsFile,
  type SandboxCredentials,
} from './credentials.js';
export { MAGIC_NUMBERS, type Scenario, type SimulatedApi } from './magic-numbers.js';
export { createVonageSimulator } from './server.js';
