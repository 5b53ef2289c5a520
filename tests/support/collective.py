"""The collective channel's console tests' hub: a real hub whose workers may all confirm from 127.0.0.1, a company
with its representative signed in, and the officer's desk over it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.app.console.collective import COLLECTIVE_OUTBOX_FILE_NAME, CollectiveDesk
from kiosk.app.console.collective_hub import CollectiveHubAdapter
from kiosk.client.claims_api import CollectiveRowClaims
from kiosk.client.outbox import Backoff, Outbox, Sender
from kiosk.demo.company import Company
from kiosk.server.sms import OUTBOX_NAME
from tests.support.hub import RunningHub, running_hub

PASSWORD = "perusahaan-rahasia-1"


@contextmanager
def collective_hub() -> Iterator[RunningHub]:
    """A hub where every worker confirms from this one address (in a branch each uses their own phone)."""
    with running_hub(collective={"confirm_attempts_per_address_per_minute": 500}) as hub:
        yield hub


def signed_in_company(hub: RunningHub) -> Company:
    """The demo company, registered at KDR by the admin, its representative signed in."""
    firm = Company(hub.base_url, hub.admin_token(), hub.settings.server_data_dir() / OUTBOX_NAME, timeout_s=20)
    firm.register("KDR", PASSWORD)
    firm.sign_in(PASSWORD)
    return firm


def officer_desk(hub: RunningHub, folder: Path, token: str, sender: Sender | None = None) -> CollectiveDesk:
    """An officer's collective desk with its outbox in `folder` (short retries)."""
    send = sender or CollectiveRowClaims(hub.base_url, lambda: token)
    outbox = Outbox(folder / COLLECTIVE_OUTBOX_FILE_NAME, send, backoff=Backoff(first_s=0.05, max_s=0.2))
    return CollectiveDesk(CollectiveHubAdapter(hub.client(token)), outbox)
