// Live calls through the Vonage Video API, with its browser SDK (loaded only for a live call).
// The server gave this browser a session id and a token whose role it chose (customer:
// publisher, staff: moderator); the SDK does the rest, TURN relays included.
import OT from '@vonage/client-sdk-video';
import { mediaProblem, type CallEngine, type CallSetup } from './call.js';

const VIDEO_BOX = { insertMode: 'append', width: '100%', height: '100%' } as const;

/** The SDK's device errors, as the browser's own names (which `mediaProblem` explains). */
const DEVICE_PROBLEMS: Record<string, string> = {
  OT_USER_MEDIA_ACCESS_DENIED: 'NotAllowedError',
  OT_NO_DEVICES_FOUND: 'NotFoundError',
  OT_HARDWARE_UNAVAILABLE: 'NotReadableError',
};

export function createVonageCall(setup: CallSetup): CallEngine {
  const { connection } = setup;
  const session = OT.initSession(connection.applicationId ?? '', connection.sessionId);
  let publisher: OT.Publisher | null = null;
  let stopped = false;

  session.on('streamCreated', (event) => {
    session.subscribe(event.stream, setup.remoteBox, VIDEO_BOX, (error) => {
      if (error) setup.onPhase('failed', 'The other side’s video could not be received.');
      else setup.onPhase('connected');
    });
  });
  session.on('streamDestroyed', () => {
    if (!stopped) setup.onPhase(setup.side === 'customer' ? 'waiting' : 'connecting');
  });
  session.on('sessionReconnecting', () => {
    setup.onPhase('connecting');
  });
  session.on('sessionDisconnected', () => {
    if (!stopped) setup.onPhase('ended');
  });

  return {
    start() {
      setup.onPhase('starting');
      return new Promise<void>((resolve) => {
        session.connect(connection.token, (error) => {
          if (error) {
            setup.onPhase(
              'failed',
              'The call service could not be reached. Ask us to call you back instead.',
            );
            resolve();
            return;
          }
          publisher = OT.initPublisher(setup.localBox, { ...VIDEO_BOX, name: setup.side }, (failure) => {
            if (failure) {
              setup.onPhase(
                'failed',
                mediaProblem(new DOMException(failure.message, DEVICE_PROBLEMS[failure.name] ?? '')),
              );
              resolve();
              return;
            }
            if (publisher) session.publish(publisher);
            setup.onPhase(setup.side === 'customer' ? 'waiting' : 'connecting');
            resolve();
          });
        });
      });
    },
    setMuted(muted) {
      publisher?.publishAudio(!muted);
    },
    stop() {
      stopped = true;
      publisher?.destroy();
      void session.disconnect();
    },
  };
}
