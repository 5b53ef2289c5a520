"""`kiosk doctor`: checks a booth PC end to end and prints a pass/fail table with a hint for every failure.

Checks, in order: the booth's settings (identity, admin PIN), the device token file, the hub (reachable, its
version, whether it accepts the device token), TLS, the clock difference to the hub, the camera (opened at the
configured resolution, real frame rate measured), microphone, speaker, echo cancellation and disk space.

The checks are plain functions over `Settings` that return `CheckResult` values, so the booth's admin menu
(`kiosk.ui.lockdown`) and the setup wizard run the same code as the command line. A check that depends on an
earlier one (TLS and clock need the hub) is skipped, not failed twice. Exit code: 0 when nothing failed
(warnings allowed), 1 otherwise.

The top level imports only the standard library: OpenCV, PyAV and requests are loaded by the checks that need
them, so `kiosk --help` stays fast. Nothing here prints or logs the device token or the PIN.

Where things are: `report` (the result of a run, as a table or JSON), `context` (what every check reads),
`checks` (the `Doctor` and its own checks: settings, token, disk), `hub_checks` (hub, enrollment, TLS, clock),
`device_checks` (camera, microphone, speaker, echo cancellation), `redaction` (the settings with secrets hidden),
`command` (`kiosk doctor` itself). The probes of the PC they use are shared with the setup wizard in
`kiosk.system`.
"""
