"""The core: the campaign's model, reading and validating it, dates, the calendar, the schedule, reminders."""
