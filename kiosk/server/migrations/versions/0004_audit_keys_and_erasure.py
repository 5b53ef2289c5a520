"""Keyed audit chain (each audit event names the HMAC key that signed it) and erasure of personal data
(sessions, bookings and claims note when the retention purge erased or pseudonymised their personal fields).

Existing events keep their plain SHA-256 chain and get no key id. They are re-anchored, not rewritten (the
table is append-only): the first event the hub signs with its first key (``audit.key_started``, recorded when
the key is created at the first start or by any `kiosk server` command after this migration) covers the last
unkeyed event's hash in its MAC, so changing any older event breaks that MAC; an unkeyed event after a keyed
one fails verification.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (not a batch copy): SQLite keeps the table, its rows and its append-only triggers.
    op.add_column('audit_events', sa.Column('key_id', sa.String(length=16), nullable=True))
    for table in ('sessions', 'bookings', 'claims'):
        op.add_column(table, sa.Column('erased_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    # Events signed since the upgrade lose their key id and no longer verify: restore a backup instead.
    for table in ('claims', 'bookings', 'sessions'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('erased_at')
    op.drop_column('audit_events', 'key_id')
