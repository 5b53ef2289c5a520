"""The online channel's participant pages, served by the hub on its own origin (``/online/...``)."""
