// Dates and times as the rest of the app shows them: ISO 8601, local time, to the minute.

const pad = (n) => String(n).padStart(2, "0");

export function isoDate(value) {
  const d = value instanceof Date ? value : new Date(value);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function isoDateTime(value) {
  const d = value instanceof Date ? value : new Date(value);
  return `${isoDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
