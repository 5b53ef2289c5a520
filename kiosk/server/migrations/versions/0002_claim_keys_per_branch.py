"""Claim idempotency keys are scoped by branch instead of by officer (no schema change, data only).

A console restarted under another officer replays the claims its outbox holds; with keys scoped per officer the
replay was refused as "session not approved" although the claim had been delivered. Existing claims move to their
branch's scope; should two officers of a branch have used the same key, the first claim takes the branch scope and
the others keep their old one (still unique, only no longer found by a replay).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 09:30:00
"""

from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE claims SET idempotency_scope = 'branch:' || "
        "(SELECT branches.code FROM branches WHERE branches.id = claims.branch_id) "
        "WHERE claims.id IN (SELECT MIN(c.id) FROM claims c GROUP BY c.branch_id, c.idempotency_key)"
    )


def downgrade() -> None:
    op.execute("UPDATE claims SET idempotency_scope = 'user:' || submitted_by WHERE idempotency_scope LIKE 'branch:%'")
