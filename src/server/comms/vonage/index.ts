// The Comms adapter over the official Vonage SDK. The same code talks to the real Vonage and to
// the built-in simulator: only the hosts differ. Only the four API clients we use are loaded
// (the SDK's all-in-one `Vonage` class loads every Vonage API: about 12 MB more memory).
import { Auth } from '@vonage/auth';
import { Messages } from '@vonage/messages';
import { Verify } from '@vonage/verify';
import { Verify2 } from '@vonage/verify2';
import { Video } from '@vonage/video';
import type { Comms } from '../../ports/comms.js';
import { ApplicationAuth } from './application-auth.js';
import type { VonageClients } from './clients.js';
import { createMessages } from './messages.js';
import type { VerificationSettings } from './settings.js';
import { createVerifyV1 } from './verify-v1.js';
import { createVerifyV2 } from './verify-v2.js';
import { createVideo, videoWithoutApplication } from './video.js';

export interface VonageCredentials {
  apiKey?: string;
  apiSecret?: string;
  applicationId?: string;
  /** PEM text of the application's private key. */
  privateKey?: string;
}

export interface VonageCommsOptions {
  kind: Comms['kind'];
  credentials: VonageCredentials;
  /** Base URL of the API (and of Video); unset for the real Vonage. */
  host?: string;
  /** Every call gives up after this long (the SDK has no default timeout). */
  timeoutMs: number;
  /** Sender of text messages: a number or an alphanumeric id (≤ 11 characters). */
  from: string;
  verification: VerificationSettings;
  now?: () => Date;
}

type WithApplication = VonageCredentials & { applicationId: string; privateKey: string };

function hasApplication(credentials: VonageCredentials): credentials is WithApplication {
  return Boolean(credentials.applicationId && credentials.privateKey);
}

export function createVonageComms(options: VonageCommsOptions): Comms {
  const { credentials, now = () => new Date() } = options;
  const auth = hasApplication(credentials) ? new ApplicationAuth(credentials) : new Auth(credentials);
  const sdkOptions = {
    timeout: options.timeoutMs,
    ...(options.host === undefined ? {} : { apiHost: options.host, videoHost: options.host }),
  };
  const vonage: VonageClients = {
    messages: new Messages(auth, sdkOptions),
    verify: new Verify(auth, sdkOptions),
    verify2: new Verify2(auth, sdkOptions),
    video: new Video(auth, sdkOptions),
  };
  // Verify v2 needs application credentials (it always authenticates with a JWT); the
  // article's key-and-secret setup gets Verify v1.
  const verification = hasApplication(credentials)
    ? createVerifyV2(vonage, options.verification)
    : createVerifyV1(vonage, options.verification);
  return {
    kind: options.kind,
    verification,
    sms: createMessages(vonage, { from: options.from }),
    video: hasApplication(credentials)
      ? createVideo(vonage, now, credentials.applicationId)
      : videoWithoutApplication,
  };
}
