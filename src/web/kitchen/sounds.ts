// The kitchen display's sounds, made on the spot (no file to fetch): a two-tone chime for a new
// order, a rising three-note call for a customer at the counter, a ring for someone asking for
// help. Browsers start sound only after a tap on the page; until then `blocked()` says so.

export type SoundKind = 'order' | 'arrival' | 'help';

/** Notes (Hz) and how far apart they start (seconds). */
const TUNES: Record<SoundKind, { notes: number[]; gap: number }> = {
  order: { notes: [880, 1320], gap: 0.18 },
  arrival: { notes: [660, 880, 1100], gap: 0.14 },
  help: { notes: [700, 520, 700, 520], gap: 0.12 },
};

let context: AudioContext | null = null;

/** The page's one audio context (made on first use: browsers keep it asleep until a tap). */
function audio(): AudioContext {
  context ??= new AudioContext();
  return context;
}

/** Whether the browser still waits for a tap before it plays anything. */
export function blocked(): boolean {
  return audio().state !== 'running';
}

/** Calls `listener` whenever sound becomes allowed or stops being so. */
export function onBlockedChange(listener: () => void): () => void {
  const target = audio();
  target.addEventListener('statechange', listener);
  return () => {
    target.removeEventListener('statechange', listener);
  };
}

/** From a tap: from then on the board may play. */
export async function unlock(): Promise<void> {
  if (blocked()) await audio().resume();
}

export function play(kind: SoundKind): void {
  if (blocked()) return;
  const output = audio();
  const { notes, gap } = TUNES[kind];
  for (const [index, frequency] of notes.entries()) {
    const start = output.currentTime + index * gap;
    const tone = output.createOscillator();
    const gain = output.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.3, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.3);
    tone.connect(gain).connect(output.destination);
    tone.start(start);
    tone.stop(start + 0.32);
  }
}
