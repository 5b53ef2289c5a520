"""The collective channel (issue 14): employers and their representatives, batches, their rows (a worker each,
with the check's result, the worker's confirmation, the officer's decision and the claim) and their documents.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'employers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('npp', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name='fk_employers_branch_id_branches'),
        sa.PrimaryKeyConstraint('id', name='pk_employers'),
        sa.UniqueConstraint('npp', name='uq_employers_npp'),
    )
    op.create_table(
        'employer_representatives',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('employer_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['employer_id'], ['employers.id'], name='fk_employer_representatives_employer_id_employers'
        ),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_employer_representatives_user_id_users'),
        sa.PrimaryKeyConstraint('user_id', name='pk_employer_representatives'),
    )
    op.create_index(
        'ix_employer_representatives_employer_id', 'employer_representatives', ['employer_id']
    )
    op.create_table(
        'collective_batches',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('employer_id', sa.Integer(), nullable=False),
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('uploads', sa.Integer(), nullable=False),
        sa.Column('last_upload_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name='fk_collective_batches_branch_id_branches'),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'], name='fk_collective_batches_created_by_users'),
        sa.ForeignKeyConstraint(
            ['employer_id'], ['employers.id'], name='fk_collective_batches_employer_id_employers'
        ),
        sa.PrimaryKeyConstraint('id', name='pk_collective_batches'),
    )
    op.create_index('ix_collective_batches_employer_id', 'collective_batches', ['employer_id'])
    op.create_table(
        'collective_rows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.String(length=40), nullable=False),
        sa.Column('row_key', sa.String(length=24), nullable=False),
        sa.Column('line', sa.Integer(), nullable=False),
        sa.Column('cells', sa.JSON(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('accepted', sa.Boolean(), nullable=False),
        sa.Column('issues', sa.JSON(), nullable=False),
        sa.Column('nik', sa.String(length=16), nullable=True),
        sa.Column('kpj', sa.String(length=20), nullable=True),
        sa.Column('name', sa.String(length=100), nullable=True),
        sa.Column('claim_type', sa.String(length=8), nullable=True),
        sa.Column('reason', sa.String(length=32), nullable=True),
        sa.Column('last_working_day', sa.Date(), nullable=True),
        sa.Column('bank_code', sa.String(length=8), nullable=True),
        sa.Column('account_number', sa.String(length=24), nullable=True),
        sa.Column('phone', sa.String(length=20), nullable=True),
        sa.Column('npwp', sa.String(length=16), nullable=True),
        sa.Column('confirmation', sa.String(length=16), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=True),
        sa.Column('code_expires_at', sa.DateTime(), nullable=True),
        sa.Column('code_failures', sa.Integer(), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.Column('decision', sa.String(length=16), nullable=True),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.Column('decision_reason', sa.String(length=200), nullable=True),
        sa.Column('idempotency_key', sa.String(length=64), nullable=False),
        sa.Column('claim_reference', sa.String(length=40), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['batch_id'], ['collective_batches.id'], name='fk_collective_rows_batch_id_collective_batches'
        ),
        sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name='fk_collective_rows_decided_by_users'),
        sa.PrimaryKeyConstraint('id', name='pk_collective_rows'),
        sa.UniqueConstraint('batch_id', 'row_key', name='uq_collective_rows_batch_key'),
        sa.UniqueConstraint('code_hash', name='uq_collective_rows_code_hash'),
    )
    op.create_index('ix_collective_rows_batch_id', 'collective_rows', ['batch_id'])
    op.create_index('ix_collective_rows_nik', 'collective_rows', ['nik'])
    op.create_table(
        'collective_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.String(length=40), nullable=False),
        sa.Column('row_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=64), nullable=False),
        sa.Column('media_type', sa.String(length=40), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('uploaded_by', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['batch_id'], ['collective_batches.id'], name='fk_collective_documents_batch_id_collective_batches'
        ),
        sa.ForeignKeyConstraint(
            ['row_id'], ['collective_rows.id'], name='fk_collective_documents_row_id_collective_rows'
        ),
        sa.PrimaryKeyConstraint('id', name='pk_collective_documents'),
    )
    op.create_index('ix_collective_documents_batch_id', 'collective_documents', ['batch_id'])
    op.create_index('ix_collective_documents_row_id', 'collective_documents', ['row_id'])


def downgrade() -> None:
    op.drop_index('ix_collective_documents_row_id', table_name='collective_documents')
    op.drop_index('ix_collective_documents_batch_id', table_name='collective_documents')
    op.drop_table('collective_documents')
    op.drop_index('ix_collective_rows_nik', table_name='collective_rows')
    op.drop_index('ix_collective_rows_batch_id', table_name='collective_rows')
    op.drop_table('collective_rows')
    op.drop_index('ix_collective_batches_employer_id', table_name='collective_batches')
    op.drop_table('collective_batches')
    op.drop_index('ix_employer_representatives_employer_id', table_name='employer_representatives')
    op.drop_table('employer_representatives')
    op.drop_table('employers')
