"""The hub's use cases that span repositories (or need the hub's limiters and clock), split by concern.

Routes, the dashboard, the signaling hub and the CLI call these; routes never call each other.
"""
