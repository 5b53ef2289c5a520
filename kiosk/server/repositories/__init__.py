"""The hub's data access: one module per aggregate, plain functions over an open SQLAlchemy session.

    user = users.create_user(session=session, user_create=body, password_hash=h, now=now, actor=who.actor)

Functions take the caller's session and never commit: the caller's unit of work (`Database.session`) does,
so a route can still notify the signaling hub only after its change is committed. Every SQL statement of the
hub lives here; routes, the signaling hub, the dashboard, the CLI and the demo seed call these functions.
"""
