// The sound of a mention or a direct message: two short sine notes made with WebAudio (no file to load,
// nothing for the content security policy to allow). Browsers start audio only after the user did
// something on the page, so the AudioContext is made (or resumed) on their first click or key.

let context;

function audioContext() {
  const Context = globalThis.AudioContext ?? globalThis.webkitAudioContext;
  if (!Context) return undefined;
  context ??= new Context();
  return context;
}

/** Lets the tone play later: call from a user's click or key (it does nothing without WebAudio). */
export function unlockAlertTone() {
  const audio = audioContext();
  if (audio?.state === 'suspended') audio.resume().catch(() => {});
}

/** Plays the tone (quietly skipped when audio is not allowed yet). */
export function playAlertTone() {
  const audio = audioContext();
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.12, 1318.5]]) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.15, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.2);
  }
}
