"""Step times and booth reports for the branch dashboard (issue 15): sessions note when they entered their
current state, first joined the queue and first had an officer in a call; booths keep the version and the free
disk their heartbeats report.

Open sessions count as in their state since their last update; older visits get no queue or call time (the
dashboard's figures and medians leave them out rather than guess).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (not a batch copy): SQLite keeps the tables and their rows as they are.
    for column in ('state_since', 'queued_at', 'call_started_at'):
        op.add_column('sessions', sa.Column(column, sa.DateTime(), nullable=True))
    op.add_column('booths', sa.Column('app_version', sa.String(length=40), nullable=True))
    op.add_column('booths', sa.Column('free_disk_mb', sa.Integer(), nullable=True))
    op.execute("UPDATE sessions SET state_since = updated_at WHERE ended_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table('booths', schema=None) as batch_op:
        batch_op.drop_column('free_disk_mb')
        batch_op.drop_column('app_version')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('call_started_at')
        batch_op.drop_column('queued_at')
        batch_op.drop_column('state_since')
