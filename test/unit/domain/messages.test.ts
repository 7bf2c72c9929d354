/** The messages' shared rules (src/domain/messages.ts): the patient's own time and links in their language (#23). */
import {describe, expect, it} from 'vitest';
import {
  LINK_LANGUAGE_KEY,
  linkInLanguage,
  messagePhone,
  messageTimes,
  portalSectionLink,
} from '../../../src/domain/messages.js';
import {loadPhoneTools} from '../../../src/domain/phone.js';
import {isTimeZoneName} from '../../../src/domain/time.js';
import {LINK_LANGUAGE_PARAM} from '../../../src/localization/link-fragment.js';

describe('messages: the patient’s own time', () => {
  const start = Date.parse('2026-12-15T17:00:00Z'); // 11:00 in Mexico City, 02:00 the next day in Tokyo

  it('states the clinic’s time, and the patient’s with its zone when it differs', () => {
    expect(messageTimes(start, 'en', 'America/Mexico_City', 'Asia/Tokyo')).toEqual({
      when: 'Tuesday, December 15, 2026 at 11:00 AM',
      yourTime: 'Wednesday, December 16, 2026 at 2:00 AM, Japan Standard Time',
    });
    const es = messageTimes(start, 'es', 'America/Mexico_City', 'Asia/Tokyo');
    expect(es.when).toBe('martes, 15 de diciembre de 2026, 11:00 a.m.');
    expect(es.yourTime).toBe('miércoles, 16 de diciembre de 2026, 2:00 a.m., hora estándar de Japón');
  });

  it('says nothing more when the zone is unknown, invalid or shows the same clock', () => {
    expect(messageTimes(start, 'en', 'America/Mexico_City').yourTime).toBe('');
    expect(messageTimes(start, 'en', 'America/Mexico_City', null).yourTime).toBe('');
    expect(messageTimes(start, 'en', 'America/Mexico_City', 'Mars/Base').yourTime).toBe('');
    // Another name, the same clock on that day (Mérida keeps Mexico City's time).
    expect(messageTimes(start, 'en', 'America/Mexico_City', 'America/Merida').yourTime).toBe('');
    // A zone without a name is named by its offset, never an abbreviation.
    expect(messageTimes(start, 'en', 'America/Mexico_City', 'Etc/GMT+5').yourTime).toMatch(/GMT-05:00$/);
  });

  it('accepts IANA zones only', () => {
    for (const ok of ['Asia/Tokyo', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5'])
      expect(isTimeZoneName(ok), ok).toBe(true);
    for (const bad of ['', 'Mars/Base', 'x'.repeat(65), 'Asia/Tokyo\u0000', '../etc', 42, null])
      expect(isTimeZoneName(bad), String(bad)).toBe(false);
  });
});

describe('messages: links in the patient’s language', () => {
  it('writes the parameter the elements read', () => {
    expect(LINK_LANGUAGE_PARAM).toBe(LINK_LANGUAGE_KEY);
  });

  it('adds the language to the fragment, keeping the token, and replaces one already there', () => {
    expect(linkInLanguage('https://c.example/portal', 'en')).toBe('https://c.example/portal#lang=en');
    expect(linkInLanguage('https://c.example/portal#portal-reminder=a-b_c', 'es')).toBe(
      'https://c.example/portal#portal-reminder=a-b_c&lang=es',
    );
    expect(linkInLanguage('https://c.example/p?x=1#portal-reset=t&lang=es', 'en')).toBe(
      'https://c.example/p?x=1#portal-reset=t&lang=en',
    );
    // A portal section stays a section (the portal reads `#portal/documents` up to the `&`).
    expect(linkInLanguage(portalSectionLink('https://c.example/portal', 'documents'), 'es')).toBe(
      'https://c.example/portal#portal/documents&lang=es',
    );
    expect(linkInLanguage('https://c.example/portal#portal/documents&lang=es', 'en')).toBe(
      'https://c.example/portal#portal/documents&lang=en',
    );
  });
});

describe('messages: the clinic’s phone (#23 item 6)', () => {
  it('is written out internationally, not as stored', async () => {
    const tools = await loadPhoneTools();
    expect(messagePhone('+525555550134', tools)).toBe('+52 55 5555 0134');
    expect(messagePhone('+12125550100', tools)).toBe('+1 212 555 0100');
    expect(messagePhone('+34911234567', tools)).toBe('+34 911 23 45 67');
  });

  it('stays as stored without the tools or when they can’t read it', async () => {
    expect(messagePhone('+525555550134', undefined)).toBe('+525555550134');
    expect(messagePhone('not a phone', await loadPhoneTools())).toBe('not a phone');
  });
});
