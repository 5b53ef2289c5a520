"""The collective channel's files and pages: roster parsing, the template and result files, the employer's and the
worker's pages (served by the hub; the REST routes are `kiosk.server.api.collective`)."""
