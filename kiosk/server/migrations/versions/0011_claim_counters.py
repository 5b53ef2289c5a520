"""Claim sequence numbers come from a counter row per branch and day (issue 17, item 3: the claim's critical
section). The counters of the days that already have claims start at their highest sequence number.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-09 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('claim_counters',
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_claim_counters_branch_id_branches')),
    sa.PrimaryKeyConstraint('branch_id', 'day', name=op.f('pk_claim_counters'))
    )
    op.execute(
        "INSERT INTO claim_counters (branch_id, day, last_sequence) "
        "SELECT branch_id, day, MAX(sequence) FROM claims GROUP BY branch_id, day"
    )


def downgrade() -> None:
    op.drop_table('claim_counters')
