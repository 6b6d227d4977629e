"""The core: the campaign's model, reading and validating it, dates, the calendar, the schedule, reminders,
progress over time (trend.py), the 催办 log's records as data (chases.py)."""
