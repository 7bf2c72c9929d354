import {describe, expect, it} from 'vitest';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
} from '../../../../src/adapters/memory/index.js';
import {ValidationError} from '../../../../src/domain/errors.js';
import {
  bodyProblem,
  checkAttachments,
  checkMessageBody,
  emergencyNumber,
  messagingSettings,
  unreadCount,
} from '../../../../src/domain/rules/messages.js';

describe('messages rules (#21)', () => {
  it('gives the emergency number of the clinic’s country', () => {
    expect(emergencyNumber('MX')).toBe('911');
    expect(emergencyNumber('US')).toBe('911');
    expect(emergencyNumber('CA')).toBe('911');
    expect(emergencyNumber('ES')).toBe('112');
    expect(emergencyNumber('es')).toBe('112');
    expect(emergencyNumber('FR')).toBe('112');
  });

  it('keeps the clinic’s topics in order, a sane reply time, and defaults for the rest', () => {
    expect(messagingSettings(undefined, 'MX')).toEqual({
      topics: ['appointments', 'billing', 'results', 'general'],
      replyWorkingDays: 2,
      emergencyNumber: '911',
      maxLength: 2000,
      maxAttachments: 0,
      maxAttachmentBytes: 0,
    });
    expect(messagingSettings(undefined, 'MX', 1000)).toMatchObject({
      maxAttachments: 3,
      maxAttachmentBytes: 1000,
    });
    const s = messagingSettings({topics: ['general', 'billing'], replyWorkingDays: 3}, 'ES');
    expect(s.topics).toEqual(['billing', 'general']);
    expect(s.replyWorkingDays).toBe(3);
    expect(s.emergencyNumber).toBe('112');
    expect(messagingSettings({topics: [], replyWorkingDays: 0}, 'US')).toMatchObject({
      topics: ['appointments', 'billing', 'results', 'general'],
      replyWorkingDays: 2,
    });
  });

  it('checks a message’s text, keeping it as written', () => {
    expect(bodyProblem(undefined)).toBe('required');
    expect(bodyProblem('  ')).toBe('required');
    expect(bodyProblem({})).toBe('invalid');
    expect(bodyProblem('a\u0007b')).toBe('invalid');
    expect(bodyProblem('\ud800')).toBe('invalid');
    expect(bodyProblem('x'.repeat(2001))).toBe('too-long');
    expect(bodyProblem('x'.repeat(2000))).toBeUndefined();
    expect(checkMessageBody(' <b>hola</b>\r\n\tadiós ')).toBe('<b>hola</b>\n\tadiós');
  });

  it('counts only the clinic’s messages after the last read', () => {
    const m = [
      {role: 'patient' as const, sentMs: 1},
      {role: 'clinic' as const, sentMs: 2},
      {role: 'clinic' as const, sentMs: 5},
    ];
    expect(unreadCount(m, undefined)).toBe(2);
    expect(unreadCount(m, 2)).toBe(1);
    expect(unreadCount(m, 5)).toBe(0);
  });

  it('seeds the demo patient’s question with the clinic’s unread answer', async () => {
    const a = createDemoAdapter({});
    await a.signIn({email: DEMO_PATIENT_EMAIL, password: DEMO_PATIENT_PASSWORD});
    const list = await a.listConversations();
    expect(list.unread).toBe(1);
    expect(list.conversations).toHaveLength(1);
    const thread = await a.getConversation(list.conversations[0]!.id);
    expect(thread.topic).toBe('results');
    expect(thread.messages.map((x) => x.author.role)).toEqual(['patient', 'clinic']);
    expect(thread.messages[0]!.author.name).toBe('Ana García López');
  });

  it('checks attachments with the documents’ upload rule (allow-list by bytes, size, names)', () => {
    const settings = messagingSettings(undefined, 'MX', 64);
    const pdf = new TextEncoder().encode('%PDF-1.4 x');
    const fields = (list: unknown, s = settings) => {
      try {
        checkAttachments(list, s);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).fields;
      }
      return {};
    };
    expect(checkAttachments(undefined, settings)).toEqual([]);
    expect(checkAttachments([], settings)).toEqual([]);
    const [ok] = checkAttachments([{fileName: 'a/b\\<b>c.exe', content: pdf}], settings);
    expect(ok).toMatchObject({fileName: 'bc.exe.pdf', contentType: 'application/pdf', size: pdf.length});
    expect(fields([{fileName: 'a.pdf', content: new Uint8Array()}])).toEqual({'attachments.0': 'file-empty'});
    expect(fields([{fileName: 'a.pdf', content: new Uint8Array(65).fill(0x25)}])).toEqual({
      'attachments.0': 'file-too-large',
    });
    expect(fields([{fileName: 'a.pdf', content: new TextEncoder().encode('MZ\x90')}])).toEqual({
      'attachments.0': 'file-type',
    });
    expect(fields([{fileName: ' ', content: pdf}, {fileName: 'b.pdf'}])).toEqual({
      'attachments.0.fileName': 'required',
      'attachments.1': 'required',
    });
    expect(fields(Array.from({length: 4}, () => ({fileName: 'a.pdf', content: pdf})))).toEqual({
      attachments: 'too-many',
    });
    expect(fields('a.pdf')).toEqual({attachments: 'invalid'});
    // No attachments offered (a clinic without documents): any file is refused.
    expect(fields([{fileName: 'a.pdf', content: pdf}], messagingSettings(undefined, 'MX'))).toEqual({
      attachments: 'invalid',
    });
  });
});
