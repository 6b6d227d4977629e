"""Everything that changes the campaign file: records, surgical TOML edits, atomic writes, merging, locking."""
