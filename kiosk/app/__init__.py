"""The Qt-free application layer: what the booth, the console and the setup wizard do, under plain asyncio.

- `kiosk.app.booth`: the booth's visit (check-in, identity, capture, call, health) and its hub port;
- `kiosk.app.console`: the officer's sessions (the one home of a session's detail), service and verification;
- `kiosk.app.setup`: the first-run wizard's model.

An app talks to its view through a small `typing.Protocol` (``*View``) and to the outside world through ports
(``*Port``); `kiosk.ui` implements the views with PySide6 and only renders and forwards.
"""
