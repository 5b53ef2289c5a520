"""Pure domain logic: identifiers, claim catalog and rules, session states, quotas, message schemas.

Nothing here does I/O beyond reading the packaged catalog, and nothing imports Qt, media, database or
web libraries; the import-linter contract in pyproject.toml keeps it that way.
"""
