"""`kiosk.server.repositories.branches`."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kiosk.server.errors import ApiError
from kiosk.server.repositories import branches


def test_lookups(session: Session) -> None:
    assert branches.branch_by_code(session, "KDR").name == "Kediri"
    assert branches.find_branch(session, "NOPE") is None
    assert ("KDR", "Kediri") in branches.branch_names(session)
    with pytest.raises(ApiError) as caught:
        branches.branch_by_code(session, "NOPE")
    assert caught.value.status == 404
