"""The FastAPI application: extraction, batch, registry, task tables, review page.

Build it with :func:`vnnotice.service.create_app`; this module imports
FastAPI at the top, so it is imported only when the ``service`` extra is
installed.
"""
from __future__ import annotations

import asyncio
import re
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import date
from http import HTTPStatus
from pathlib import Path
from typing import Any, AsyncIterator, Literal, Optional, Union

from fastapi import Body, FastAPI, File, Form, Query, Request
from fastapi import UploadFile as Upload
from fastapi.routing import APIRoute
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from .. import __version__
from .._native import describe as describe_build
from ..batch.workers import WorkerDied, WorkerPool
from ..export import to_gold
from ..read import READERS, ReadError
from ..records import Notice, RegistryLink
from .gold import GoldRecord
from .limits import (CLIENT_GONE, PROBLEM_TYPE, Admission, BodyLimit, Guard, Problem, disconnected, problem_body, run_in_slot,
                     saturated, wait_for_work)
from .settings import Settings
from .tasks import task_rows, to_csv, to_xlsx
from ..stages import EARLIEST_REFERENCE, LATEST_REFERENCE
from .work import EXTRACT, EXTRACT_JSON, REVIEW, Document

#: dates a request may give as reference_date (deadline arithmetic stays inside the calendar)
EARLIEST, LATEST = EARLIEST_REFERENCE, LATEST_REFERENCE

STATIC = Path(__file__).resolve().parent.parent / "static"

#: files of the Swagger UI package (``swagger-ui-bundle-v2``) that /docs serves under /docs/assets/
SWAGGER_ASSETS = {"swagger-ui.css": "text/css; charset=utf-8",
                  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
                  "favicon-32x32.png": "image/png"}
DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>vnnotice API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


def swagger_ui_folder() -> Optional[Path]:
    """The folder of the Swagger UI files (module ``swagger_ui_bundle`` of ``swagger-ui-bundle-v2``); None when it is not installed."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    folder = Path(swagger_ui_path)
    return folder if all((folder / name).is_file() for name in SWAGGER_ASSETS) else None

#: content types of an uploaded part accepted when its file name has no known suffix
TEXT_TYPES = {"text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md", "text/html": ".html"}


class ExtractRequest(BaseModel):
    """One document sent as JSON."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1, description="The document text (plain text, Markdown or HTML).")
    filename: Optional[str] = Field(None, max_length=255, description="Name of the document; its suffix picks the reader and it is echoed as `source`.")
    reference_date: Optional[date] = Field(None, ge=EARLIEST, le=LATEST, description="Date relative deadlines are read against (ISO 8601, 1900-01-01 to 2199-12-31); the document's own dates win when absent.")


class ProblemDetails(BaseModel):
    """An RFC 9457 problem object (``application/problem+json``)."""

    type: str = Field(..., description="URI reference naming the kind of problem, e.g. '/problems/too-large'.")
    title: str = Field(..., description="Short summary of the kind of problem.")
    status: int = Field(..., description="The HTTP status code.")
    detail: str = Field(..., description="What went wrong with this request, in words.")


class BatchItem(BaseModel):
    """One result of a batch: the extraction or the problem of that document."""

    index: int = Field(..., description="Position of the document in the request.")
    ok: bool = Field(..., description="True when the document was extracted.")
    result: Optional[Union[Notice, GoldRecord]] = Field(None, description="The Notice (GoldRecord with ?format=gold) when ok.")
    error: Optional[ProblemDetails] = Field(None, description="The problem when not ok.")


class TaskRow(BaseModel):
    """One row of the task table (one directive)."""

    directive: str
    marker: str
    text: str
    lead: list[str]
    cooperate: list[str]
    report_to: list[str]
    due: Optional[date]
    citations: list[str]
    source: Literal["body", "appendix"] = "body"
    product: Optional[str] = None


