"""The employer's side of the collective channel: ``/api/v1/collective/...`` (sign-in, batches, letters, roster,
documents, invitations, results, the template). Thin: the work is in `kiosk.server.services.collective*`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from kiosk.domain.access import Principal
from kiosk.protocol.rest import (
    BatchPublic,
    DocumentsZipResult,
    EmployerSessionPublic,
    InvitationResult,
    LetterKind,
    LetterPublic,
    LoginRequest,
    RosterUploadResult,
    RowPage,
    RowPublic,
    RowStatus,
)
from kiosk.server.collective import result_files
from kiosk.server.collective.bodies import spool
from kiosk.server.collective.session import CollectiveUser, EmployerUser, clear_cookie, set_cookie
from kiosk.server.context import HubContext
from kiosk.server.deps import HubDep, client_ip
from kiosk.server.errors import forbidden, not_found
from kiosk.server.models import CollectiveBatch
from kiosk.server.repositories import audit
from kiosk.server.repositories import collective as repo
from kiosk.server.repositories.branches import find_branch
from kiosk.server.responses import download_headers, error_responses
from kiosk.server.security import new_id
from kiosk.server.services import auth, collective_confirm, collective_files
from kiosk.server.services import collective as service

router = APIRouter(prefix="/collective", tags=["collective"])
RAW_BODY = {"requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                "format": "binary"}}}}}
_DOWNLOAD = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
Language = Annotated[Literal["id", "en"], Query()]


@router.post("/login", response_model=EmployerSessionPublic,
             responses=error_responses({401: "wrong username or password", 403: "not a representative", 429: "limit"}))
def login(body: LoginRequest, request: Request, response: Response, hub: HubDep) -> EmployerSessionPublic:
    """Sign a representative in: the login token goes into the HttpOnly cookie ``kiosk_employer``."""
    result = auth.login(hub, body.username, body.password, client_ip(request))
    with hub.db.session() as session:
        employer = repo.represented_employer(session, result.user.id)
        public = repo.employer_public(employer) if employer is not None else None
    if public is None:
        auth.revoke_quietly(hub, result.token)
        raise forbidden("only an employer's representative signs in here")
    set_cookie(response, request, result.token)
    return EmployerSessionPublic(name=result.user.display_name, employer=public, expires_at=result.expires_at)


@router.post("/logout", status_code=204, response_class=Response)
def logout(request: Request, hub: HubDep) -> Response:
    """Sign out: the cookie's token is revoked and the cookie cleared."""
    token = request.cookies.get("kiosk_employer")
    if token and len(token) <= 200:
        auth.revoke_quietly(hub, token)
    response = Response(status_code=204)
    clear_cookie(response)
    return response


@router.get("/me", response_model=EmployerSessionPublic)
def me(hub: HubDep, who: EmployerUser) -> EmployerSessionPublic:
    """The signed-in representative and their employer."""
    with hub.db.session() as session:
        employer = repo.represented_employer(session, who.subject_id)
        if employer is None:
            raise forbidden("this account acts for no employer")
        return EmployerSessionPublic(name=who.name, employer=repo.employer_public(employer), expires_at=None)


