// One support call in the browser, whoever carries it: the Vonage Video SDK (live mode) or a
// direct WebRTC connection signalled through the app (sandbox mode). Both put the local camera
// in one box and the other side's video in another, and say what phase the call is in.
import type { CallConnection } from '../../contract/calls.js';

export type CallPhase = 'starting' | 'waiting' | 'connecting' | 'connected' | 'ended' | 'failed';

export interface CallEngine {
  start(): Promise<void>;
  setMuted(muted: boolean): void;
  /** Leaves the call (without telling the server: the caller hangs up through the API). */
  stop(): void;
}

export interface CallSetup {
  side: 'customer' | 'staff';
  orderId: string;
  callId: string;
  connection: CallConnection;
  csrfToken: string | undefined;
  /** Where the local camera and the other side's video go (each gets a video element). */
  localBox: HTMLElement;
  remoteBox: HTMLElement;
  onPhase(phase: CallPhase, reason?: string): void;
}

/** Why the camera or microphone could not be used, in words a customer can act on. */
export function mediaProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'The camera and microphone are blocked. Allow them for this site (the icon in the address bar), or ask us to call you back.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera or microphone was found on this device. Ask us to call you back instead.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera or microphone is busy with another app. Close it and try again, or ask us to call you back.';
    default:
      return 'The call could not start on this device. Ask us to call you back instead.';
  }
}

/** A muted, inline video element for a box. */
export function videoIn(box: HTMLElement, label: string, muted: boolean): HTMLVideoElement {
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  video.muted = muted;
  video.setAttribute('aria-label', label);
  video.className = 'h-full w-full rounded-box bg-neutral object-cover';
  box.replaceChildren(video);
  return video;
}
