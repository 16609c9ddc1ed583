// The SDK clients the Vonage adapter talks through, as the SDK's all-in-one `Vonage` class holds
// them (a type only: the class itself, which loads every Vonage API, is never loaded).
import type { Vonage } from '@vonage/server-sdk';

export type VonageClients = Pick<Vonage, 'messages' | 'verify' | 'verify2' | 'video'>;
