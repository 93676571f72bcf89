"""Reading the deck's files: YAML with the line of every field, checked against the JSON
Schemas in ``schemas/``. What a schema cannot say is checked in ``check``."""
