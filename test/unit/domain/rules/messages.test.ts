import {describe, expect, it} from 'vitest';
import {
  createDemoAdapter,
  DEMO_PATIENT_EMAIL,
  DEMO_PATIENT_PASSWORD,
} from '../../../../src/adapters/memory/index.js';
import {
  bodyProblem,
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
});
