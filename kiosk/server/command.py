"""`kiosk server`: run the hub, or one of its maintenance commands.

    kiosk server [--host H] [--port P] [--certfile F --keyfile K]   run the hub (migrates first)
    kiosk server --workers 4                                        ... as 4 processes (needs server.cluster_url)
    kiosk server migrate                                            apply database migrations
    kiosk server seed-demo                                          load the demo branch, users, booths, registry
    kiosk server enroll-booth --branch KDR --booth 3                print a one-time enrollment code
    kiosk server create-user --username U --role cso --branch KDR   create a user (password asked, or --password-stdin)
    kiosk server purge                                              erase personal data past its retention period
    kiosk server verify-audit                                       verify the audit chain (exit 1 when broken)
    kiosk server rotate-audit-key                                   sign audit events with a new key from now on

The top level of this module stays light (argparse only): heavy imports happen inside `run`.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any

from kiosk.config import Settings

if TYPE_CHECKING:
    from kiosk.server.db import Database

HELP = "the branch hub: REST API, signaling, database, documents"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `kiosk server` and its maintenance subcommands."""
    parser.add_argument("--host", help="address to listen on (default: server.host)")
    parser.add_argument("--port", type=int, help="port to listen on (default: server.port)")
    parser.add_argument("--certfile", help="TLS certificate (PEM); serves HTTPS/WSS with --keyfile")
    parser.add_argument("--keyfile", help="TLS private key (PEM)")
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N",
        help="serve with N processes on the one port (needs server.cluster_url: Redis, and PostgreSQL)",
    )
    sub = parser.add_subparsers(dest="server_command", metavar="SUBCOMMAND")
    sub.add_parser("migrate", help="apply database migrations and exit")
    sub.add_parser("seed-demo", help="load demo data (branch KDR, users, booths 1-10, fictional registry)")
    enroll = sub.add_parser("enroll-booth", help="print a one-time enrollment code for a booth")
    enroll.add_argument("--branch", required=True, help="branch code, e.g. KDR")
    enroll.add_argument("--booth", required=True, type=int, help="booth number")
    sub.add_parser("purge", help="erase files and personal data past their retention periods (run daily)")
    sub.add_parser("verify-audit", help="verify the audit chain's MACs and checkpoints; exit 1 when it is broken")
    sub.add_parser("rotate-audit-key", help="start a new audit HMAC key (older keys stay to verify older events)")
    user = sub.add_parser("create-user", help="create a CSO, supervisor or admin")
    user.add_argument("--username", required=True)
    user.add_argument("--display-name", help="name shown to participants (default: the username)")
    user.add_argument("--role", required=True, choices=["cso", "supervisor", "admin"])
    user.add_argument("--branch", help="branch code (required for cso and supervisor)")
    user.add_argument("--cap", type=int, help="booths this officer serves at once")
    user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the chosen command; return the exit code."""
    command = args.server_command
    if command == "migrate":
        return _migrate(settings)
    if command == "seed-demo":
        return _seed(settings)
    if command == "enroll-booth":
        return _enroll(settings, args.branch, args.booth)
    if command == "create-user":
        return _create_user(settings, args)
    if command == "purge":
        return _purge(settings)
    if command == "verify-audit":
        return _verify_audit(settings)
    if command == "rotate-audit-key":
        return _rotate_audit_key(settings)
    return _serve(settings, args)


def _database(settings: Settings) -> Database:
    from kiosk.server.context import utc_now
    from kiosk.server.db import Database
    from kiosk.server.migrate import upgrade
    from kiosk.server.services.audit import install_keys

    db = Database.from_url(settings.database_url(), pool_size=2)
    upgrade(db.engine)
    install_keys(db, settings, utc_now(), actor="cli")  # every command's audit events are signed
    return db


def _verify_audit(settings: Settings) -> int:
    from kiosk.server.context import utc_now
    from kiosk.server.services.audit import verify

    db = _database(settings)
    try:
        report = verify(db, utc_now())
    finally:
        db.dispose()
    if report.ok:
        print(f"audit chain holds: {report.events} events, head {report.head_seq} (checkpointed)")
        return 0
    kind = report.kind.value if report.kind else "unknown"
    print(f"audit chain broken at event {report.first_broken_seq} ({kind}): {report.problem}", file=sys.stderr)
    return 1


def _rotate_audit_key(settings: Settings) -> int:
    from kiosk.server.context import utc_now
    from kiosk.server.services.audit import rotate_key

    db = _database(settings)
    try:
        key_id = rotate_key(db, settings, utc_now())
    finally:
        db.dispose()
    # The id only: the key itself is never printed or logged.
    print(f"audit events are signed with key {key_id} from now on; older keys stay in {settings.audit_key_file()}")
    return 0


def _migrate(settings: Settings) -> int:
    from kiosk.server.context import utc_now
    from kiosk.server.db import Database
    from kiosk.server.migrate import current_revision, upgrade
    from kiosk.server.services.audit import install_keys

    db = Database.from_url(settings.database_url(), pool_size=1)
    try:
        upgrade(db.engine)
        install_keys(db, settings, utc_now(), actor="cli")  # creates the key on the first set-up, re-anchoring
        with db.engine.connect() as connection:
            print(f"database at revision {current_revision(connection)} ({db.dialect})")
    finally:
        db.dispose()
    return 0


def _seed(settings: Settings) -> int:
    from kiosk.server.context import utc_now
    from kiosk.server.seed import DEMO_USERS, seed_demo

    db = _database(settings)
    try:
        with db.session() as session:
            added = seed_demo(session, utc_now())
    finally:
        db.dispose()
    print("demo data loaded: " + ", ".join(f"{n} {what}" for what, n in added.items()))
    print("demo logins (demo only): " + ", ".join(f"{u.username}/{u.password}" for u in DEMO_USERS))
    print("bookings for today: KDR-DEMAA2, KDR-DEMAB3, KDR-DEMAC4")
    return 0


def _purge(settings: Settings) -> int:
    from kiosk.server.context import utc_now
    from kiosk.server.retention import PersonalDataPolicy, purge_expired
    from kiosk.server.storage import open_stores

    db = _database(settings)
    stores = open_stores(settings)
    try:
        report = purge_expired(
            db,
            stores.documents,
            stores.recordings,
            settings.server.retention_days,
            utc_now(),
            personal=PersonalDataPolicy.from_settings(settings),
        )
    finally:
        db.dispose()
    print(
        f"removed {report.documents} document files and {report.recordings} recordings past "
        f"{settings.server.retention_days} days; erased the personal data of {report.sessions} sessions, "
        f"{report.bookings} bookings, {report.claims} claims and {report.collective_rows} collective rows past "
        f"their periods, and removed {report.collective_files} collective document files"
    )
    return 0


def _enroll(settings: Settings, branch: str, booth: int) -> int:
    from kiosk.server.context import utc_now
    from kiosk.server.errors import ApiError
    from kiosk.server.services.booths import create_enrollment_code

    db = _database(settings)
    try:
        with db.session() as session:
            code = create_enrollment_code(
                session,
                branch_code=branch.upper(),
                booth_number=booth,
                actor="cli",
                now=utc_now(),
                ttl_s=settings.server.enrollment_code_ttl_s,
            )
    except ApiError as exc:
        print(f"kiosk server enroll-booth: {exc.message}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"enrollment code for {code.branch_code} booth {code.booth_number}: {code.code}")
    print(f"valid until {code.expires_at.isoformat(timespec='minutes')}; enter it in the booth's setup wizard")
    _print_qr(code.code)
    return 0


def _print_qr(text: str) -> None:
    """`text` as a QR code in the terminal, for the setup wizard's "Scan QR" (held up to the booth's camera)."""
    import segno

    print("or show this QR code to the booth's camera (setup wizard, Scan QR):")
    # Alphanumeric mode keeps the code small (version 1); a quiet zone of two modules is enough.
    segno.make_qr(text, error="m").terminal(compact=True, border=2)  # a full QR: cameras do not read Micro QR


def _create_user(settings: Settings, args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from kiosk.protocol.rest import UserCreate
    from kiosk.server.context import utc_now
    from kiosk.server.errors import ApiError
    from kiosk.server.repositories.users import create_user
    from kiosk.server.security import hash_password

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("password: ")
    try:
        body = UserCreate(
            username=args.username,
            display_name=args.display_name or args.username,
            role=args.role,
            branch_code=args.branch.upper() if args.branch else None,
            password=password,
            console_cap=args.cap,
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        print(f"kiosk server create-user: {problems}", file=sys.stderr)
        return 2
    if body.role != "admin" and body.branch_code is None:
        print("kiosk server create-user: a cso or supervisor needs --branch", file=sys.stderr)
        return 2
    password_hash = hash_password(body.password)  # slow on purpose: before the transaction, not inside it
    db = _database(settings)
    try:
        with db.session() as session:
            create_user(
                session=session,
                user_create=body,
                password_hash=password_hash,
                now=utc_now(),
                actor="cli",
            )
    except ApiError as exc:
        messages = {"username_taken": f"{body.username} exists", "unknown_branch": f"no branch {body.branch_code}"}
        print(f"kiosk server create-user: {messages.get(exc.code, exc.message)}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"user {body.username} ({body.role}) created")
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.protocol import MAX_MESSAGE_BYTES
    from kiosk.server.app import create_app
    from kiosk.server.serving import HubServer

    host = args.host or settings.server.host
    port = args.port or settings.server.port
    certfile = args.certfile or settings.server.certfile
    keyfile = args.keyfile or settings.server.keyfile
    if bool(certfile) != bool(keyfile):
        print("kiosk server: give both --certfile and --keyfile for TLS", file=sys.stderr)
        return 2
    workers = args.workers
    if workers < 1:
        print("kiosk server: --workers needs at least 1", file=sys.stderr)
        return 2
    if workers > 1 and not settings.server.cluster_url:
        print(
            "kiosk server: --workers needs server.cluster_url (a Redis the processes share their signaling through) "
            "and a PostgreSQL database (server.database_url); see docs/scaling.md",
            file=sys.stderr,
        )
        return 2
    if workers > 1:
        _prepare_workers(settings, args)
        app: Any = f"{__name__}:worker_app"
    else:
        app = create_app(settings)
    # REST handlers run in worker threads; with Python's default 5 ms GIL switch interval a busy handler can hold
    # the event loop (and every signaling relay) for several intervals. 1 ms keeps relay latency short under load.
    sys.setswitchinterval(0.001)
    config = uvicorn.Config(
        app,
        factory=workers > 1,
        workers=workers,
        host=host,
        port=port,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        ws_max_size=MAX_MESSAGE_BYTES + 1024,
        # No access log: nothing of a request (its path, its query) is worth the risk of logging a secret.
        access_log=False,
        log_config=None,
        proxy_headers=False,
        # Booths and consoles keep WebSockets open; do not wait for them forever on shutdown.
        timeout_graceful_shutdown=5,
    )
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        # One listening socket, N processes accepting on it; each is a hub instance of the cluster. uvicorn runs
        # its own server in each, which closes the sockets with 1012 (service restart: clients connect again).
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        HubServer(config).run()  # closes the signaling sockets with 1001 before uvicorn's 1012
    return 0


#: Where `worker_app` finds the settings file of `kiosk server --workers N` (each worker is a new process).
_WORKER_CONFIG = "KIOSK_HUB_WORKER_CONFIG"


def _prepare_workers(settings: Settings, args: argparse.Namespace) -> None:
    """Before the workers start: migrate and install the audit keys once (not N times at once)."""
    from kiosk.server.context import utc_now
    from kiosk.server.migrate import upgrade
    from kiosk.server.services.audit import install_keys

    db = _database(settings)
    try:
        upgrade(db.engine)
        install_keys(db, settings, utc_now())
    finally:
        db.dispose()
    os.environ[_WORKER_CONFIG] = str(getattr(args, "config", None) or "")


def worker_app() -> Any:
    """The app of one process of `kiosk server --workers N` (uvicorn calls this in each worker)."""
    from kiosk.config import load_settings
    from kiosk.logs import setup_logging
    from kiosk.server.app import create_app

    settings = load_settings(os.environ.get(_WORKER_CONFIG) or None)
    setup_logging(settings.log_level)
    sys.setswitchinterval(0.001)
    return create_app(settings, migrate=False)


def main(argv: list[str] | None = None) -> int:
    """`python -m kiosk.server.command ...`: the same as `kiosk server ...`, without the other subcommands."""
    from kiosk.config import ConfigError, load_settings
    from kiosk.logs import setup_logging

    parser = argparse.ArgumentParser(prog="kiosk server", description=HELP)
    parser.add_argument("--config", metavar="PATH", help="settings file")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"kiosk server: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    return run(args, settings)


if __name__ == "__main__":
    raise SystemExit(main())
