"""The setup wizard's steps, one module each, in the order the wizard shows them: `language`, `hub`,
`enrollment`, `camera`, `audio`, `pin`, `summary`; `step` holds what they share.

Each page shows one thing, says in plain words what is wrong, and writes what the admin chose into the shared
`SetupResult`; the work itself (network, files, devices) is in `kiosk.app.setup` and `kiosk.system`.
"""
