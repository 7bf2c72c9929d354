import {describe, expect, it} from 'vitest';
import {
  HEARD_LEVEL,
  connectionQuality,
  median,
  mediaProblem,
  meterLevel,
  openMedia,
  rms,
  supportProblem,
  type MediaEnvironment,
} from '../../../src/telehealth/media-check.js';

const error = (name: string) => Object.assign(new Error(name), {name});

/** A browser whose getUserMedia answers by what is asked for. */
function env(
  answer: (c: MediaStreamConstraints) => 'ok' | string,
): MediaEnvironment & {asked: MediaStreamConstraints[]} {
  const asked: MediaStreamConstraints[] = [];
  return {
    asked,
    secureContext: true,
    webrtc: true,
    mediaDevices: {
      getUserMedia: async (c?: MediaStreamConstraints) => {
        asked.push(c ?? {});
        const result = answer(c ?? {});
        if (result !== 'ok') throw error(result);
        return {getTracks: () => []} as unknown as MediaStream;
      },
      enumerateDevices: async () => [],
    },
  };
}

describe('media check', () => {
  it('names what stops a video call in this browser', () => {
    const ok = env(() => 'ok');
    expect(supportProblem(ok)).toBeUndefined();
    expect(supportProblem({...ok, secureContext: false})).toBe('insecure');
    expect(supportProblem({...ok, mediaDevices: undefined})).toBe('no-media');
    expect(supportProblem({...ok, webrtc: false})).toBe('no-webrtc');
  });

  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'no-devices'],
    ['NotReadableError', 'in-use'],
    ['OverconstrainedError', 'device-gone'],
    ['TypeError', 'unknown'],
  ])('reads %s as %s', (name, problem) => {
    expect(mediaProblem(error(name))).toBe(problem);
  });

  it('asks for camera and microphone in one prompt', async () => {
    const e = env(() => 'ok');
    const opened = await openMedia(e);
    expect(opened.missing).toBeUndefined();
    expect(e.asked).toEqual([{video: true, audio: true}]);
  });

  it('falls back to sound only when there is no camera, and says so', async () => {
    const e = env((c) => (c.video ? 'NotFoundError' : 'ok'));
    expect((await openMedia(e)).missing).toBe('no-camera');
    expect(e.asked).toEqual([{video: true, audio: true}, {audio: true}]);
  });

  it('falls back to the camera alone when there is no microphone', async () => {
    const e = env((c) => (c.audio ? 'NotFoundError' : 'ok'));
    expect((await openMedia(e)).missing).toBe('no-microphone');
  });

  it('does not ask again after a denial (one prompt, one answer)', async () => {
    const e = env(() => 'NotAllowedError');
    await expect(openMedia(e)).rejects.toMatchObject({name: 'NotAllowedError'});
    expect(e.asked.length).toBe(1);
  });

  it('asks for the exact devices chosen', async () => {
    const e = env(() => 'ok');
    await openMedia(e, {cameraId: 'cam-2', microphoneId: 'mic-3'});
    expect(e.asked[0]).toEqual({video: {deviceId: {exact: 'cam-2'}}, audio: {deviceId: {exact: 'mic-3'}}});
  });

  it('measures the level: silence reads 0, speech moves the meter, a loud tone fills it', () => {
    expect(rms([])).toBe(0);
    expect(rms([0.5, -0.5, 0.5, -0.5])).toBeCloseTo(0.5);
    expect(meterLevel(0)).toBe(0);
    expect(meterLevel(0.001)).toBe(0); // −60 dBFS: room noise
    expect(meterLevel(0.05)).toBeGreaterThan(HEARD_LEVEL); // about −26 dBFS: speech
    expect(meterLevel(0.005)).toBeLessThan(HEARD_LEVEL); // −46 dBFS: a whisper far away
    expect(meterLevel(1)).toBe(1);
  });

  it('summarises round trips by their median', () => {
    expect(median([300, 40, 50])).toBe(50);
    expect(median([10, 20, 30, 40])).toBe(25);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(connectionQuality(120)).toBe('good');
    expect(connectionQuality(2500)).toBe('slow');
  });
});
