// One formatter, made once: toLocaleString() with or without options builds a new Intl formatter on
// every call, and the tenants grid formats every cell of the page (dates, hints) as it first renders.
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/** A time in the reader's own words and time zone, as `toLocaleString()` would say it. */
export const localDateTime = (iso: string): string => DATE_TIME.format(new Date(iso));
