"""Reusable widgets: they show and forward; no rules live here."""