class Review(BaseModel):
    """What the review page shows for one document."""

    html: str = Field(..., description="The clean text as HTML, with directive markers, units (by role), deadlines and citations in <mark data-label> elements.")
    tasks: list[TaskRow] = Field(..., description="The task table.")
    summary: dict[str, Any] = Field(..., description="Header fields, counts and warnings.")
    notice: dict[str, Any] = Field(..., description="The Notice (clean text and every record with its character spans), which the page draws and corrects.")
    gold: GoldRecord = Field(..., description="The Notice in the gold-annotation shape (directives without `text`), the base of the corrected record the page downloads.")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class CorrectedTasks(BaseModel):
    """The task table as a clerk corrected it on the review page."""

    model_config = ConfigDict(extra="forbid")

    document: Optional[str] = Field(None, max_length=255, description="Name of the document; it names the downloaded file.")
    rows: list[TaskRow] = Field(..., max_length=5000, description="The rows, in the order of the table.")

    @model_validator(mode="after")
    def _printable(self) -> "CorrectedTasks":
        """Control characters (other than tab and line breaks) cannot go into a spreadsheet cell."""
        for i, row in enumerate(self.rows):
            for key, value in row.model_dump().items():
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str) and _CONTROL.search(text):
                        raise ValueError(f"rows[{i}].{key} holds a control character")
        return self


# -- request parsing ------------------------------------------------------------


