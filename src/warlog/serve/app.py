"""The HTTP API and the web page: the same library calls as the CLI, as JSON over HTTP.

Read-only unless the operator sets a token (WARLOG_TOKEN): then writes (corrections, and link/unlink
decisions where the pipeline has them) need it as `Authorization: Bearer TOKEN`; a write without it gets
401 and changes nothing. Every error is one JSON
shape, {"error": message}: a WarlogError is 400 (404 when something named does not exist).

Report text is third-party content: the API returns it as JSON strings and the page sets it as text
(never as markup); every response carries a Content-Security-Policy that allows only this server's own
scripts, styles and images.
"""

from __future__ import annotations

import datetime as dt
import gc
import hmac
import inspect
import json
import os
import tempfile
import threading
from contextlib import asynccontextmanager, contextmanager
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Literal

import pydantic_core
from fastapi import Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from warlog import __version__, export as export_mod, maps, query, render
from warlog.actors import ActorRegistry
from warlog.errors import InputError, NotFoundError, StoreError, WarlogError
from warlog.geocode import Gazetteer
from warlog.records import Event
from warlog.store import EventFilter, Store, is_postgres, open_store, resolve_db

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MAX_PAGE = 500
READERS = 32  # PostgreSQL: connections the server reads through at once (each request one, in its own snapshot)
EXPORT_MEDIA = {"acled-csv": ("text/csv; charset=utf-8", "csv"), "geojson": ("application/geo+json", "geojson"),
                "parquet": ("application/vnd.apache.parquet", "parquet")}


class UnauthorizedError(PermissionError, WarlogError):
    """A write without the operator's token."""


class CorrectionIn(BaseModel):
    field: str = Field(description="The field to correct: event_type, date, fatalities, actor1, location, ...")
    value: str = Field(description="The corrected value, as `warlog correct` takes it.")
    reason: str = Field(min_length=1, description="Why: kept with the correction and shown with the event.")
    author: str | None = Field(default=None, description="Who (default: 'web').")


class LinkIn(BaseModel):
    other: str = Field(description="link: the event that joins this one; unlink: the mention that leaves it.")
    reason: str = Field(min_length=1, description="Why: kept with the decision.")
    author: str | None = Field(default=None, description="Who (default: 'web').")


class Filters:
    """The event filters every listing, trend, map and export takes, as query parameters."""

    def __init__(self,
                 actor: str | None = Query(None, description="Only events this actor carried out or claimed."),
                 linked: bool = Query(False, description="With actor: also actors tied to it in the hierarchy "
                                                         "on the event's date."),
                 any_role: bool = Query(False, description="With actor: also events where it was the target."),
                 where: str | None = Query(None, description="'Mali', 'Mali,Niger', 'ML,BF' or 'Mali+neighbours'."),
                 type: str | None = Query(None, description="'attacks' or ACLED event types, comma-separated."),
                 since: dt.date | None = Query(None, description="YYYY-MM-DD"),
                 until: dt.date | None = Query(None, description="YYYY-MM-DD")):
        self.actor = actor or None
        self.linked = linked
        self.any_role = any_role
        self.where = where or None
        self.types = type or None
        self.since = since
        self.until = until


class TrendOptions:
    """The trend's own options beyond the filters (those this warlog's query.trend takes)."""

    def __init__(self,
                 as_of: dt.date | None = Query(None, description="'Today' for so_far (default: today)."),
                 so_far: bool = Query(False, description="1 January to as_of, and the same span of earlier years."),
                 breakdown: str | None = Query(None, description="actor-family, type, country or admin1."),
                 bbox: str | None = Query(None, description="west,south,east,north in degrees."),
                 min_fatalities: int | None = Query(None, ge=0),
                 min_confidence: float | None = Query(None, ge=0, le=1,
                                                      description="Events below are excluded and counted apart."),
                 min_sources: int | None = Query(None, ge=1, description="Distinct reports behind an event."),
                 dataset: str | None = Query(None, description="reports, acled, ucdp (comma-separated)."),
                 page_size: int | None = Query(None, ge=1, le=MAX_PAGE, description="Events listed per row."),
                 page: int = Query(1, ge=1)):
        self.values = {"as_of": as_of, "so_far": so_far or None, "breakdown": breakdown or None, "bbox": bbox or None,
                       "min_fatalities": min_fatalities, "min_confidence": min_confidence,
                       "min_sources": min_sources, "datasets": dataset or None, "page_size": page_size,
                       "page": page if page != 1 else None}

    def given(self) -> dict[str, Any]:
        """The options set, as keyword arguments; one this query.trend does not take is a 400."""
        accepted = inspect.signature(query.trend).parameters
        out = {k: v for k, v in self.values.items() if v is not None}
        unknown = [k for k in out if k not in accepted]
        if unknown:
            raise InputError(f"this warlog's trend does not take {', '.join(unknown)}")
        return out


