"""Property-based fuzzing of the REST API from its OpenAPI schema: bad input never produces a server error.

Schemathesis generates valid and invalid requests for every operation in /openapi.json; each call carries one
of several tokens in turn (none, booth, CSO, supervisor, admin) so the generated input reaches past
authentication. The hub runs in-process (ASGI) on its own SQLite file seeded with the demo data. Examples per
operation are bounded so the run stays within about a minute.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from kiosk.server.app import create_app
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.migrate import upgrade
from kiosk.server.models import Booth, User, UserToken
from kiosk.server.security import BOOTH_TOKEN_PREFIX, USER_TOKEN_PREFIX, new_token, token_hash
from kiosk.server.seed import seed_demo
from tests.server.conftest import make_settings
from tests.support.hub import fast_password_hash

pytestmark = pytest.mark.slow

#: Generated requests per operation and generation mode (valid and invalid input).
EXAMPLES = 25


def _tokens(db: Database) -> list[str | None]:
    tokens: list[str | None] = [None]
    now = utc_now()
    with db.session() as session:
        booth = session.query(Booth).filter_by(number=1).one()
        booth_token = new_token(BOOTH_TOKEN_PREFIX)
        booth.device_token_hash = token_hash(booth_token)
        tokens.append(booth_token)
        for username in ("cso1", "supervisor", "admin"):
            user = session.query(User).filter_by(username=username).one()
            token = new_token(USER_TOKEN_PREFIX)
            session.add(
                UserToken(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    created_at=now,
                    expires_at=now.replace(year=now.year + 1),
                )
            )
            tokens.append(token)
    return tokens


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Iterator[str | None]]]:
    """The app under fuzzing and an endless cycle of tokens."""
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    hub_settings = make_settings(data_dir, max_document_bytes=64 * 1024)
    db = Database.from_url(hub_settings.database_url())
    upgrade(db.engine)
    with db.session() as session:
        seed_demo(session, utc_now(), password_hasher=fast_password_hash)
    app = create_app(hub_settings, database=db)
    yield app, itertools.cycle(_tokens(db))
    db.dispose()


@pytest.fixture(scope="module")
def operations(fuzz_target: tuple[Any, Iterator[str | None]]) -> list[Any]:
    """Every API operation of the schema served by the app."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_target[0])
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors(
    mode: GenerationMode, operations: list[Any], fuzz_target: tuple[Any, Iterator[str | None]]
) -> None:
    tokens = fuzz_target[1]
    assert len(operations) >= 20
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.generate],
        )
        def fuzz(case: Any) -> None:
            token = next(tokens)
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            if case.path == "/api/v1/auth/login":
                headers = {}  # a failed login only feeds the rate limiter
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            fuzz()
        except Unsatisfiable:  # an operation without parameters has no invalid form to generate
            assert mode is GenerationMode.NEGATIVE
