"""The participant's booth app (`kiosk booth`): a fullscreen touch flow from check-in to the claim reference.

`command` is the CLI entry (no Qt at import time). What happens lives in the Qt-free `kiosk.app.booth` (the
visit's state and its flows); here are only the window, one ``*_screen.py`` module per screen that shows the
state and forwards touches, `window_view` (the flows' view port over the window, and the input forwarding) and
`main` (the wiring).
"""