def _field_errors(exc: ValidationError, prefix: tuple[Any, ...] = ("body",)) -> list[dict[str, Any]]:
    return [{"loc": [*prefix, *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()]


def _invalid(detail: str, errors: list[dict[str, Any]] | None = None) -> Problem:
    return Problem(422, "invalid-request", "Invalid request", detail, errors=errors or [])


def _describe(errors: list[dict[str, Any]]) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors[:5])


def parse_item(item: Any, prefix: tuple[Any, ...] = ("body",)) -> Document:
    """A JSON document object as a :class:`Document`; 422 when it is not one."""
    try:
        req = ExtractRequest.model_validate(item)
    except ValidationError as exc:
        errors = _field_errors(exc, prefix)
        raise _invalid(_describe(errors), errors) from None
    return Document(req.text, req.filename, req.reference_date)


def _upload_name(upload: UploadFile) -> Optional[str]:
    """The name the upload is read under; 415 when neither its suffix nor its content type is a known text format."""
    name = upload.filename or None
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in READERS:
        return name
    ctype = (upload.content_type or "").split(";")[0].strip().lower()
    if not suffix and ctype in TEXT_TYPES:
        return (name or "upload") + TEXT_TYPES[ctype]
    known = ", ".join(sorted(READERS))
    raise Problem(415, "unsupported-type", "Unsupported document type",
                  f"cannot read {name or 'the upload'!r} ({ctype or 'no content type'}); supported suffixes: {known}")


def _form_date(value: Any) -> Optional[date]:
    if value is None or value == "":
        return None
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        day = None
    if day is not None and EARLIEST <= day <= LATEST:
        return day
    if day is not None:
        raise _invalid(f"reference_date {day.isoformat()} is outside {EARLIEST.isoformat()} to {LATEST.isoformat()}",
                       [{"loc": ["body", "reference_date"], "msg": "out of range", "type": "less_than_equal"}])
    raise _invalid(f"reference_date {str(value)[:40]!r} is not an ISO date (YYYY-MM-DD)",
                   [{"loc": ["body", "reference_date"], "msg": "not an ISO date", "type": "date_from_datetime_parsing"}])


async def upload_document(file: UploadFile, reference_date: Optional[str], filename: Optional[str]) -> Document:
    """The document of a multipart upload (the typed parameters of an upload route)."""
    name = _upload_name(file)
    data = await file.read()
    if not data:
        raise Problem(400, "unreadable", "Unreadable document", f"{file.filename or 'upload'}: empty file")
    return Document(data, filename or name, _form_date(reference_date))


def _body_kind(scope: Any) -> str:
    """``json``, ``multipart`` or the bare content type of a request."""
    for key, value in scope.get("headers", ()):
        if key == b"content-type":
            ctype = value.decode("latin-1").split(";")[0].strip().lower()
            if ctype == "application/json" or ctype.endswith("+json"):
                return "json"
            return "multipart" if ctype == "multipart/form-data" else ctype
    return ""


class _BodyRoute(APIRoute):
    """A route with a typed body of one content type (:attr:`kind`): it matches only requests of that type,
    so one path has a typed JSON body and a typed upload, and any other type falls through to a 415 route.

    FastAPI's own body errors become problems: a JSON nested too deeply or a body that does not parse is
    422, and a problem raised while the body is read (413, 408) stays itself."""

    kind = ""

    def matches(self, scope: Any) -> tuple[Match, dict[str, Any]]:
        match, child = super().matches(scope)
        if match is Match.FULL and _body_kind(scope) != self.kind:
            return Match.NONE, {}
        return match, child

    def get_route_handler(self) -> Any:
        handler = super().get_route_handler()
        kind = self.kind

        async def problems_for_bodies(request: Request) -> Response:
            try:
                return await handler(request)
            except StarletteHTTPException as exc:
                cause = exc.__cause__
                if exc.status_code != 400 or cause is None:
                    raise
                if isinstance(cause, Problem):
                    raise cause from None
                if isinstance(cause, RecursionError):
                    raise _invalid("the body's JSON nests too deeply") from None
                raise _invalid(f"the {kind} body cannot be parsed: {cause}") from None

        return problems_for_bodies


class _JsonRoute(_BodyRoute):
    kind = "json"


class _UploadRoute(_BodyRoute):
    kind = "multipart"


def _unsupported(what: str) -> Any:
    """The endpoint of a path's last route: a body of any other type is 415."""

    async def unsupported_media_type(request: Request) -> Response:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        raise Problem(415, "unsupported-media-type", "Unsupported media type",
                      f"send {what}, not {ctype or 'a body without content type'}")

    return unsupported_media_type


# -- work done in worker processes (see .work) ---------------------------------


def _shape(notice: Notice, fmt: str, doc: Document) -> dict[str, Any]:
    return to_gold(notice, doc.filename) if fmt == "gold" else notice.model_dump(mode="json")


class _Lazy:
    """The registry, built once on first use, shared by the threads that match units."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._registry: Any = None

    def registry(self) -> Any:
        with self._lock:
            if self._registry is None:
                from ..registry import Registry

                self._registry = Registry.default()
            return self._registry


# -- responses -------------------------------------------------------------------


def problem_response(problem: Problem) -> JSONResponse:
    """A problem as an ``application/problem+json`` response."""
    headers = {"Retry-After": str(problem.extra["retry_after"])} if "retry_after" in problem.extra else None
    return JSONResponse(problem.body(), status_code=problem.status, media_type=PROBLEM_TYPE, headers=headers)


def _unreadable(exc: ReadError) -> Problem:
    return Problem(400, "unreadable", "Unreadable document", f"{exc.name}: {exc.reason}", reason=exc.reason)


def _over_budget(exc: BaseException) -> Problem:
    return Problem(422, "over-budget", "Document over the memory budget",
                   f"the document needs more memory than the service gives one extraction ({type(exc).__name__})")


def _install_handlers(app: FastAPI) -> None:
    """Every error as ``application/problem+json``."""

    @app.exception_handler(Problem)
    async def on_problem(_: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc)

    @app.exception_handler(ReadError)
    async def on_read_error(_: Request, exc: ReadError) -> JSONResponse:
        return problem_response(_unreadable(exc))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
        broken = next((e for e in exc.errors() if e.get("type") == "json_invalid"), None)
        if broken is not None:  # FastAPI's JSON parse error: say it as the service always did
            reason = (broken.get("ctx") or {}).get("error", "")
            where = broken.get("loc", ("body", "?"))[-1]
            return problem_response(_invalid(f"the body is not valid JSON: {reason} (character {where})", jsonable_encoder(errors)))
        if any(e["loc"] == ["body", "file"] and e["type"] == "missing" for e in errors):
            return problem_response(_invalid("the multipart body has no file part named 'file'", jsonable_encoder(errors)))
        return problem_response(_invalid(_describe(errors), jsonable_encoder(errors)))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        phrase = HTTPStatus(exc.status_code).phrase if exc.status_code in HTTPStatus._value2member_map_ else "Error"
        code = phrase.lower().replace(" ", "-")
        response = problem_response(Problem(exc.status_code, code, phrase, str(exc.detail)))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(MemoryError)
    async def on_memory(_: Request, exc: MemoryError) -> JSONResponse:
        return problem_response(_over_budget(exc))

    @app.exception_handler(WorkerDied)
    async def on_worker_died(_: Request, exc: WorkerDied) -> JSONResponse:
        return problem_response(_over_budget(exc))

    @app.exception_handler(Exception)
    async def on_crash(_: Request, exc: Exception) -> JSONResponse:
        return problem_response(Problem(500, "internal", "Internal error", f"extraction failed: {type(exc).__name__}"))


# -- OpenAPI descriptions --------------------------------------------------------

#: the upload a document route takes besides its typed JSON body (its own route, see _BodyRoute), in the one operation
_DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "The document (.txt, .md, .html …)."},
                    "reference_date": {"type": "string", "format": "date"},
                    "filename": {"type": "string", "maxLength": 255},
                },
            }},
        },
    }
}
_PROBLEM = {"model": ProblemDetails, "content": {PROBLEM_TYPE: {}}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {**_PROBLEM, "description": "Unreadable document (the reader's reason in `detail`)."},
    413: {**_PROBLEM, "description": "Body above the size limit."},
    415: {**_PROBLEM, "description": "Unsupported media type or document type."},
    422: {**_PROBLEM, "description": "Invalid JSON or fields, or a document over the memory budget."},
    503: {**_PROBLEM, "description": "Every extraction worker is busy and the queue is full; retry later."},
    504: {**_PROBLEM, "description": "The extraction was not done within the timeout (queue time included); its work was stopped."},
}
#: the items of a batch are documents (each validated on its own: a bad one is an error item)
_BATCH_BODY = {
    "requestBody": {"content": {"application/json": {"schema": {"items": {"$ref": "#/components/schemas/ExtractRequest"}}}}},
}
_FORMAT_DESCRIPTION = "json: the Notice; gold: the GoldRecord (the gold-annotation shape scorers read)."


def _document_routes(app: FastAPI, path: str, respond: Any, *, name: str, doc: str, with_format: bool = False,
                     **route: Any) -> None:
    """``POST path`` with one document: a typed JSON body (:class:`ExtractRequest`) or a typed upload
    (``file``, ``reference_date``, ``filename``), answered alike by ``respond(document, format, request)``;
    any other body is 415. One operation in the OpenAPI, with both content types."""
    if with_format:
        async def as_json(request: Request, body: ExtractRequest,
                          format: Literal["json", "gold"] = Query("json", description=_FORMAT_DESCRIPTION)) -> Response:
            return await respond(Document(body.text, body.filename, body.reference_date), format, request)

        async def as_upload(request: Request, file: Upload = File(...), reference_date: Optional[str] = Form(None),
                            filename: Optional[str] = Form(None, max_length=255),
                            format: Literal["json", "gold"] = Query("json", description=_FORMAT_DESCRIPTION)) -> Response:
            return await respond(await upload_document(file, reference_date, filename), format, request)
    else:
        async def as_json(request: Request, body: ExtractRequest) -> Response:  # type: ignore[misc]
            return await respond(Document(body.text, body.filename, body.reference_date), None, request)

        async def as_upload(request: Request, file: Upload = File(...),  # type: ignore[misc]
                            reference_date: Optional[str] = Form(None),
                            filename: Optional[str] = Form(None, max_length=255)) -> Response:
            return await respond(await upload_document(file, reference_date, filename), None, request)

    as_json.__doc__ = doc
    app.router.add_api_route(path, as_json, methods=["POST"], name=name, route_class_override=_JsonRoute,
                             openapi_extra=_DOCUMENT_BODY, **route)
    app.router.add_api_route(path, as_upload, methods=["POST"], name=f"{name}_upload", route_class_override=_UploadRoute,
                             include_in_schema=False, **route)
    app.router.add_api_route(path, _unsupported("application/json or multipart/form-data"), methods=["POST"],
                             include_in_schema=False)
_TASK_FORMATS = {
    "json": ("application/json", "The task table as JSON rows."),
    "csv": ("text/csv; charset=utf-8", "The task table as CSV."),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "The task table as an Excel workbook."),
}


# -- the application -------------------------------------------------------------


def build_app(settings: Settings) -> FastAPI:
    """The application for ``settings`` (see :func:`vnnotice.service.create_app`)."""
    # extractions run in `concurrency` worker processes shared by every connection, behind a bounded queue
    # (`slots`: one per worker plus `queue`); each carries its request's deadline (not started past it,
    # killed at it); registry matches (a short query) run in threads
    holder: dict[str, WorkerPool] = {}
    executor = ThreadPoolExecutor(max_workers=settings.concurrency, thread_name_prefix="vnnotice")
    slots = Admission(settings.concurrency, settings.queue)
    lazy = _Lazy()

    def make_pool(eager: bool) -> WorkerPool:
        return WorkerPool(settings.concurrency, timeout=settings.timeout, memory_mb=settings.memory_mb,
                          preload=("vnnotice.service.work",), eager=eager)

    def the_pool() -> WorkerPool:
        if "pool" not in holder:  # an app used without its lifespan: workers start on first use
            holder["pool"] = app.state.pool = make_pool(eager=False)
        return holder["pool"]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if "pool" not in holder:  # the workers start with the server (it answers once they are up)
            holder["pool"] = app.state.pool = make_pool(eager=True)
            await asyncio.to_thread(holder["pool"].wait_started)
        yield
        executor.shutdown(wait=False, cancel_futures=True)
        holder.pop("pool").shutdown(wait=False, cancel_futures=True, kill=True)

    app = FastAPI(
        title="vnnotice", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Vietnamese administrative documents → task records. Errors are application/problem+json (RFC 9457).",
    )
    app.state.settings, app.state.slots, app.state.executor, app.state.pool = settings, slots, executor, None
    app.add_middleware(BodyLimit, max_bytes=settings.max_bytes, read_timeout=settings.read_timeout)
    app.add_middleware(Guard, cors_origins=settings.cors_origins)
    _install_handlers(app)

    async def work(request: Optional[Request], fn: Any, *args: Any) -> Any:
        watch = disconnected(request.receive) if request is not None else None
        if isinstance(fn, str):  # a worker-process task
            return await run_in_slot(slots, the_pool(), settings.timeout, fn, *args, watch=watch)
        return await run_in_slot(slots, executor, settings.timeout, fn, *args, watch=watch)

    async def extract_one(doc: Document, fmt: str, request: Request) -> Response:
        # the worker sends the body ready to go: the server process only passes the bytes on
        return Response(await work(request, EXTRACT_JSON, doc, settings.max_bytes, fmt), media_type="application/json")

    _document_routes(
        app, "/v1/extract", extract_one, name="extract", with_format=True, tags=["extract"], response_model=None,
        doc="Extract one document sent as JSON (`text`) or as a multipart upload (`file`).",
        responses={200: {"model": Union[Notice, GoldRecord], "description": "The Notice; with format=gold, a GoldRecord (the gold-annotation shape)."}, **_ERRORS})

    async def batch_endpoint(
        request: Request,
        items: list[Any] = Body(..., description="The documents, each an ExtractRequest; a bad one gives an error item."),
        format: Literal["json", "gold"] = Query("json", description=_FORMAT_DESCRIPTION),
    ) -> JSONResponse:
        """Extract a list of documents; a bad document gives an error item, never a failed batch."""
        if len(items) > settings.max_batch:
            raise _invalid(f"{len(items)} documents is above the batch limit of {settings.max_batch}")
        return JSONResponse(await _batch(items, format, request))

    app.router.add_api_route(
        "/v1/extract/batch", batch_endpoint, methods=["POST"], name="extract_batch", route_class_override=_JsonRoute,
        response_model=list[BatchItem], openapi_extra=_BATCH_BODY, tags=["extract"],
        responses={k: v for k, v in _ERRORS.items() if k in (413, 415, 422, 503)})
    app.router.add_api_route("/v1/extract/batch", _unsupported("the batch as an application/json list"),
                             methods=["POST"], include_in_schema=False)

    async def _batch(items: list[Any], fmt: str, request: Request) -> list[dict[str, Any]]:
        """Documents one after another in one slot, each by its deadline; after a timeout the rest are skipped
        (the request stays bounded)."""
        if not slots.try_acquire():
            raise saturated(slots)
        pool = the_pool()
        last: Future | None = None
        stuck = False
        out: list[dict[str, Any]] = []
        try:
            for i, item in enumerate(items):
                try:
                    doc = parse_item(item, ("body", i))
                    if stuck:
                        raise Problem(504, "skipped", "Skipped", "not processed: an earlier document of the batch timed out")
                    last = pool.submit(EXTRACT, doc, settings.max_bytes, deadline=time.monotonic() + settings.timeout)
                    notice = await wait_for_work(last, settings.timeout, watch=disconnected(request.receive),
                                                 abandon=pool.abandon)
                    out.append({"index": i, "ok": True, "result": _shape(notice, fmt, doc), "error": None})
                except Problem as p:
                    if p.status == CLIENT_GONE:
                        raise
                    stuck = stuck or p.code == "timeout"
                    out.append({"index": i, "ok": False, "result": None, "error": p.body()})
                except ReadError as exc:
                    out.append({"index": i, "ok": False, "result": None, "error": _unreadable(exc).body()})
                except (MemoryError, WorkerDied) as exc:
                    out.append({"index": i, "ok": False, "result": None, "error": _over_budget(exc).body()})
                except Exception as exc:  # one broken document never fails the batch
                    out.append({"index": i, "ok": False, "result": None, "error": problem_body(500, "internal", "Internal error", f"extraction failed: {type(exc).__name__}")})
        finally:
            if last is None:
                slots.release()
            else:
                last.add_done_callback(slots.release)
        return out

    @app.get("/v1/registry/match", response_model=RegistryLink, tags=["registry"],
             responses={k: v for k, v in _ERRORS.items() if k in (422, 503, 504)})
    async def registry_endpoint(
        q: str = Query(..., min_length=1, max_length=300, description="The unit mention to link."),
        province: Optional[str] = Query(None, max_length=100, description="The document's province."),
        on: Optional[date] = Query(None, description="The document's date (ISO 8601): units valid then are preferred."),
        k: int = Query(5, ge=1, le=20, description="Candidates to return."),
    ) -> JSONResponse:
        """Link a unit mention to the shipped registry of units."""
        link = await work(None, lambda: lazy.registry().match(q, province=province, on=on, k=k))  # in a thread
        return JSONResponse(link.model_dump(mode="json"))

    async def review_one(doc: Document, _: Any, request: Request) -> JSONResponse:
        return JSONResponse(jsonable_encoder(await work(request, REVIEW, doc, settings.max_bytes)))

    _document_routes(app, "/v1/render", review_one, name="render", tags=["review"], response_model=Review,
                     responses=_ERRORS, doc="The review of one document: highlighted markup, task table, summary.")

    for fmt, (media, summary) in _TASK_FORMATS.items():
        _add_task_route(app, fmt, media, summary, work, settings)
        if fmt != "json":
            _add_corrected_route(app, fmt, media, summary)

    build = describe_build()  # the workers, started from this process with its environment, make the same choice

    @app.get("/healthz", tags=["service"])
    async def healthz() -> dict[str, Any]:
        """Liveness and load: version, build of the hot modules (compiled or pure), worker processes, queue
        length, requests in progress (running or queued)."""
        return {"status": "ok", "version": __version__, "build": build, "workers": slots.workers,
                "queue": slots.queue, "busy": slots.busy, "waiting": slots.waiting}

    @app.get("/", include_in_schema=False)
    async def review_page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    _add_docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _add_docs(app: FastAPI) -> None:
    """``GET /docs``: the Swagger UI of the OpenAPI, its files served from the installed ``swagger-ui-bundle-v2``
    (the page loads nothing from outside, and the service's Content-Security-Policy would block it).
    Without the package /docs is 404 and ``/openapi.json`` stays."""
    folder = swagger_ui_folder()
    if folder is None:
        return

    @app.get("/docs", include_in_schema=False)
    async def docs_page() -> Response:
        return Response(DOCS_PAGE, media_type="text/html; charset=utf-8")

    @app.get("/docs/assets/{name}", include_in_schema=False)
    async def docs_asset(name: str) -> FileResponse:
        if name not in SWAGGER_ASSETS:
            raise StarletteHTTPException(404, f"no file {name[:80]!r} under /docs/assets")
        return FileResponse(folder / name, media_type=SWAGGER_ASSETS[name])


def _add_task_route(app: FastAPI, fmt: str, media: str, summary: str, work: Any, settings: Settings) -> None:
    """``POST /v1/tasks.{fmt}``: the task table of the document sent."""

    async def tasks_endpoint(doc: Document, _: Any, request: Request) -> Response:
        notice = await work(request, EXTRACT, doc, settings.max_bytes)
        rows = task_rows(notice)
        stem = Path(doc.filename).stem if doc.filename else "vnnotice"
        headers = {"Content-Disposition": f'attachment; filename="{_ascii(stem)}-tasks.{fmt}"'}
        if fmt == "json":
            return JSONResponse(jsonable_encoder(rows), headers=headers)
        body = to_csv(rows).encode("utf-8-sig") if fmt == "csv" else to_xlsx(rows)
        return Response(body, media_type=media, headers=headers)

    _document_routes(
        app, f"/v1/tasks.{fmt}", tasks_endpoint, name=f"tasks_{fmt}", tags=["review"], response_class=Response,
        doc=f"{summary} One row per directive: marker, own text, lead, cooperating and reported-to units, due date, citations.",
        responses={200: {"content": {media.split(";")[0]: {}}, "description": summary}, **_ERRORS},
    )


def _add_corrected_route(app: FastAPI, fmt: str, media: str, summary: str) -> None:
    """``POST /v1/review/tasks.{fmt}``: the task table the review page sends back after correction."""

    async def corrected_endpoint(body: CorrectedTasks) -> Response:
        rows = [row.model_dump() for row in body.rows]  # due stays a date: a date cell in XLSX
        stem = Path(body.document).stem if body.document else "vnnotice"
        headers = {"Content-Disposition": f'attachment; filename="{_ascii(stem)}-tasks.{fmt}"'}
        data = to_csv(rows).encode("utf-8-sig") if fmt == "csv" else to_xlsx(rows)
        return Response(data, media_type=media, headers=headers)

    corrected_endpoint.__doc__ = f"{summary} The rows are sent as corrected on the review page (no extraction); formula-like cells are escaped."
    app.add_api_route(
        f"/v1/review/tasks.{fmt}", corrected_endpoint, methods=["POST"], name=f"review_tasks_{fmt}", tags=["review"],
        response_class=Response,
        responses={200: {"content": {media.split(";")[0]: {}}, "description": summary},
                   **{k: v for k, v in _ERRORS.items() if k in (413, 422)}},
    )


def _ascii(stem: str) -> str:
    """A file name stem safe in a header: ASCII letters, digits, dot, dash, underscore."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in stem)
    return safe[:80] or "tasks"
