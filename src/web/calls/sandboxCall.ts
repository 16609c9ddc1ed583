// Sandbox calls: WebRTC straight between the customer's and the cook's browsers, signalled
// through the app (POSTs up, server-sent events down). The cook's browser makes the offers —
// a fresh one whenever the customer (re)connects — and the customer's answers the newest one.
// Offers carry an id, so late answers and candidates of an earlier attempt are ignored.
import { CallSignal, PeerPresence } from '../../contract/calls.js';
import * as callsApi from '../api/calls.js';
import { mediaProblem, videoIn, type CallEngine, type CallSetup } from './call.js';

/** Loopback and LAN calls need no relay; browsers on one machine find each other directly. */
const PEER_CONFIG: RTCConfiguration = { iceServers: [] };

export function createSandboxCall(setup: CallSetup): CallEngine {
  const { side, orderId, callId } = setup;
  let media: MediaStream | null = null;
  let peer: RTCPeerConnection | null = null;
  let offerId = 0;
  let events: EventSource | null = null;
  let stopped = false;
  const remoteVideo = videoIn(setup.remoteBox, side === 'customer' ? 'The kitchen' : 'The customer', false);

  // Sent one after another, handled one after another: a candidate never overtakes its offer.
  let outgoing = Promise.resolve();
  let incoming = Promise.resolve();
  const send = (signal: CallSignal) => {
    outgoing = outgoing.then(() =>
      callsApi.sendCallSignal(side, orderId, callId, signal, setup.csrfToken).catch(() => {
        // A lost message is recovered by the next offer (the other side reconnects or re-offers).
      }),
    );
    return outgoing;
  };

  function newPeer(id: number): RTCPeerConnection {
    peer?.close();
    const next = new RTCPeerConnection(PEER_CONFIG);
    for (const track of media?.getTracks() ?? []) if (media) next.addTrack(track, media);
    next.addEventListener('icecandidate', ({ candidate }) => {
      if (!candidate) return;
      const { candidate: line, sdpMid, sdpMLineIndex, usernameFragment } = candidate;
      void send({
        type: 'candidate',
        id,
        candidate: { candidate: line, sdpMid, sdpMLineIndex, usernameFragment },
      });
    });
    next.addEventListener('track', ({ streams }) => {
      const [stream] = streams;
      if (stream && remoteVideo.srcObject !== stream) remoteVideo.srcObject = stream;
    });
    next.addEventListener('connectionstatechange', () => {
      if (stopped || peer !== next) return;
      if (next.connectionState === 'connected') setup.onPhase('connected');
      if (next.connectionState === 'failed') {
        setup.onPhase('connecting');
        if (side === 'staff') void offer();
      }
    });
    peer = next;
    return next;
  }

  async function offer(): Promise<void> {
    offerId += 1;
    const connection = newPeer(offerId);
    const description = await connection.createOffer();
    await connection.setLocalDescription(description);
    await send({ type: 'offer', id: offerId, sdp: description.sdp ?? '' });
  }

  async function answer(id: number, sdp: string): Promise<void> {
    offerId = id;
    const connection = newPeer(id);
    await connection.setRemoteDescription({ type: 'offer', sdp });
    const description = await connection.createAnswer();
    await connection.setLocalDescription(description);
    await send({ type: 'answer', id, sdp: description.sdp ?? '' });
  }

  async function onSignal(signal: CallSignal): Promise<void> {
    switch (signal.type) {
      case 'offer':
        if (side === 'customer') await answer(signal.id, signal.sdp);
        return;
      case 'answer':
        if (side === 'staff' && signal.id === offerId)
          await peer?.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
        return;
      case 'candidate':
        if (signal.id === offerId) await peer?.addIceCandidate(signal.candidate).catch(() => undefined);
        return;
      case 'bye':
        stop();
        setup.onPhase('ended');
    }
  }

  function stop(): void {
    stopped = true;
    events?.close();
    peer?.close();
    for (const track of media?.getTracks() ?? []) track.stop();
  }

  return {
    async start() {
      setup.onPhase('starting');
      try {
        media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      } catch (error) {
        setup.onPhase('failed', mediaProblem(error));
        return;
      }
      if (stopped) {
        for (const track of media.getTracks()) track.stop();
        return;
      }
      videoIn(setup.localBox, 'You', true).srcObject = media;
      setup.onPhase(side === 'customer' ? 'waiting' : 'connecting');
      events = new EventSource(`${callsApi.callBase(side, orderId, callId)}/signals`);
      events.addEventListener('error', () => {
        // Closed for good (the call ended, the session too): nothing more will come.
        if (events?.readyState === EventSource.CLOSED && !stopped) {
          stop();
          setup.onPhase('ended');
        }
      });
      events.addEventListener('peer', (event) => {
        const presence = PeerPresence.safeParse(JSON.parse((event as MessageEvent<string>).data));
        if (!presence.success || stopped) return;
        if (presence.data.present && side === 'staff') void offer();
        if (!presence.data.present) setup.onPhase(side === 'customer' ? 'waiting' : 'connecting');
      });
      events.addEventListener('signal', (event) => {
        const signal = CallSignal.safeParse(JSON.parse((event as MessageEvent<string>).data));
        if (signal.success && !stopped) {
          const next = signal.data;
          incoming = incoming.then(() => onSignal(next)).catch(() => undefined);
        }
      });
    },
    setMuted(muted) {
      for (const track of media?.getAudioTracks() ?? []) track.enabled = !muted;
    },
    stop,
  };
}
