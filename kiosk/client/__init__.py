"""HTTP clients for the hub's REST API and the claims API, and the console's durable outbox. No Qt."""