class Warlog:
    """What the app holds: the store, the registry, the gazetteer, the token.

    A request reads inside `with state.lock:`, where `state.store` is its store. On PostgreSQL each request
    takes a connection of its own from a small pool, in a new REPEATABLE READ READ ONLY snapshot (every
    batch committed before it, whole batches only), so requests are answered side by side (FastAPI runs
    them in its threadpool). On DuckDB one connection answers them one at a time. A write (after
    check_token) goes inside `with state.writing():`, through the one writable store, one at a time."""

    def __init__(self, db: str | None, token: str | None, actors: ActorRegistry | None,
                 gazetteer: Gazetteer | None):
        self.db = resolve_db(db)
        self.token = token or None
        self.actors = actors if actors is not None else ActorRegistry.load()
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        # read-only unless writes are enabled, so a CLI can read the same file while the server runs
        self._main: Store = open_store(self.db, read_only=self.token is None)
        self._serial = threading.RLock()  # DuckDB: every access; PostgreSQL: writes
        self._local = threading.local()  # this thread's request: its store, how deep in `with lock`
        self._readers = _Readers(self.db, READERS) if is_postgres(self.db) else None
        if self._readers is not None and self.token is None:
            self._readers.adopt(self._main)  # read-only already: the first of the pool
        self.lock = _Reading(self)
        self._pipeline = None

    @property
    def store(self) -> Store:
        """The store of the request in progress (inside `with state.lock` or `state.writing()`)."""
        current = getattr(self._local, "store", None)
        return current if current is not None else self._main

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The writable store, to one writer at a time (reads go on meanwhile on PostgreSQL); a connection
        the server dropped (a restart) is opened again first."""
        with self._serial:
            if getattr(getattr(self._main, "con", None), "closed", False):
                self._main = open_store(self.db, read_only=self.token is None)
                self._pipeline = None
            outer = getattr(self._local, "store", None), getattr(self._local, "depth", 0)
            self._local.store, self._local.depth = self._main, outer[1] + 1
            try:
                yield self._main
            finally:
                self._local.store, self._local.depth = outer

    @property
    def writable(self) -> bool:
        return self.token is not None

    def pipeline(self):
        from warlog.pipeline import Pipeline

        if self._pipeline is None:
            self._pipeline = Pipeline(self._main, actors=self.actors)
        return self._pipeline

    def check_token(self, request: Request) -> None:
        """Refuse (401) a write that lacks the operator's token, before anything is read or changed."""
        if self.token is None:
            raise UnauthorizedError("this server is read-only: the operator starts `warlog serve` with "
                                    "WARLOG_TOKEN set to allow corrections")
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), self.token.encode()):
            raise UnauthorizedError("a correction needs the operator's token: send 'Authorization: Bearer TOKEN'")

    def decisions(self, event_id: str) -> list:
        """The analysts' link/unlink decisions that name this event (where the store keeps them)."""
        listing = getattr(self.store, "link_decisions", None)
        if listing is None:
            return []
        return [d for d in listing() if event_id in (d.event_id, d.other)]

    def close(self) -> None:
        with self._serial:
            if self._readers is not None:
                self._readers.close()
            _close_quietly(self._main)

    def select(self, f: Filters) -> Iterator[query.Selected]:
        """Events matching the filters, as query.select gives them; `where` as trend reads it (countries,
        'Mali+neighbours', admin1 regions where query.parse_place exists)."""
        parse_place = getattr(query, "parse_place", None)
        place = parse_place(f.where, self.gazetteer) if parse_place else None
        if place is not None and place.admin1:
            countries: tuple[str, ...] = ()  # filtered below, region by region
        else:
            countries = place.countries if place is not None else query.parse_where(f.where, self.gazetteer)
        flt = EventFilter(countries=countries, event_types=query.parse_types(f.types), since=f.since, until=f.until)
        for sel in query.select(self.store, self.actors, flt, actor=f.actor, linked=f.linked, any_role=f.any_role):
            p = sel.event.place
            if place is not None and place.admin1 and not place.matches(
                    p.country if p else None, p.admin1 if p else None, p.latitude if p else None,
                    p.longitude if p else None):
                continue
            yield sel

    def page(self, f: Filters, offset: int, limit: int) -> tuple[int, list[query.Selected]] | None:
        """select(f)'s total and its events from `offset`, read as one page where the store can (PostgreSQL,
        and filters it takes as they are: no actor, no admin1 region); None elsewhere."""
        events_page = getattr(self.store, "events_page", None)
        if events_page is None or f.actor:
            return None
        parse_place = getattr(query, "parse_place", None)
        place = parse_place(f.where, self.gazetteer) if parse_place else None
        if place is not None and place.admin1:
            return None
        countries = place.countries if place is not None else query.parse_where(f.where, self.gazetteer)
        flt = EventFilter(countries=countries, event_types=query.parse_types(f.types), since=f.since, until=f.until)
        total, events = events_page(flt, offset, limit)
        return total, [query.Selected(e, "") for e in events]


