"""Who may call what: every role against every endpoint of the served OpenAPI schema (and the WebSocket), as data.

`tests/server/test_authz_matrix.py` runs each row against a small world and fails when an endpoint of the schema
has no row here or answers a role differently. Read a row left to right:

    anonymous    no token
    booth        KDR booth 1, whose session S is open
    cso          cso1 of KDR, the officer assigned to S
    supervisor   the supervisor of KDR
    admin        the admin of all branches
    other_cso    an officer of branch SBY
    other_sup    a supervisor of branch SBY

The world (built by the test): session S (a walk-in at KDR booth 1, assigned to cso1) with one document D,
a claim R submitted by cso1, the demo booking KDR-DEMAA2, and a one-time enrollment code E for KDR booth 7.
Each request runs in a savepoint that is rolled back, so every role finds the same world.

A WebSocket "status" is ``welcome`` (the hello was answered) or the close code of a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "booth", "cso", "supervisor", "admin", "other_cso", "other_sup")


@dataclass(frozen=True)
class Row:
    """One endpoint (or one case of it): the request, and the status each role gets, in `ROLES` order."""

    method: str
    path: str  # the schema's path; {session_id}, {document_id}, {code}, {reference} are filled from the world
    expected: tuple[int | str, ...]
    request: dict[str, Any] = field(default_factory=dict)  # json / params / files / data for the client
    values: dict[str, str] = field(default_factory=dict)  # path parameters other than the world's defaults
    why: str = ""

    @property
    def endpoint(self) -> str:
        """``METHOD /path`` as the schema names it."""
        return f"{self.method} {self.path}"


#: Unknown ids of the collective channel's batches and rows.
NO_BATCH = {"batch_id": "cb-0000000000000000"}
NO_ROW = {"row_id": "999999"}

# fmt: off
MATRIX: tuple[Row, ...] = (
    #                                                       anon booth  cso  sup admin o_cso o_sup
    Row("POST", "/api/v1/auth/login",                      (200,  200,  200, 200, 200,  200,  200),
        {"json": {"username": "cso1", "password": "cso1-demo"}}, why="a token is not needed, nor looked at"),
    Row("POST", "/api/v1/auth/logout",                     (401,  403,  204, 204, 204,  204,  204),
        why="users log out; a booth's device token is revoked by enrolling it again"),
    Row("GET", "/api/v1/auth/me",                          (401,  200,  200, 200, 200,  200,  200)),
    Row("POST", "/api/v1/users",                           (401,  403,  403, 403, 201,  403,  403),
        {"json": {"username": "newcso", "display_name": "Dian", "role": "cso", "branch_code": "KDR",
                  "password": "pw-123456"}}),
    Row("PATCH", "/api/v1/users/{user_id}",                (401,  403,  403, 403, 204,  403,  403),
        {"json": {"active": True}}, values={"user_id": "4"},
        why="admins only (re-enabling cso2 here; disabling is tested in tests/server/signaling/test_token_end.py)"),
    Row("POST", "/api/v1/booths/enrollment-codes",         (401,  403,  403, 403, 201,  403,  403),
        {"json": {"branch_code": "KDR", "booth_number": 8}}),
    Row("POST", "/api/v1/booths/enroll",                   (200,  200,  200, 200, 200,  200,  200),
        {"json": {"code": "{enrollment_code}"}}, why="the one-time code is the credential"),
    Row("GET", "/api/v1/booths",                           (401,  403,  403, 200, 200,  403,  403),
        {"params": {"branch_code": "KDR"}}),
    Row("GET", "/api/v1/booths/me",                        (401,  200,  403, 403, 403,  403,  403)),
    Row("GET", "/api/v1/booths/me/session",                (401,  200,  403, 403, 403,  403,  403)),
    Row("GET", "/api/v1/branches/{code}",                  (401,  200,  200, 200, 200,  403,  403),
        values={"code": "KDR"}),
    Row("POST", "/api/v1/bookings",                        (401,  403,  201, 201, 201,  403,  403),
        {"json": "{booking}"}, why="staff book at their own branch only (issue 16: an officer used up "
                                   "another branch's online quota)"),
    Row("GET", "/api/v1/bookings/{code}",                  (401,  200,  200, 200, 200,  404,  404),
        values={"code": "KDR-DEMAA2"}),
    Row("POST", "/api/v1/checkins",                        (401,  409,  403, 403, 403,  403,  403),
        {"json": {"walk_in": True}}, why="booths only; booth 1's session is open, so 409 booth_busy"),
    Row("GET", "/api/v1/sessions",                         (401,  200,  200, 200, 200,  200,  200),
        why="everyone gets a list, narrowed to what it may see (other branches: empty)"),
    Row("GET", "/api/v1/sessions/{session_id}",            (401,  200,  200, 200, 200,  404,  404)),
    Row("POST", "/api/v1/sessions/{session_id}/state",     (401,  403,  403, 200, 200,  404,  404),
        {"json": {"state": "cancelled"}}, why="cancelling is for supervisors and admins"),
    Row("PUT", "/api/v1/sessions/{session_id}/intake",     (401,  200,  200, 403, 403,  404,  404),
        {"json": {"claim_type": "JHT"}}),
    Row("POST", "/api/v1/sessions/{session_id}/documents", (401,  201,  201, 403, 403,  404,  404),
        {"files": "{image}", "data": {"document_type": "ektp"}}),
    Row("GET", "/api/v1/sessions/{session_id}/documents",  (401,  200,  200, 200, 200,  404,  404)),
    Row("GET", "/api/v1/documents/{document_id}/content",  (401,  403,  200, 200, 403,  404,  404),
        why="images are opened by the assigned officer and the branch's supervisors only"),
    Row("GET", "/api/v1/participants",                     (401,  403,  200, 200, 403,  200,  200),
        {"params": {"kpj": "{kpj}"}}, why="the registry is national: officers of every branch verify against it"),
    Row("POST", "/api/v1/claims",                          (401,  403,  201, 201, 403,  403,  403),
        {"json": "{claim}", "headers": {"Idempotency-Key": "matrix-1"}}),
    Row("GET", "/api/v1/claims/{reference}",               (401,  404,  200, 200, 200,  404,  404)),
    Row("GET", "/api/v1/audit/verify",                     (401,  403,  403, 200, 200,  403,  200)),
    Row("GET", "/api/v1/audit/events",                     (401,  403,  403, 200, 200,  403,  200),
        why="a supervisor reads its own branch's events (tests/server/api/test_branch_walls.py)"),
    Row("POST", "/api/v1/sessions/{session_id}/recording", (401,  403,  201, 403, 403,  404,  404),
        {"files": "{recording}"}),
    Row("POST", "/api/v1/sessions/{session_id}/verification-events",
                                                           (401,  403,  201, 201, 403,  404,  404),
        {"json": {"kind": "birth_date", "matched": True}}),
    Row("POST", "/api/v1/sessions/{session_id}/assist-events",
                                                           (401,  403,  201, 201, 403,  404,  404),
        {"json": {"check": "face_match", "verdict": "likely_same", "score": 0.41, "officer_call": "confirmed"}}),
    Row("GET", "/api/v1/ice-servers",                      (401,  200,  200, 200, 200,  200,  200),
        why="any caller may make WebRTC calls; the credential names a random id (tests/server/test_turn.py)"),
    # The online channel: public routes answer everyone alike; the rest take only a participant's web-session
    # cookie (none of these roles has one: a bearer token is refused 403, no credentials 401).
    Row("GET", "/api/v1/online/branches",                  (200,  200,  200, 200, 200,  200,  200)),
    Row("GET", "/api/v1/online/slots",                     (200,  200,  200, 200, 200,  200,  200),
        {"params": {"branch_code": "KDR", "date": "2030-01-07"}}),
    Row("POST", "/api/v1/online/bookings",                 (422,  422,  422, 422, 422,  422,  422),
        {"json": {}}, why="public: the body decides (this one is incomplete)"),
    Row("POST", "/api/v1/online/sign-in",                  (422,  422,  422, 422, 422,  422,  422),
        {"json": {}}, why="public: the body decides (this one is incomplete)"),
    Row("POST", "/api/v1/online/sign-out",                 (204,  204,  204, 204, 204,  204,  204)),
    Row("GET", "/api/v1/online/booking",                   (401,  403,  403, 403, 403,  403,  403)),
    Row("DELETE", "/api/v1/online/booking",                (401,  403,  403, 403, 403,  403,  403)),
    Row("PATCH", "/api/v1/online/booking",                 (401,  403,  403, 403, 403,  403,  403),
        {"json": {"date": "2030-01-07", "slot": "10:00"}}),
    Row("GET", "/api/v1/online/booking.ics",               (401,  403,  403, 403, 403,  403,  403)),
    Row("GET", "/api/v1/online/booking/qr.svg",            (401,  403,  403, 403, 403,  403,  403)),
    Row("POST", "/api/v1/online/consent",                  (401,  403,  403, 403, 403,  403,  403),
        {"json": {"accepted": True}}),
    Row("POST", "/api/v1/online/uploads",                  (401,  403,  403, 403, 403,  403,  403),
        {"json": {"document_type": "ektp", "size": 10}}),
    Row("GET", "/api/v1/online/uploads/{upload_id}",       (401,  403,  403, 403, 403,  403,  403),
        values={"upload_id": "0" * 32}),
    Row("HEAD", "/api/v1/online/uploads/{upload_id}",      (401,  403,  403, 403, 403,  403,  403),
        values={"upload_id": "0" * 32}),
    Row("PATCH", "/api/v1/online/uploads/{upload_id}",     (401,  403,  403, 403, 403,  403,  403),
        {"content": b"x", "headers": {"Upload-Offset": "0"}}, values={"upload_id": "0" * 32}),
    Row("POST", "/api/v1/online/join",                     (401,  403,  403, 403, 403,  403,  403)),
    # The collective channel (issue 14). The world has no employer or batch: what each role may reach is shown on
    # unknown ids (404 where a role may look, 403 where it may not act at all); the flow with a real batch, and
    # another employer's representative, are in tests/server/collective/test_flow.py.
    Row("POST", "/api/v1/collective/login",                (403,  403,  403, 403, 403,  403,  403),
        {"json": {"username": "cso1", "password": "cso1-demo"}}, why="only representatives sign in there"),
    Row("POST", "/api/v1/collective/logout",               (204,  204,  204, 204, 204,  204,  204)),
    Row("GET", "/api/v1/collective/me",                    (401,  403,  403, 403, 403,  403,  403)),
    Row("GET", "/api/v1/collective/template.csv",          (200,  200,  200, 200, 200,  200,  200)),
    Row("GET", "/api/v1/collective/template.xlsx",         (200,  200,  200, 200, 200,  200,  200)),
    Row("POST", "/api/v1/collective/batches",              (401,  403,  403, 403, 403,  403,  403)),
    Row("GET", "/api/v1/collective/batches",               (401,  403,  200, 200, 200,  200,  200),
        why="staff see their branch's batches, representatives their employer's"),
    Row("GET", "/api/v1/collective/batches/{batch_id}",    (401,  404,  404, 404, 404,  404,  404),
        values=NO_BATCH),
    Row("PUT", "/api/v1/collective/batches/{batch_id}/letters/{kind}",
                                                           (401,  403,  403, 403, 403,  403,  403),
        {"content": b"x"}, values={"batch_id": "cb-0000000000000000", "kind": "layoff_letter"}),
    Row("GET", "/api/v1/collective/batches/{batch_id}/letters/{kind}",
                                                           (401,  404,  404, 404, 404,  404,  404),
        values={"batch_id": "cb-0000000000000000", "kind": "layoff_letter"}),
    Row("GET", "/api/v1/collective/rows/{row_id}/documents/{document_type}",
                                                           (401,  404,  404, 404, 404,  404,  404),
        values={"row_id": "999999", "document_type": "ektp"}),
    Row("PUT", "/api/v1/collective/batches/{batch_id}/roster",
                                                           (401,  403,  403, 403, 403,  403,  403),
        {"content": b"nik"},
        values=NO_BATCH),
    Row("GET", "/api/v1/collective/batches/{batch_id}/rows", (401,  404,  404, 404, 404,  404,  404),
        values=NO_BATCH),
    Row("PUT", "/api/v1/collective/batches/{batch_id}/documents",
                                                           (401,  403,  403, 403, 403,  403,  403),
        {"content": b"PK"},
        values=NO_BATCH),
    Row("PUT", "/api/v1/collective/rows/{row_id}/documents/{document_type}",
                                                           (401,  403,  403, 403, 403,  403,  403),
        {"content": b"x"}, values={"row_id": "999999", "document_type": "ektp"}),
    Row("POST", "/api/v1/collective/batches/{batch_id}/invitations",
                                                           (401,  403,  403, 403, 403,  403,  403),
        values=NO_BATCH),
    Row("GET", "/api/v1/collective/batches/{batch_id}/result.{kind}",
                                                           (401,  404,  404, 404, 404,  404,  404),
        values={"batch_id": "cb-0000000000000000", "kind": "csv"}),
    Row("POST", "/api/v1/collective/employers",            (401,  403,  403, 403, 201,  403,  403),
        {"json": {"npp": "NPP55555555", "name": "PT Matriks", "branch_code": "KDR"}}),
    Row("GET", "/api/v1/collective/employers",             (401,  403,  403, 200, 200,  403,  200)),
    Row("POST", "/api/v1/collective/employers/{employer_id}/representatives",
                                                           (401,  404,  404, 404, 404,  404,  404),
        {"json": {"username": "hrd.matriks", "display_name": "HRD", "password": "pw-12345678"}},
        values={"employer_id": "999999"}),
    Row("POST", "/api/v1/collective/rows/{row_id}/decision", (401,  404,  404, 404, 404,  404,  404),
        {"json": {"decision": "approve"}},
        values=NO_ROW),
    Row("POST", "/api/v1/collective/rows/{row_id}/video-invitation",
                                                           (401,  404,  404, 404, 404,  404,  404),
        values=NO_ROW, why="the branch's officers invite (as they decide); the row is unknown to everyone here"),
    Row("POST", "/api/v1/collective/batches/{batch_id}/approve-clean",
                                                           (401,  404,  404, 404, 404,  404,  404),
        values=NO_BATCH),
    Row("POST", "/api/v1/collective/rows/{row_id}/claim",  (401,  404,  404, 404, 404,  404,  404),
        values=NO_ROW),
    Row("POST", "/api/v1/collective/confirmation/lookup",  (404,  404,  404, 404, 404,  404,  404),
        {"json": {"code": "ABCD2345", "nik": "3571011705880001"}}, why="the code and the NIK are the credential"),
    Row("POST", "/api/v1/collective/confirmation",         (404,  404,  404, 404, 404,  404,  404),
        {"json": {"code": "ABCD2345", "nik": "3571011705880001", "answer": "confirm"}}),
    Row("GET", "/healthz",                                 (200,  200,  200, 200, 200,  200,  200)),
    Row("GET", "/metrics",                                 (200,  200,  200, 200, 200,  200,  200)),
    Row("WS", "/api/v1/ws",                                (4401, "welcome", "welcome", "welcome", 4403,
                                                            "welcome", "welcome"),
        why="booths and officers signal; an admin has no console"),
)
# fmt: on
