export * from "./calendar-token.ts";
export * from "./ical.ts";
export * from "./reminder-jobs.ts";
export * from "./reminders.ts";