class _Reading:
    """`with state.lock:` around a request's reads (re-entrant in a thread): PostgreSQL, a connection of the
    pool in a new snapshot, given back at the end; DuckDB, the one store, to one request at a time."""

    def __init__(self, state: Warlog):
        self.state = state

    def __enter__(self) -> "_Reading":
        st, local = self.state, self.state._local
        depth = getattr(local, "depth", 0)
        if depth == 0:
            if st._readers is None:
                st._serial.acquire()
                local.store = st._main
            else:
                local.store = st._readers.take()
        local.depth = depth + 1
        return self

    def __exit__(self, *exc) -> None:
        st, local = self.state, self.state._local
        local.depth -= 1
        if local.depth == 0:
            store, local.store = local.store, None
            if st._readers is None:
                st._serial.release()
            else:
                st._readers.give(store)


class _Readers:
    """A small pool of read-only PostgreSQL stores: at most `size` open, each taken by one request at a time,
    in a snapshot of its own (refresh: a new one at each take; none held while idle)."""

    def __init__(self, db: str, size: int):
        self.db, self.size = db, size
        self.idle: list[Store] = []
        self.opened = 0
        self.closed = False
        self.cond = threading.Condition()

    def take(self) -> Store:
        with self.cond:
            while not self.idle and self.opened >= self.size:
                self.cond.wait()
            store = self.idle.pop() if self.idle else None
            if store is None:
                self.opened += 1
        try:
            if store is not None:
                try:
                    store.refresh()  # a new snapshot: every batch committed before this request
                    return store
                except StoreError:  # its connection went with a server restart: a new one
                    _close_quietly(store)
            return open_store(self.db, read_only=True)
        except BaseException:
            with self.cond:
                self.opened -= 1
                self.cond.notify()
            raise

    def give(self, store: Store) -> None:
        try:
            store.refresh()  # ends the request's snapshot (an idle connection holds none)
            broken = False
        except StoreError:
            broken = True
        with self.cond:
            if broken or self.closed:
                _close_quietly(store)
                self.opened -= 1
            else:
                self.idle.append(store)
            self.cond.notify()

    def adopt(self, store: Store) -> None:
        """A read-only store opened elsewhere joins the pool."""
        with self.cond:
            self.opened += 1
        self.give(store)

    def close(self) -> None:
        with self.cond:
            self.closed = True
            for store in self.idle:
                _close_quietly(store)
            self.idle.clear()


def _close_quietly(store: Store) -> None:
    try:
        store.close()
    except Exception:  # noqa: BLE001 - already gone with its server
        pass


def _event_row(e: Event, via: str, actors: ActorRegistry) -> dict[str, Any]:
    p = e.place
    return {
        "id": e.id,
        "date": e.date.start.isoformat() if e.date else None,
        "date_end": e.date.end.isoformat() if e.date else None,
        "precision": e.date.precision if e.date else None,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": next((a.name for a in e.actors if a.role == "perpetrator"), None),
        "actor2": next((a.name for a in e.actors if a.role == "target"), None),
        "family": maps.family_of(e, actors),
        "country": p.country if p else None,
        "admin1": p.admin1 if p else None,
        "location": p.location if p else None,
        "latitude": p.latitude if p else None,
        "longitude": p.longitude if p else None,
        "fatalities": e.fatalities.best,
        "confidence": e.confidence,
        "reports": len(e.report_ids),
        "via": via or None,
    }


