"""`kiosk setup`: the first-run wizard of a booth PC (hub, enrollment, camera, sound, admin PIN)."""
