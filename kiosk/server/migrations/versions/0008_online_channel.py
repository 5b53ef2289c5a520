"""The online channel (issue 12): a visit may have no booth (the participant's browser is its end), sessions and
bookings say their channel, bookings their language, and participants' short web sessions are kept (hashed).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.alter_column('booth_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('channel', sa.String(length=16), nullable=False, server_default='booth'))
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=16), nullable=False, server_default='booth'))
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=False, server_default='id'))
    op.create_table(
        'online_web_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('hard_expires_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_online_web_sessions_booking_id', 'online_web_sessions', ['booking_id'])


def downgrade() -> None:
    op.drop_index('ix_online_web_sessions_booking_id', table_name='online_web_sessions')
    op.drop_table('online_web_sessions')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('channel')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('channel')
        batch_op.alter_column('booth_id', existing_type=sa.Integer(), nullable=False)
