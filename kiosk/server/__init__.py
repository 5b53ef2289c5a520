"""The branch hub: FastAPI app, database, signaling, documents, claims and audit. No Qt, no video."""
