import {it} from 'vitest';
it('tz switch', () => {
  for (const z of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
    process.env.TZ = z;
    console.log(z, new Intl.DateTimeFormat().resolvedOptions().timeZone, new Date(2020, 0, 1).getTimezoneOffset());
  }
});
