import {describe, expect, it} from 'vitest';
import {
  deviceKind,
  installLink,
  registerVideoProvider,
  safeJoinUrl,
  withMediaChoices,
} from '../../../src/telehealth/join-links.js';

const jitsi = {provider: 'jitsi', allowedHosts: ['meet.jit.si']} as const;
const zoom = {provider: 'zoom', allowedHosts: ['*.zoom.us', 'zoom.us']} as const;

describe('safeJoinUrl (QUALITY 19)', () => {
  it('opens https links on the clinic’s hosts', () => {
    expect(safeJoinUrl('https://meet.jit.si/clinica-abc#config.x=1', jitsi)).toBe(
      'https://meet.jit.si/clinica-abc#config.x=1',
    );
    expect(safeJoinUrl('https://us02web.zoom.us/j/123?pwd=x', zoom)).toBe(
      'https://us02web.zoom.us/j/123?pwd=x',
    );
    expect(safeJoinUrl('https://ZOOM.us/j/1', zoom)).toBe('https://zoom.us/j/1');
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['http://meet.jit.si/room'],
    ['https://meet.jit.si.evil.example/room'],
    ['https://evilmeet.jit.si/room'],
    ['https://meet.jit.si@evil.example/room'],
    ['https://user:pass@meet.jit.si/room'],
    ['//meet.jit.si/room'],
    ['/relative/room'],
    ['file:///etc/passwd'],
    ['blob:https://meet.jit.si/uuid'],
    ['zoommtg://zoom.us/join?confno=1'],
    [''],
    ['not a url'],
    [`https://meet.jit.si/${'a'.repeat(3000)}`],
  ])('refuses %s', (url) => {
    expect(safeJoinUrl(url, jitsi)).toBeUndefined();
    expect(safeJoinUrl(url, jitsi, {app: true})).toBeUndefined();
  });

  it('opens the provider’s own app scheme only for "open the app", and only for that provider', () => {
    expect(safeJoinUrl('zoommtg://zoom.us/join?confno=123', zoom, {app: true})).toBe(
      'zoommtg://zoom.us/join?confno=123',
    );
    expect(safeJoinUrl('zoommtg://zoom.us/join?confno=123', zoom)).toBeUndefined();
    expect(safeJoinUrl('org.jitsi.meet://meet.jit.si/room', zoom, {app: true})).toBeUndefined();
  });

  it('a bare host does not allow its subdomains, and a wildcard does not allow the bare host', () => {
    const bare = {provider: 'url', allowedHosts: ['video.clinic.example']} as const;
    expect(safeJoinUrl('https://video.clinic.example/r', bare)).toBe('https://video.clinic.example/r');
    expect(safeJoinUrl('https://x.video.clinic.example/r', bare)).toBeUndefined();
    const wild = {provider: 'url', allowedHosts: ['*.clinic.example']} as const;
    expect(safeJoinUrl('https://video.clinic.example/r', wild)).toBe('https://video.clinic.example/r');
    expect(safeJoinUrl('https://clinic.example/r', wild)).toBeUndefined();
    expect(safeJoinUrl('https://evilclinic.example/r', wild)).toBeUndefined();
  });

  it('uses the provider’s hosts when the clinic lists none; an unknown provider opens nothing', () => {
    expect(safeJoinUrl('https://meet.jit.si/r', {provider: 'jitsi', allowedHosts: []})).toBe(
      'https://meet.jit.si/r',
    );
    expect(safeJoinUrl('https://anything.example/r', {provider: 'url', allowedHosts: []})).toBeUndefined();
    expect(
      safeJoinUrl('https://meet.jit.si/r', {provider: 'teams' as 'url', allowedHosts: ['meet.jit.si']}),
    ).toBeUndefined();
  });

  it('a clinic can register another provider', () => {
    registerVideoProvider({kind: 'doxy', appSchemes: [], defaultHosts: ['doxy.me']});
    expect(safeJoinUrl('https://doxy.me/dr', {provider: 'doxy' as 'url', allowedHosts: []})).toBe(
      'https://doxy.me/dr',
    );
  });
});

describe('video providers: install links, devices and the patient’s choices', () => {
  it('knows the patient’s kind of device', () => {
    const iphone = {userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X)', maxTouchPoints: 5};
    const ipad = {
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15',
      maxTouchPoints: 5,
    };
    const mac = {
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15',
      maxTouchPoints: 0,
    };
    const android = {userAgent: 'Mozilla/5.0 (Linux; Android 15; Pixel 9) Chrome/140', maxTouchPoints: 5};
    expect(deviceKind(iphone)).toBe('ios');
    expect(deviceKind(ipad)).toBe('ios');
    expect(deviceKind(mac)).toBe('desktop');
    expect(deviceKind(android)).toBe('android');
  });

  it('links each device to where the provider’s app comes from (https only)', () => {
    expect(installLink('zoom', 'desktop')).toBe('https://zoom.us/download');
    expect(installLink('zoom', 'ios')).toMatch(/^https:\/\/apps\.apple\.com\//);
    expect(installLink('jitsi', 'android')).toMatch(/^https:\/\/play\.google\.com\//);
    expect(installLink('jitsi', 'desktop')).toBeUndefined(); // the browser is the way in
    registerVideoProvider({
      kind: 'shady',
      appSchemes: [],
      defaultHosts: [],
      install: {desktop: 'http://shady.example/app.exe'},
    });
    expect(installLink('shady', 'desktop')).toBeUndefined();
  });

  it('hands Jitsi the camera and microphone choice in its link, keeping its other settings', () => {
    const url = 'https://meet.jit.si/ClinicaDemo-abc#config.disableDeepLinking=true';
    const muted = withMediaChoices(url, 'jitsi', {audio: false, video: true});
    expect(muted).toBe(
      'https://meet.jit.si/ClinicaDemo-abc#config.disableDeepLinking=true&config.startWithAudioMuted=true&config.startWithVideoMuted=false',
    );
    // Again with other choices: replaced, not repeated.
    expect(withMediaChoices(muted, 'jitsi', {audio: true, video: false})).toBe(
      'https://meet.jit.si/ClinicaDemo-abc#config.disableDeepLinking=true&config.startWithAudioMuted=false&config.startWithVideoMuted=true',
    );
    // Providers that take no choices get the link unchanged.
    expect(withMediaChoices('https://zoom.us/wc/join/1', 'zoom', {audio: false, video: false})).toBe(
      'https://zoom.us/wc/join/1',
    );
  });
});
