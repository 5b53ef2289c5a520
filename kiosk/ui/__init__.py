"""PySide6 user interfaces: booth, console, setup wizard, shared widgets.

Widgets show and forward; rules live in kiosk.domain. This package's __init__ stays free of Qt imports so
that `kiosk --help` does not load Qt.
"""
