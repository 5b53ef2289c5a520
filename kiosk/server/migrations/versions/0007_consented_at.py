"""Sessions remember when the participant consented: booking and walk-in places are spent then (issue 15).

Sessions that already went past consent before this migration count as consented at their check-in time.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consented_at', sa.DateTime(), nullable=True))
    # Every session past check-in had consented; one still at check-in (or ended there) had not.
    op.execute(
        "UPDATE sessions SET consented_at = created_at WHERE state <> 'checked_in' "
        "AND NOT (state IN ('abandoned', 'cancelled') AND intake IS NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('consented_at')
