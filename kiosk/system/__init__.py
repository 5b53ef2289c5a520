"""Probes of this PC that the setup wizard and the doctor share: cameras, the sound server, TLS, disk space.

Plain functions that ask the operating system (sysfs, ``pactl``, a TLS handshake, ``statvfs``) and return frozen
values; no Qt and no settings. They block, so the app layer runs them through `kiosk.app.blocking.run_blocking`
or a thread.
"""
