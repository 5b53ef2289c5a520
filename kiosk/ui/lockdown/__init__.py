"""Kiosk lockdown for the booth window: no way out for a participant, a hidden way in for the admin.

One call from the booth app installs it::

    lockdown = install_lockdown(window, settings, ctx=ctx, camera=lambda: booth.camera)

What it does:

- an application-wide event filter swallows the key combinations that close, switch or leave a window (Alt+F4,
  Alt+Tab, Ctrl+Alt+Backspace, Ctrl+W/Q, Esc, F11, the Super key, ...), and the window ignores close requests;
- a fullscreen window that leaves fullscreen is put back;
- five taps in the top-left corner within three seconds open a PIN pad (the PIN's argon2 hash is in
  ``booth.admin_pin_hash``); wrong PINs are rate-limited (`PinAttemptLimiter`);
- the right PIN opens the admin menu: run the doctor, show the configuration with secrets hidden, restart, exit.
  The menu closes itself after two idle minutes, so a booth is never left unlocked.

Restart and exit end the app with `EXIT_RESTART` or `EXIT_ADMIN_EXIT`. Under systemd (deploy/systemd/
kiosk-booth.service) ``Restart=always`` starts the booth again after a restart; after an exit the unit's
ExecStopPost starts a login prompt on tty1 instead, which (by ``Conflicts=``) keeps the booth stopped so the
admin can work on the PC. Because the cage compositor may not pass the app's exit status on, the exit is also
marked in the file named by ``$KIOSK_ADMIN_EXIT_FILE``. Outside systemd a restart re-executes the program.

The compositor (cage) has no task switcher and no window decorations, so the filter is the second line: it matters
on a desktop session, in development, and for key combinations an app could otherwise act on itself. The PIN
and the PIN hash are never logged.

One concept per module: `keys` (the swallowed key combinations), `gesture` (the corner taps), `pin_pad` (the
PIN check, its rate limit and the pad), `admin_menu`, `event_filter` (`Lockdown`, tying them together) and
`install` (`install_lockdown`, the restart and exit of the process).
"""

from kiosk.ui.lockdown.admin_menu import ADMIN_IDLE_S, AdminMenu
from kiosk.ui.lockdown.event_filter import Lockdown
from kiosk.ui.lockdown.gesture import GESTURE_CORNER_PX, GESTURE_TAPS, GESTURE_WINDOW_S, TapGesture
from kiosk.ui.lockdown.install import EXIT_ADMIN_EXIT, EXIT_RESTART, install_lockdown
from kiosk.ui.lockdown.keys import is_blocked_key
from kiosk.ui.lockdown.pin_pad import PinAttemptLimiter, PinPad, check_pin

__all__ = [
    "ADMIN_IDLE_S",
    "EXIT_ADMIN_EXIT",
    "EXIT_RESTART",
    "GESTURE_CORNER_PX",
    "GESTURE_TAPS",
    "GESTURE_WINDOW_S",
    "AdminMenu",
    "Lockdown",
    "PinAttemptLimiter",
    "PinPad",
    "TapGesture",
    "check_pin",
    "install_lockdown",
    "is_blocked_key",
]