def _matches(row: dict[str, Any], text: str) -> bool:
    hay = " ".join(str(row[k]) for k in ("id", "sub_event_type", "event_type", "actor1", "actor2", "country",
                                         "admin1", "location", "family") if row[k])
    return text.lower() in hay.lower()


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _has_linking() -> bool:
    """Whether this warlog has analysts' link/unlink decisions (Pipeline.link_events, Pipeline.unlink)."""
    from warlog.pipeline import Pipeline

    return hasattr(Pipeline, "link_events") and hasattr(Pipeline, "unlink")


def _static_dir() -> Path:
    return Path(str(resources.files("warlog") / "serve" / "static"))


def _web_dir() -> Path:
    return Path(str(resources.files("warlog") / "data" / "web"))


def create_app(db: str | None = None, *, token: str | None = None, actors: ActorRegistry | None = None,
               gazetteer: Gazetteer | None = None) -> FastAPI:
    """The app over one database. `token` enables writes (None: read-only); the CLI passes $WARLOG_TOKEN."""
    state = Warlog(db, token, actors, gazetteer)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        state.close()

    app = FastAPI(title="warlog", version=__version__, lifespan=lifespan,
                  description="Conflict events with every number traced to its events, reports and sentences. "
                              "Errors are {\"error\": message}. Writes need `Authorization: Bearer TOKEN`.",
                  docs_url=None, redoc_url=None)  # the interactive docs load scripts from a CDN: not here
    app.state.warlog = state

    def get_state() -> Warlog:
        return state

    # --- errors and headers -------------------------------------------------------------------------

    @app.exception_handler(WarlogError)
    async def warlog_error(request: Request, err: WarlogError):
        if isinstance(err, UnauthorizedError):
            return _error(401, str(err), {"WWW-Authenticate": 'Bearer realm="warlog"'})
        return _error(404 if isinstance(err, NotFoundError) else 400, str(err))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, err: RequestValidationError):
        parts = []
        for e in err.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        return _error(400, "; ".join(parts) or "bad request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException):
        message = err.detail if isinstance(err.detail, str) else json.dumps(err.detail)
        if err.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}; the API is under /api (schema: /openapi.json)"
        return _error(err.status_code, message)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    # --- reading --------------------------------------------------------------------------------------

    @app.get("/api/meta", tags=["meta"], summary="The database's state, warlog's version, what the page needs")
    def meta(s: Warlog = Depends(get_state)) -> dict:
        with s.lock:
            counts = s.store.counts()
        return {"version": __version__, "database": Path(s.db).name, "counts": counts, "writable": s.writable,
                "event_types": list(query.EVENT_TYPES), "type_groups": list(query.TYPE_GROUPS),
                "periods": list(query.PERIODS), "export_formats": list(export_mod.FORMATS),
                "linking": _has_linking(), "answer": any(r.path == "/api/answer" for r in app.routes)}

    @app.get("/api/events", tags=["events"], summary="Events matching the filters, oldest first, paged")
    def events(f: Filters = Depends(), q: str | None = Query(None, description="Text in the id, type, actors "
                                                                             "or place."),
               min_fatalities: int | None = Query(None, ge=0), offset: int = Query(0, ge=0),
               limit: int = Query(50, ge=1, le=MAX_PAGE), s: Warlog = Depends(get_state)) -> dict:
        with s.lock:
            paged = s.page(f, offset, limit) if not q and not min_fatalities else None
            if paged is not None:
                total, selected = paged
                rows = [_event_row(sel.event, sel.via, s.actors) for sel in selected]
                return {"total": total, "offset": offset, "limit": limit, "events": rows}
            selected = [sel for sel in s.select(f)
                        if not min_fatalities or (sel.event.fatalities.best or 0) >= min_fatalities]
            if q:
                selected = [sel for sel in selected if _matches(_event_row(sel.event, sel.via, s.actors), q)]
            rows = [_event_row(sel.event, sel.via, s.actors) for sel in selected[offset:offset + limit]]
        return {"total": len(selected), "offset": offset, "limit": limit, "events": rows}

    @app.get("/api/events/{event_id}", tags=["events"],
             summary="One event: fields, the rule behind each, mentions with their spans, reports, corrections")
    def event(event_id: str, s: Warlog = Depends(get_state)) -> dict:
        with s.lock:
            detail = query.event_detail(s.store, event_id)
            decisions = s.decisions(event_id)
        out = render.event_detail_json(detail)
        out["family"] = maps.family_of(detail.event, s.actors)
        out["decisions"] = [asdict(d) for d in decisions]
        out["spans"] = {mid: {name: [asdict(sp) for sp in group] for name, group in fields.items()}
                        for mid, fields in detail.spans.items()}
        return jsonable_encoder(out)

    @app.get("/api/trend", tags=["answers"], summary="Counts by period; each count lists its events and reports")
    def trend(f: Filters = Depends(), by: Literal["year", "quarter", "month", "week"] = "year",
              extra: TrendOptions = Depends(), s: Warlog = Depends(get_state)) -> dict:
        with s.lock:
            answer = query.trend(s.store, s.actors, s.gazetteer, actor=f.actor, linked=f.linked, where=f.where,
                                 types=f.types, since=f.since, until=f.until, by=by, any_role=f.any_role,
                                 **extra.given())
            out = render.answer_json(answer)
            out.setdefault("database", {"name": Path(s.db).name, "counts": s.store.counts()})
        out.setdefault("version", __version__)
        # plain JSON already (a page of ids per row): dumped as it is, not walked by jsonable_encoder (costly
        # on a thousand rows of ids); anything else falls back to it. pydantic_core's encoder (FastAPI's own) writes
        # the same bytes as json.dumps(ensure_ascii=False, separators=(",", ":")), a third of the time for ~1 MB
        return Response(pydantic_core.to_json(out, fallback=jsonable_encoder), media_type="application/json")

    @app.get("/api/map", tags=["events"], summary="Events matching the filters as GeoJSON points")
    def map_features(f: Filters = Depends(), s: Warlog = Depends(get_state)) -> dict:
        with s.lock:
            events = [sel.event for sel in s.select(f)]
        return maps.features(events, s.actors)

    @app.get("/api/outlines", tags=["events"], summary="The light country/admin1 outline layer (GeoJSON)")
    def outlines() -> Response:
        return FileResponse(_web_dir() / "outlines.geojson", media_type="application/geo+json")

    @app.get("/api/actors", tags=["reference"], summary="Actors in the registry, by name")
    def actors(q: str | None = Query(None, description="Part of a name or alias; all actors when empty."),
               limit: int = Query(50, ge=1, le=MAX_PAGE), s: Warlog = Depends(get_state)) -> dict:
        found = s.actors.search(q, limit=limit) if q else s.actors.all()[:limit]
        return {"actors": [asdict(a) for a in found]}

    @app.get("/api/actors/{name}", tags=["reference"], summary="One actor, its dated links and its tree on a date")
    def actor(name: str, at: dt.date | None = Query(None, description="Date for the tree (default: today)."),
              s: Warlog = Depends(get_state)) -> dict:
        registry = s.actors
        found = registry.get(query.resolve_actor(name, registry))
        links = [asdict(k) for k in registry.links() if found.id in (k.actor_id, k.other_id)]

        def node(tree: dict) -> dict:
            a, link = tree.get("actor"), tree.get("link")
            return {"id": getattr(a, "id", a), "name": tree.get("name") or getattr(a, "name", a),
                    "relation": tree.get("relation"),
                    "link": asdict(link) if link is not None else None,
                    "children": [node(c) for c in tree.get("children", [])]}

        tree = node(registry.tree(found.id, at or dt.date.today()))
        return jsonable_encoder({"actor": asdict(found), "links": links, "tree": tree})

    @app.get("/api/places", tags=["reference"], summary="Gazetteer candidates for a place name")
    def places(q: str = Query(..., min_length=1, description="A place name."),
               country: str | None = Query(None, description="ISO code or name."),
               limit: int = Query(10, ge=1, le=100), s: Warlog = Depends(get_state)) -> dict:
        cc = s.gazetteer.country_code(country) if country else None
        if country and cc is None:
            raise InputError(f"unknown country {country!r}: give an ISO code such as ML or a name such as Mali")
        return {"places": [asdict(p) for p in s.gazetteer.search(q, country=cc, limit=limit)]}

    @app.get("/api/export", tags=["events"], summary="Events as ACLED-style CSV, GeoJSON or Parquet (a file)",
             response_class=Response)
    def export(format: Literal["acled-csv", "geojson", "parquet"] = "acled-csv", f: Filters = Depends(),
               s: Warlog = Depends(get_state)) -> Response:
        if f.actor:
            raise InputError("export does not filter by actor yet; use /api/events?actor=...")
        flt = EventFilter(countries=query.parse_where(f.where, s.gazetteer), event_types=query.parse_types(f.types),
                          since=f.since, until=f.until)
        media, ext = EXPORT_MEDIA[format]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"events.{ext}"
            with s.lock:
                export_mod.write(s.store, s.actors, format, path, flt)
            body = path.read_bytes()
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="warlog-events.{ext}"'})

    _add_answer(app, state, get_state)

    # --- writing --------------------------------------------------------------------------------------

    @app.post("/api/events/{event_id}/corrections", tags=["corrections"], status_code=201,
              summary="Correct one field of one event (needs the operator's token)")
    def correct(event_id: str, body: CorrectionIn, request: Request, s: Warlog = Depends(get_state)) -> dict:
        s.check_token(request)
        with s.writing():
            saved = s.pipeline().correct(event_id, body.field, body.value, body.reason, body.author or "web")
        return jsonable_encoder({"correction": asdict(saved)})

    if _has_linking():
        @app.post("/api/events/{event_id}/link", tags=["corrections"], status_code=201,
                  summary="Join event `other` into this one, which keeps its id (needs the operator's token)")
        def link(event_id: str, body: LinkIn, request: Request, s: Warlog = Depends(get_state)) -> dict:
            s.check_token(request)
            with s.writing():
                saved = s.pipeline().link_events(event_id, body.other, body.reason, body.author or "web")
            return jsonable_encoder({"decision": asdict(saved)})

        @app.post("/api/events/{event_id}/unlink", tags=["corrections"], status_code=201,
                  summary="Take mention `other` out of this event into one of its own (needs the token)")
        def unlink(event_id: str, body: LinkIn, request: Request, s: Warlog = Depends(get_state)) -> dict:
            s.check_token(request)
            with s.writing():
                saved = s.pipeline().unlink(event_id, body.other, body.reason, body.author or "web")
            return jsonable_encoder({"decision": asdict(saved)})

    @app.get("/api/events/{event_id}/corrections", tags=["corrections"], summary="The corrections of one event")
    def corrections(event_id: str, s: Warlog = Depends(get_state)) -> dict:
        with s.lock:
            s.store.event(event_id)  # 404 for an unknown event
            found = s.store.corrections(event_id)
        return jsonable_encoder({"corrections": [asdict(c) for c in found]})

    # --- the page -------------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return FileResponse(_static_dir() / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return FileResponse(_static_dir() / "favicon.svg", media_type="image/svg+xml")

    app.mount("/static/leaflet", StaticFiles(directory=_web_dir() / "leaflet"), name="leaflet")
    app.mount("/static", StaticFiles(directory=_static_dir()), name="static")
    return app


