"""Session recordings: metadata of the files the officer's console uploads at the end of a session.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 09:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recordings',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('session_id', sa.String(length=40), nullable=False),
    sa.Column('media_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_recordings_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recordings'))
    )
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recordings_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_recordings_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recordings_sha256'), ['sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recordings_sha256'))
        batch_op.drop_index(batch_op.f('ix_recordings_session_id'))
        batch_op.drop_index(batch_op.f('ix_recordings_expires_at'))
    op.drop_table('recordings')
