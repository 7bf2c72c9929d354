// The baseline of the cold slot-computation measurement (scripts/bench/slots.mjs): the same free
// slots as `computeAvailability` for the benchmark's input, computed the obvious way, as a
// developer would first write it: every candidate start of every working day, the zone offset
// asked of Intl for each interval edge, each candidate checked against the provider's bookings one
// by one, each slot formatted with `toISOString`. Its first call in a fresh process shows what cold
// JavaScript of this size costs on the machine at the moment it is measured, so the cold budget
// can be checked as a ratio to it (a 2-core virtual machine's speed for a few milliseconds of cold
// code varies by ±30 % from minute to minute). It is benchmark code only, never shipped: it handles
// what the benchmark's input contains (weekly hours, exceptions, closures, no wall time in a DST
// gap), and slots.mjs checks that it gives exactly the product's slots before timing it.

const MINUTE = 60_000;
const DAY = 86_400_000;

export function plainAvailability(input) {
  const offsetFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: input.timeZone,
    timeZoneName: 'longOffset',
  });
  const offsetAt = (ms) => {
    const m = /GMT([+-])(\d\d):(\d\d)/.exec(offsetFormat.format(ms));
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  };
  const wallToInstant = (localMs) => localMs - offsetAt(localMs - offsetAt(localMs) * MINUTE) * MINUTE;
  const minutesOf = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

  const now = Date.parse(input.now);
  const from = Math.max(Date.parse(input.from), now + input.minNoticeMinutes * MINUTE);
  const to = Math.min(Date.parse(input.to), now + input.horizonDays * DAY);
  const busy = input.busy.map((b) => ({
    providerId: b.providerId,
    start: Date.parse(b.start),
    end: Date.parse(b.end),
  }));
  const firstDay = Math.floor((from + offsetAt(from) * MINUTE) / DAY);
  const lastDay = Math.floor((to - 1 + offsetAt(to - 1) * MINUTE) / DAY);
  const step = input.stepMinutes * MINUTE;
  const buffer = input.bufferMinutes * MINUTE;

  const slots = [];
  for (const {schedule, durationMinutes} of input.providers) {
    const duration = durationMinutes * MINUTE;
    const mine = busy.filter((b) => b.providerId === schedule.providerId);
    for (let day = firstDay; day <= lastDay; day++) {
      const date = new Date(day * DAY).toISOString().slice(0, 10);
      if (input.closures?.includes(date)) continue;
      const weekday = ((new Date(day * DAY).getUTCDay() + 6) % 7) + 1;
      const intervals = schedule.exceptions?.[date] ?? schedule.weekly[weekday] ?? [];
      for (const interval of intervals) {
        const start = wallToInstant(day * DAY + minutesOf(interval.start) * MINUTE);
        const end = wallToInstant(day * DAY + minutesOf(interval.end) * MINUTE);
        for (let t = start; t + duration <= end; t += step) {
          if (t < from || t >= to) continue;
          if (mine.some((b) => t + duration + buffer > b.start && t < b.end + buffer)) continue;
          const slot = {providerId: schedule.providerId, start: iso(t), end: iso(t + duration)};
          if (interval.locationId !== undefined) slot.locationId = interval.locationId;
          slots.push(slot);
        }
      }
    }
  }
  const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return slots.sort((a, b) => order(a.start, b.start) || order(a.providerId, b.providerId));
}
