"""The campaign through time: past revisions, progress over time, next year's campaign."""