@router.get("/template.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def template_csv() -> Response:
    """The roster template as CSV (the header row)."""
    return Response(result_files.template_csv(), media_type="text/csv; charset=utf-8",
                    headers={**_DOWNLOAD, "Content-Disposition": 'attachment; filename="kolektif-templat.csv"'})


@router.get("/template.xlsx", response_class=Response, responses={200: {"content": {result_files.XLSX_TYPE: {}}}})
def template_xlsx() -> Response:
    """The roster template as XLSX (text columns, and a sheet that explains each column)."""
    return Response(result_files.template_xlsx(), media_type=result_files.XLSX_TYPE,
                    headers={**_DOWNLOAD, "Content-Disposition": 'attachment; filename="kolektif-templat.xlsx"'})


@router.post("/batches", response_model=BatchPublic, status_code=201)
def create_batch(hub: HubDep, who: EmployerUser) -> BatchPublic:
    """Start a new collective filing for the representative's employer (audited)."""
    now = hub.now()
    with hub.db.session() as session:
        employer = repo.represented_employer(session, who.subject_id)
        if employer is None:
            raise forbidden("this account acts for no employer")
        batch = CollectiveBatch(id=new_id("cb"), employer_id=employer.id, branch_id=employer.branch_id,
                                created_by=who.subject_id, created_at=now, uploads=0)
        session.add(batch)
        session.flush()
        audit.record(session, at=now, actor=who.actor, action="collective.batch_created",
                             subject_type="collective_batch", subject_id=batch.id)
        return repo.batch_public(session, batch)


@router.get("/batches", response_model=list[BatchPublic])
def list_batches(hub: HubDep, who: CollectiveUser) -> list[BatchPublic]:
    """The representative's employer's batches, or (staff) the branch's; newest first."""
    with hub.db.session() as session:
        employer_id = service.represented(session, who)
        if employer_id is not None:
            batches = repo.batches_of(session, employer_id=employer_id)
        elif who.role.is_staff:
            branch = None if who.branch_code is None else find_branch(session, who.branch_code)
            batches = repo.batches_of(session, branch_id=branch.id if branch else None)
        else:
            raise forbidden("only representatives and the branch's staff see batches")
        return [repo.batch_public(session, b) for b in batches]


@router.get("/batches/{batch_id}", response_model=BatchPublic)
def get_batch(batch_id: str, hub: HubDep, who: CollectiveUser) -> BatchPublic:
    """A batch with its letters and counts."""
    with hub.db.session() as session:
        return repo.batch_public(session, service.visible_batch(session, who, batch_id))


@router.put("/batches/{batch_id}/letters/{kind}", response_model=LetterPublic, openapi_extra=RAW_BODY,
            responses=error_responses({413: "too large", 415: "not a JPEG, PNG or PDF file"}))
async def upload_letter(batch_id: str, kind: LetterKind, request: Request, hub: HubDep,
                        who: EmployerUser) -> LetterPublic:
    """Upload the power of attorney or the layoff letter (the body is the file: JPEG, PNG or PDF)."""
    await run_in_threadpool(_check_change, hub, who, batch_id)
    with await spool(request, hub.settings.server.max_document_bytes) as body:
        return await run_in_threadpool(collective_files.store_letter, hub, batch_id, who, kind, body)


def _check_change(hub: HubContext, who: Principal, batch_id: str) -> None:
    """403/404 before a byte of the body is read, when `who` may not change the batch."""
    with hub.db.session() as session:
        service.visible_batch(session, who, batch_id, change=True)


@router.put("/batches/{batch_id}/roster", response_model=RosterUploadResult, openapi_extra=RAW_BODY,
            responses=error_responses({413: "too_large, too_many_rows", 422: "wrong_columns, wrong_encoding, ..."}))
async def upload_roster(batch_id: str, request: Request, hub: HubDep, who: EmployerUser) -> RosterUploadResult:
    """Upload the roster (the body is the CSV or XLSX file): every row is checked and merged by worker (NIK)."""
    await run_in_threadpool(_check_change, hub, who, batch_id)
    with await spool(request, hub.settings.collective.max_roster_bytes) as body:
        data = body.read()
    return await run_in_threadpool(service.upload_roster, hub, batch_id, who, data)


@router.get("/batches/{batch_id}/rows", response_model=RowPage)
def list_rows(batch_id: str, hub: HubDep, who: CollectiveUser,
              offset: Annotated[int, Query(ge=0, le=10**6)] = 0,
              limit: Annotated[int, Query(ge=1, le=500)] = 100,
              status: Annotated[RowStatus | None, Query()] = None) -> RowPage:
    """A batch's rows by line (of one `status` when given: the officer's queue asks for ``confirmed`` or
    ``video_requested``), with their results, documents, confirmation, video visit, decision and claim."""
    with hub.db.session() as session:
        batch = service.visible_batch(session, who, batch_id)
        total, rows = repo.rows_page(session, batch.id, offset, limit, status)
        return RowPage(total=total, offset=offset, rows=repo.rows_public(session, rows))


@router.put("/batches/{batch_id}/documents", response_model=DocumentsZipResult, openapi_extra=RAW_BODY,
            responses=error_responses({413: "too large", 415: "not a zip"}))
async def upload_documents_zip(batch_id: str, request: Request, hub: HubDep,
                               who: EmployerUser) -> DocumentsZipResult:
    """Upload workers' documents as a zip of files named ``<NIK>_<document code>.jpg|png|pdf``."""
    await run_in_threadpool(_check_change, hub, who, batch_id)
    with await spool(request, hub.settings.collective.max_zip_bytes) as body:
        return await run_in_threadpool(collective_files.store_zip, hub, batch_id, who, body)


@router.put("/rows/{row_id}/documents/{document_type}", response_model=RowPublic, openapi_extra=RAW_BODY,
            responses=error_responses({413: "too large", 415: "not a JPEG, PNG or PDF file"}))
async def upload_row_document(row_id: Annotated[int, Path(ge=1, le=2**31 - 1)], document_type: str,
                              request: Request, hub: HubDep, who: EmployerUser) -> RowPublic:
    """Upload one worker's document (the body is the file)."""
    with await spool(request, hub.settings.server.max_document_bytes) as body:
        return await run_in_threadpool(collective_files.store_row_document, hub, row_id, who, document_type, body)


@router.post("/batches/{batch_id}/invitations", response_model=InvitationResult)
def invite(batch_id: str, request: Request, hub: HubDep, who: EmployerUser) -> InvitationResult:
    """Send each accepted worker not yet invited their confirmation code by SMS."""
    base = hub.settings.collective.public_url or str(request.base_url)
    return collective_confirm.invite(hub, batch_id, who, base)


def _result(hub: HubContext, who: Principal, batch_id: str, language: str, kind: str) -> Response:
    if kind not in ("csv", "xlsx", "pdf"):
        raise not_found("result")
    summary, lines = collective_files.result_lines(hub, batch_id, who, language)
    if kind == "csv":
        content, media = result_files.result_csv(lines, language), "text/csv; charset=utf-8"
    elif kind == "xlsx":
        content, media = result_files.result_xlsx(lines, language), result_files.XLSX_TYPE
    else:
        content, media = result_files.result_pdf(summary, lines, language), "application/pdf"
    name = f"kolektif-{batch_id}.{kind}"
    return Response(content, media_type=media, headers={**_DOWNLOAD, "Content-Disposition":
                                                         f'attachment; filename="{name}"'})


_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
_FILE = {200: {"content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}}},
         **error_responses({410: "the file was removed after its retention period"})}


def _file(content: bytes, media_type: str, name: str) -> Response:
    return Response(content, media_type=media_type,
                    headers=download_headers(f"{name}.{_EXTENSIONS.get(media_type, 'bin')}"))


@router.get("/batches/{batch_id}/letters/{kind}", response_class=Response, responses=_FILE)
def letter(batch_id: str, kind: LetterKind, hub: HubDep, who: CollectiveUser) -> Response:
    """A batch's power of attorney or layoff letter (the branch's staff, the employer; audited)."""
    content, media_type = collective_files.open_document(hub, who, batch_id=batch_id, kind=kind)
    return _file(content, media_type, f"{batch_id}-{kind}")


@router.get("/rows/{row_id}/documents/{document_type}", response_class=Response, responses=_FILE)
def row_document(row_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                 document_type: Annotated[str, Path(max_length=64)], hub: HubDep, who: CollectiveUser) -> Response:
    """A worker's document as the employer filed it (the branch's staff, the employer; audited as seen)."""
    content, media_type = collective_files.open_document(hub, who, row_id=row_id, kind=document_type)
    return _file(content, media_type, f"row-{row_id}-{document_type}")


@router.get("/batches/{batch_id}/result.{kind}", response_class=Response,
            responses={200: {"content": {"text/csv": {}, result_files.XLSX_TYPE: {}, "application/pdf": {}}}})
def result(batch_id: str, kind: str, hub: HubDep, who: CollectiveUser, lang: Language = "id") -> Response:
    """The batch's result per worker as ``csv``, ``xlsx`` or ``pdf`` (a summary), in ``lang`` (audited)."""
    return _result(hub, who, batch_id, lang, kind)