def _add_answer(app: FastAPI, state: Warlog, get_state) -> None:
    """GET /api/answer, when warlog.answer (questions in English) is installed."""
    try:
        from warlog import answer as answer_mod  # type: ignore[attr-defined]
    except ImportError:
        return
    ask = getattr(answer_mod, "answer", None) or getattr(answer_mod, "ask", None)
    if ask is None:
        return

    @app.get("/api/answer", tags=["answers"], summary="A question in English, answered with its figures")
    def answer(q: str = Query(..., min_length=1, description="e.g. 'al Qaeda-linked attacks in Mali and "
                                                             "neighbouring countries so far this year'"),
               as_of: dt.date | None = Query(None, description="'Today' for the question (default: today)."),
               s: Warlog = Depends(get_state)) -> dict:
        with s.lock:
            result = ask(q, store=s.store, actors=s.actors, gazetteer=s.gazetteer, as_of=as_of or dt.date.today())
        to_json = getattr(answer_mod, "to_json", None)
        if to_json is not None:
            result = to_json(result)
        elif hasattr(result, "__dataclass_fields__"):
            result = asdict(result)
        return jsonable_encoder(result)


def serve(db: str | None = None, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db, token=token if token is not None else os.environ.get("WARLOG_TOKEN"))
    # the registry and the gazetteer (loaded now, not by the first question) live as long as the server: out of the
    # garbage collector's way, else a full collection walks them (60-100 ms, every dozen requests or so)
    app.state.warlog.gazetteer.country_code("Mali")
    gc.freeze()
    uvicorn.run(app, host=host, port=port, log_level="warning")
