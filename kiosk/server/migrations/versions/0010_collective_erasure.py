"""Collective rows note when the retention purge erased their worker's personal data, and the online visit an
officer invited the worker to (issue 14: retention of the collective channel, the officer's video visit).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs of nullable columns: SQLite keeps the table as it is, no batch copy needed.
    op.add_column('collective_rows', sa.Column('video_booking_code', sa.String(length=20), nullable=True))
    op.add_column('collective_rows', sa.Column('erased_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('collective_rows', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('video_booking_code')
