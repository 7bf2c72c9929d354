/**
 * Media environments for the device check's stories: Storybook runs in the designer's own browser,
 * which has a real camera (or none) and its own permission settings, so the stories that show
 * "blocked", "no camera" or "unsupported browser" describe those browsers instead. The streams are
 * real MediaStreams (a canvas and an oscillator), so the preview and the level meter behave as
 * they do with a camera. The element tests use Chromium's own fake devices and real denied
 * permission instead (test/browser/*.media-*.test.ts).
 */
import type {MediaEnvironment} from '../../src/telehealth/media-check.js';

function fakeVideo(): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const g = canvas.getContext('2d')!;
  const draw = () => {
    g.fillStyle = '#2d4a6b';
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#f4c9a8';
    g.beginPath();
    // A still picture (a moving one would make every screenshot different).
    g.arc(160, 110, 50, 0, Math.PI * 2);
    g.fill();
    g.fillRect(90, 170, 140, 70);
    requestAnimationFrame(draw);
  };
  draw();
  return canvas.captureStream(15).getVideoTracks()[0]!;
}

function fakeAudio(): MediaStreamTrack {
  const context = new AudioContext();
  const osc = context.createOscillator();
  const gain = context.createGain();
  gain.gain.value = 0.2;
  osc.frequency.value = 220;
  const out = context.createMediaStreamDestination();
  osc.connect(gain).connect(out);
  osc.start();
  return out.stream.getAudioTracks()[0]!;
}

const error = (name: string) => new DOMException(name, name);

const device = (kind: MediaDeviceKind, deviceId: string, label: string) =>
  ({kind, deviceId, label, groupId: 'g', toJSON: () => ({})}) as MediaDeviceInfo;

export type FakeMedia = 'working' | 'denied' | 'no-camera' | 'no-devices' | 'in-use' | 'unsupported';

/** A browser whose camera and microphone behave as `kind` says. */
export function fakeMediaEnvironment(kind: FakeMedia): MediaEnvironment {
  return {
    secureContext: true,
    webrtc: kind !== 'unsupported',
    permission: async () => (kind === 'denied' ? 'denied' : 'prompt'),
    mediaDevices:
      kind === 'unsupported'
        ? undefined
        : {
            getUserMedia: async (c?: MediaStreamConstraints) => {
              if (kind === 'denied') throw error('NotAllowedError');
              if (kind === 'in-use') throw error('NotReadableError');
              if (kind === 'no-devices' || (kind === 'no-camera' && c?.video)) throw error('NotFoundError');
              const tracks: MediaStreamTrack[] = [];
              if (c?.video) tracks.push(fakeVideo());
              if (c?.audio) tracks.push(fakeAudio());
              return new MediaStream(tracks);
            },
            enumerateDevices: async () => [
              ...(kind === 'working' ? [device('videoinput', 'cam-1', 'Built-in camera')] : []),
              device('audioinput', 'mic-1', 'Built-in microphone'),
              device('audioinput', 'mic-2', 'Headset microphone'),
              device('audiooutput', 'spk-1', 'Built-in speakers'),
            ],
          },
  };
}
