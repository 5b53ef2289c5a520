"""The participant's booth app (`kiosk booth`): a fullscreen touch flow from check-in to the claim reference.

`command` is the CLI entry (no Qt at import time). `flow.BoothFlow` holds one participant's session as plain
Python; `controller.BoothController` runs it against the hub and the camera; each screen lives in its own
``*_screen.py`` module and only shows the flow and forwards touches.
"""
