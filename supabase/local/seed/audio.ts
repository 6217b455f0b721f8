// Generates short WAV recordings in code, so the demo needs no binary assets: one tone per
// transcript turn (agent and customer at different pitches), with soft attack and release so it
// sounds like alternating speech rather than a beep.

export interface ToneTurn {
  speaker: 'agent' | 'customer';
  start: number;
  end: number;
}

const SAMPLE_RATE = 8000;

export function renderCallWav(turns: ToneTurn[], totalSeconds: number, seed = 1): Buffer {
  const samples = Math.ceil(totalSeconds * SAMPLE_RATE);
  const pcm = new Int16Array(samples);
  let rnd = seed;
  const next = () => ((rnd = (rnd * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const turn of turns) {
    const base = turn.speaker === 'agent' ? 220 : 330;
    const from = Math.floor(turn.start * SAMPLE_RATE);
    const to = Math.min(samples, Math.floor(turn.end * SAMPLE_RATE));
    // "Syllables": the pitch moves every 180 ms, the amplitude follows a slow envelope.
    let phase = 0;
    let freq = base;
    for (let i = from; i < to; i++) {
      if ((i - from) % Math.floor(0.18 * SAMPLE_RATE) === 0) freq = base * (0.85 + 0.4 * next());
      phase += (2 * Math.PI * freq) / SAMPLE_RATE;
      const t = (i - from) / SAMPLE_RATE;
      const len = (to - from) / SAMPLE_RATE;
      const env = Math.min(1, t / 0.05, (len - t) / 0.05) * (0.55 + 0.45 * Math.sin(2 * Math.PI * 3 * t) ** 2);
      pcm[i] = Math.round(Math.sin(phase) * env * 9000);
    }
  }
  return wav(pcm, SAMPLE_RATE);
}

function wav(pcm: Int16Array, sampleRate: number): Buffer {
  return wavFile(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength), sampleRate);
}

/** A WAV file: the 44-byte header of 16-bit mono PCM at `sampleRate`, then `data` as the samples. */
export function wavFile(data: Buffer, sampleRate = 8000): Buffer {
  const buf = Buffer.alloc(44 + data.length);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + data.length, 4);
  buf.write('WAVE', 8);
  buf.write('fmt ', 12);
  buf.writeUInt32LE(16, 16); // PCM header size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(data.length, 40);
  data.copy(buf, 44);
  return buf;
}
