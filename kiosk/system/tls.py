"""TLS as this PC sees the hub: which CA file it trusts, and the hub's TLS version and certificate expiry.

The setup wizard's connection test and the doctor's TLS check both verify against the same trust store, so a
branch CA installed with ``update-ca-certificates`` counts for both.
"""

from __future__ import annotations

import os
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

#: The expiry shown for a certificate without a ``notAfter`` date.
NEVER = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class TlsDetails:
    """The hub's TLS version and certificate expiry, or why the handshake was refused (`error`)."""

    version: str = ""
    expires: datetime = NEVER
    error: str = ""


def system_ca_file() -> str | None:
    """$REQUESTS_CA_BUNDLE, else the system's CA file (Debian: /etc/ssl/certs/ca-certificates.crt), if any.

    requests trusts only its own bundle unless told otherwise; a branch CA installed with
    ``update-ca-certificates`` is in the system's file, so the checks and the wizard verify against that.
    """
    for candidate in (os.environ.get("REQUESTS_CA_BUNDLE"), ssl.get_default_verify_paths().cafile):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def trust_store() -> str | bool:
    """What verifies the hub's certificate in requests' ``verify``: `system_ca_file`, else requests' own bundle."""
    return system_ca_file() or True


def tls_details(host: str, port: int, timeout: float) -> TlsDetails:
    """TLS version and certificate expiry of the hub, verified against the system's trust store."""
    context = ssl.create_default_context(cafile=system_ca_file())
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw, \
                context.wrap_socket(raw, server_hostname=host) as tls:
            cert = tls.getpeercert() or {}
            version = tls.version() or "TLS"
    except ssl.SSLCertVerificationError as exc:
        return TlsDetails(error=exc.verify_message or str(exc))
    except (OSError, ssl.SSLError) as exc:
        return TlsDetails(error=str(exc))
    not_after = str(cert.get("notAfter", ""))
    if not not_after:
        return TlsDetails(version=version)
    return TlsDetails(version=version, expires=datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), UTC))
