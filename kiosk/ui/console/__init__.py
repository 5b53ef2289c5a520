"""The CSO console: one officer, several booths. `command` is the `kiosk console` entry (no Qt at import)."""
