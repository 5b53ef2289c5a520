"""REST routes of the hub, one module per resource, all mounted under ``/api/v1``."""
