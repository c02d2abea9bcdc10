// The delivery day (DESIGN.md §3): the mbox `From ` date when it is real, else the newest Received:,
// else Date:, else the moment of archiving; expressed as YYYY-MM-DD in the list's time zone.

export interface DayEvidence {
  envelopeDate: Date | null;
  receivedDate: Date | null;
  date: Date | null;
}

export function deliveryDate(evidence: DayEvidence, now: Date = new Date()): Date {
  return evidence.envelopeDate ?? evidence.receivedDate ?? evidence.date ?? now;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD; the explicit parts keep it independent of locale data changes.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

export function dayInZone(instant: Date, timeZone: string): string {
  const parts = dayFormatter(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
