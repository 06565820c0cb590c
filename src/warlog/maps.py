"""Events on a map: the GeoJSON the web page draws, and `warlog map --html FILE`, a page that works offline.

Points are sized by fatalities and coloured by event type or by actor family ("al Qaeda", "Islamic State"
when the perpetrator is linked to one on the event's date, else the actor's kind). The page carries
Leaflet (vendored, BSD-2-Clause) and a light outline layer of Mali, its neighbours and their admin1
regions (approximate, drawn from GeoNames places by scripts/build_web_outlines.py): it loads nothing from
elsewhere, so it opens on a machine with no internet.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from typing import Iterable

from warlog import __version__, query
from warlog.actors import ActorRegistry
from warlog.errors import DataError, InputError
from warlog.records import Event

# the families a perpetrator is walked up to (on the event's date); others are coloured by actor kind
FAMILY_ROOTS = (("al-qaeda", "al Qaeda"), ("islamic-state", "Islamic State"))
COLOUR_BY = ("type", "family")
PERPETRATOR_ROLES = ("perpetrator", "associated_perpetrator")


def web_asset(name: str) -> str:
    """A file of package data under data/web (Leaflet, the outline layer), as text."""
    return (resources.files("warlog") / "data" / "web" / name).read_text(encoding="utf-8")


def family_of(event: Event, actors: ActorRegistry) -> str:
    """The actor family of an event's perpetrator as it stood on the event's date: the top of its family
    (query.family_of, as trend's 'actor-family' breakdown) when it belongs to one, else the actor's kind."""
    top_of = getattr(query, "family_of", None)
    ids = [a.actor_id for a in event.actors if a.actor_id and a.role in PERPETRATOR_ROLES]
    ids += [c for c in event.claimed_by if c]
    day = event.date.start if event.date else None
    kinds = []
    for actor_id in dict.fromkeys(ids):
        try:
            actor = actors.get(actor_id)
        except Exception:  # an id the current registry no longer has
            continue
        if day is not None and top_of is not None:
            top = top_of(actors, actor_id, day)
            if top != actor_id or any(actor_id == root for root, _ in FAMILY_ROOTS):
                return actors.get(top).name
        elif day is not None:
            for root, label in FAMILY_ROOTS:
                if actor_id == root or actors.is_linked(actor_id, root, day):
                    return label
        kinds.append(actor.kind)
    return kinds[0].replace("_", " ") if kinds else "unknown"


def feature(event: Event, actors: ActorRegistry) -> dict | None:
    """One event as a GeoJSON point feature (None when it has no coordinates)."""
    p = event.place
    if p is None or p.latitude is None or p.longitude is None:
        return None
    perp = next((a.name for a in event.actors if a.role == "perpetrator"), "")
    target = next((a.name for a in event.actors if a.role == "target"), "")
    return {"type": "Feature", "id": event.id,
            "geometry": {"type": "Point", "coordinates": [round(p.longitude, 4), round(p.latitude, 4)]},
            "properties": {
                "id": event.id,
                "date": event.date.start.isoformat() if event.date else None,
                "date_end": event.date.end.isoformat() if event.date else None,
                "precision": event.date.precision if event.date else None,
                "event_type": event.event_type, "sub_event_type": event.sub_event_type,
                "actor1": perp, "actor2": target, "family": family_of(event, actors),
                "place": ", ".join(x for x in (p.location, p.admin1, p.country) if x),
                "geo_precision": p.geo_precision,
                "fatalities": event.fatalities.best or 0, "reports": len(event.report_ids)}}


def features(events: Iterable[Event], actors: ActorRegistry) -> dict:
    out = [f for f in (feature(e, actors) for e in events) if f is not None]
    return {"type": "FeatureCollection", "features": out}


def _json_for_script(data: object) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can close it or open a comment."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def map_html(events: Iterable[Event], actors: ActorRegistry, *, title: str = "warlog map",
             colour_by: str = "type") -> str:
    """A self-contained HTML page: Leaflet, the outline layer and the events inlined; report text never
    becomes markup (the page script sets it as text)."""
    if colour_by not in COLOUR_BY:
        raise InputError(f"--colour {colour_by!r}: use one of {', '.join(COLOUR_BY)}")
    data = features(events, actors)
    script = (resources.files("warlog") / "serve" / "static" / "map.js").read_text(encoding="utf-8")
    leaflet = web_asset("leaflet/leaflet.js")
    if "</script" in (script + leaflet).lower():  # would end the inline script early: a broken page
        raise DataError("the map scripts contain '</script': they cannot be inlined; reinstall warlog")
    css = web_asset("leaflet/leaflet.css") + "\n" + (resources.files("warlog") / "serve" / "static" /
                                                     "app.css").read_text(encoding="utf-8")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{html.escape(title)}</title>
<style>{css}</style>
</head><body class="standalone">
<header><h1>{html.escape(title)}</h1>
<label>from <input type="date" id="map-from"></label> <label>to <input type="date" id="map-to"></label>
<span id="map-count"></span>
<span class="credit">Borders approximate, from GeoNames (CC BY 4.0). Leaflet (BSD-2-Clause). warlog {__version__}</span>
</header>
<div id="map" class="map-full"></div>
<div id="legend" class="legend"></div>
<script type="application/json" id="events-data">{_json_for_script(data)}</script>
<script type="application/json" id="outlines-data">{_json_for_script(json.loads(web_asset("outlines.geojson")))}</script>
<script type="application/json" id="map-options">{_json_for_script({"colour_by": colour_by})}</script>
<script>{leaflet}</script>
<script>{script}</script>
<script>warlogMap.standalone();</script>
</body></html>
"""


def write_map(events: Iterable[Event], actors: ActorRegistry, output: Path, *, title: str = "warlog map",
              colour_by: str = "type") -> int:
    """Write the page; returns the number of events placed on the map."""
    events = list(events)
    page = map_html(events, actors, title=title, colour_by=colour_by)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as err:
        raise InputError(f"{output}: cannot write ({err.strerror}); choose another path") from err
    return sum(1 for e in events if e.place and e.place.latitude is not None and e.place.longitude is not None)
