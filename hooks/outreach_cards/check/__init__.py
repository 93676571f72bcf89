"""The deck's rules beyond the schemas: references between files, uniqueness, languages,
plain language. Every problem names its file, line and field."""
