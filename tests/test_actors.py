"""The actor registry: shipped data, dated links, name lookup and the in-text matcher."""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from warlog.actors import RELATIONS, WALKED_RELATIONS, ActorRegistry, generic_actor_id, normalize_key
from warlog.errors import DataError, NotFoundError

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVAL_DEV = SHARED / "eval" / "dev"
SEED = SHARED / "seeds" / "000_f5a8a32960568fc5.txt"
COUNTRY_INFO = SHARED / "gazetteer" / "countryInfo.txt"
DATA = Path(__file__).resolve().parents[1] / "src" / "warlog" / "data"


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.load()


def ids(matches: list[Any]) -> list[str]:
    return [m.actor_id for m in matches]


def walk(node: dict[str, Any], depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    yield depth, node
    for child in node["children"]:
        yield from walk(child, depth + 1)


# --- the shipped data ----------------------------------------------------------------------------------
def test_load_is_fast_and_generates_generic_actors() -> None:
    started = time.process_time()  # CPU time: the bound holds on a machine other jobs share
    registry = ActorRegistry.load()
    elapsed = time.process_time() - started
    assert elapsed < 0.5, f"loading took {elapsed:.3f}s"
    mali_civilians = registry.get("civilians-ml")
    assert (mali_civilians.name, mali_civilians.kind, mali_civilians.country) == ("Civilians (Mali)", "civilians", "ML")
    assert registry.get("unidentified-armed-group-bf").name == "Unidentified Armed Group (Burkina Faso)"
    assert registry.get("rioters-ng").acled_name == "Rioters (Nigeria)"
    # The YAML entry overrides the generated one: aliases and ACLED's period name.
    mali_army = registry.get("military-forces-ml")
    assert "FAMa" in mali_army.aliases and mali_army.acled_name == "Military Forces of Mali (2013-2020)"
    assert registry.is_generic("military-forces-ml") and not registry.is_generic("jnim")


def test_every_link_names_an_existing_actor_and_is_well_formed(registry: ActorRegistry) -> None:
    known = {actor.id for actor in registry.all()}
    for link in registry.links():
        assert link.actor_id in known and link.other_id in known, link
        assert link.relation in RELATIONS
        assert link.valid_from is None or link.valid_to is None or link.valid_from <= link.valid_to, link
        assert link.source, f"{link.actor_id} -> {link.other_id} has no source note"
    # The raw YAML too, since load() could in principle drop what it cannot read.
    raw = yaml.safe_load((DATA / "actors.yaml").read_text(encoding="utf-8"))
    raw_ids = [entry["id"] for entry in raw]
    assert len(raw_ids) == len(set(raw_ids)), "duplicate ids in actors.yaml"
    assert all(link["other"] in known for entry in raw for link in entry.get("links") or [])


def test_acled_names_are_unique(registry: ActorRegistry) -> None:
    names = Counter(a.acled_name for a in registry.all() if a.acled_name)
    assert [name for name, count in names.items() if count > 1] == []


def test_coverage_of_the_sahel_conflict(registry: ActorRegistry) -> None:
    for actor_id in (
        "al-qaeda", "aqim", "aqim-sahara", "ansar-dine", "al-mourabitoun", "katiba-macina", "jnim", "ansarul-islam",
        "mujao", "islamic-state", "isgs", "iswap", "boko-haram", "is-sahel", "mnla", "hcua", "maa", "cma", "gatia",
        "platform", "msa", "cja", "dan-na-ambassagou", "koglweogo", "vdp", "minusma", "eutm-mali", "g5-sahel", "wagner",
        "aqap", "al-shabaab", "aqis", "hts", "is-khorasan",
    ):
        registry.get(actor_id)
    for cc in ("ml", "bf", "ne", "mr", "sn", "td", "dz", "ci", "gn", "ng", "bj", "tg", "gh"):
        assert registry.get(f"military-forces-{cc}").aliases, f"military-forces-{cc} has no aliases"
        assert registry.get(f"police-forces-{cc}").aliases, f"police-forces-{cc} has no aliases"
    assert "Barkhane" in registry.get("military-forces-fr").aliases


def test_countries_cover_africa_europe_and_asia_with_valid_codes() -> None:
    raw = yaml.safe_load((DATA / "countries.yaml").read_text(encoding="utf-8"))
    assert all(isinstance(code, str) and len(code) == 2 for code in raw), "unquoted code (NO -> false?)"
    assert len(raw) >= 193
    if not COUNTRY_INFO.exists():
        pytest.skip("../shared/gazetteer not present")
    continent = {}
    for line in COUNTRY_INFO.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            continent[fields[0]] = fields[8]
    assert set(raw) <= set(continent), set(raw) - set(continent)
    # Dependencies and territories are not countries of their own here.
    territories = {"RE", "YT", "SH", "IO", "TF", "GI", "GG", "JE", "IM", "FO", "AX", "SJ", "HK", "MO", "CX", "CC"}
    for code, where in continent.items():
        if where in {"AF", "EU", "AS"} and code not in territories and code not in {"CS", "AN"}:
            assert code in raw, f"{code} ({where}) missing from countries.yaml"


# --- lookup and search ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "JNIM", "GSIM", "jnim", "Group for Support of Islam and Muslims", "Jama'at Nusrat al-Islam wal-Muslimin",
        "Jama’at Nusrat al-Islam wal-Muslimin", "Groupe de soutien à l'islam et aux musulmans",
        "GROUPE DE SOUTIEN A L'ISLAM ET AUX MUSULMANS", "JNIM: Group for Support of Islam and Muslims",
    ],
)
def test_jnim_aliases_resolve(registry: ActorRegistry, name: str) -> None:
    actor = registry.lookup(name)
    assert actor is not None and actor.id == "jnim"


def test_every_alias_looks_up_to_an_actor_that_has_it(registry: ActorRegistry) -> None:
    for actor in registry.all():
        for alias in (actor.name, *actor.aliases):
            found = registry.lookup(alias)
            assert found is not None, alias
            assert normalize_key(alias) in {normalize_key(n) for n in (found.id, found.name, found.acled_name or "", *found.aliases)}


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Al-Qaïda au Maghreb islamique", "aqim"),
        ("Military Forces of Mali (2013-2020)", "military-forces-ml"),
        ("Military Forces of Mali (2021-)", "military-forces-ml"),
        ("Police Forces of Mali (2013-2020) Gendarmerie", "police-forces-ml"),
        ("Military Forces of Niger (2021-2023)", "military-forces-ne"),
        ("Civilians (Mali)", "civilians-ml"),
        ("Unidentified Armed Group (Burkina Faso)", "unidentified-armed-group-bf"),
        ("Islamic State (West Africa) - Greater Sahara Faction", "isgs"),
        ("Malian soldiers", "military-forces-ml"),
        ("soldats burkinabè", "military-forces-bf"),
        ("msa", "msa"),
    ],
)
def test_lookup_takes_acled_names_periods_and_generic_phrases(registry: ActorRegistry, name: str, actor_id: str) -> None:
    actor = registry.lookup(name)
    assert actor is not None and actor.id == actor_id


def test_lookup_returns_none_for_unknown_names(registry: ActorRegistry) -> None:
    assert registry.lookup("Front for the Liberation of Atlantis") is None
    assert registry.lookup("soldiers") is None  # no demonym: nothing to resolve it to


def test_search_and_get_suggest_close_names(registry: ActorRegistry) -> None:
    assert registry.search("Ansar Din")[0].id == "ansar-dine"
    assert registry.search("Mourabitoune")[0].id == "al-mourabitoun"
    with pytest.raises(NotFoundError, match="jnim"):
        registry.get("jnm")
    with pytest.raises(LookupError):  # NotFoundError is also a LookupError
        registry.get("no-such-group")


# --- links ---------------------------------------------------------------------------------------------
def relations(path: list[Any] | None) -> list[tuple[str, str, str]] | None:
    return None if path is None else [(link.actor_id, link.relation, link.other_id) for link in path]


def test_ansar_dine_is_al_qaeda_linked_through_aqim_then_through_jnim(registry: ActorRegistry) -> None:
    assert relations(registry.is_linked("ansar-dine", "al-qaeda", dt.date(2016, 6, 1))) == [
        ("ansar-dine", "affiliate_of", "aqim"),
        ("aqim", "branch_of", "al-qaeda"),
    ]
    assert relations(registry.is_linked("ansar-dine", "al-qaeda", dt.date(2017, 4, 18))) == [
        ("ansar-dine", "merged_into", "jnim"),
        ("jnim", "branch_of", "al-qaeda"),
    ]
    # The day before and the day of JNIM's founding: dates are inclusive on both ends.
    assert relations(registry.is_linked("ansar-dine", "aqim", dt.date(2017, 3, 1))) == [("ansar-dine", "affiliate_of", "aqim")]
    assert relations(registry.is_linked("ansar-dine", "jnim", dt.date(2017, 3, 1))) is None
    assert registry.is_linked("ansar-dine", "jnim", dt.date(2017, 3, 2)) is not None


@pytest.mark.parametrize(
    ("actor_id", "root_id", "day", "linked"),
    [
        ("isgs", "al-qaeda", "2018-01-01", False),
        ("isgs", "islamic-state", "2018-01-01", True),
        ("isgs", "islamic-state", "2016-01-01", False),  # pledged in 2015, acknowledged October 2016
        ("is-sahel", "islamic-state", "2023-01-01", True),
        ("katiba-macina", "al-qaeda", "2016-01-01", True),
        ("katiba-macina", "al-qaeda", "2014-01-01", False),
        ("al-mourabitoun", "al-qaeda", "2014-06-01", True),
        ("al-mourabitoun", "aqim", "2014-06-01", False),
        ("al-mourabitoun", "aqim", "2016-06-01", True),
        ("mujao", "al-qaeda", "2012-06-01", True),
        ("aqim-sahara", "al-qaeda", "2015-05-01", True),
        ("boko-haram", "islamic-state", "2015-06-01", True),
        ("boko-haram", "islamic-state", "2017-06-01", False),
        ("iswap", "islamic-state", "2017-06-01", True),
        ("ansarul-islam", "al-qaeda", "2018-01-01", False),  # allied_with is not walked
        ("ansarul-islam", "jnim", "2018-01-01", False),
        ("msa", "gatia", "2018-01-01", False),
        ("mnla", "cma", "2015-01-01", True),
        ("vdp", "military-forces-bf", "2021-01-01", True),
        ("hts", "al-qaeda", "2018-01-01", False),
        ("nusra-front", "al-qaeda", "2014-01-01", True),
    ],
)
def test_is_linked_on_a_date(registry: ActorRegistry, actor_id: str, root_id: str, day: str, linked: bool) -> None:
    path = registry.is_linked(actor_id, root_id, dt.date.fromisoformat(day))
    assert (path is not None) == linked, relations(path)
    if path:
        assert path[0].actor_id == actor_id and path[-1].other_id == root_id
        assert all(link.relation in WALKED_RELATIONS for link in path)
        assert all(link.valid_at(dt.date.fromisoformat(day)) for link in path)


def test_is_linked_edge_cases(registry: ActorRegistry) -> None:
    assert registry.is_linked("jnim", "jnim", dt.date(2020, 1, 1)) == []
    assert registry.is_linked("not-in-registry", "al-qaeda", dt.date(2020, 1, 1)) is None
    assert registry.is_linked("jnim", "al-qaeda", dt.datetime(2020, 1, 1, 12, 0)) is not None
    with pytest.raises(NotFoundError):
        registry.is_linked("jnim", "al-qeada", dt.date(2020, 1, 1))


def test_linked_actor_ids_agree_with_is_linked(registry: ActorRegistry) -> None:
    day = dt.date(2017, 4, 18)
    linked = registry.linked_actor_ids("al-qaeda", day)
    assert {"al-qaeda", "jnim", "ansar-dine", "katiba-macina", "al-mourabitoun", "aqim-sahara", "aqim", "aqap"} <= linked
    assert not {"isgs", "islamic-state", "hts", "ansarul-islam"} & linked
    for other_day in (day, dt.date(2013, 1, 1), dt.date(2023, 6, 1)):
        linked = registry.linked_actor_ids("al-qaeda", other_day)
        for actor in registry.all():
            assert (registry.is_linked(actor.id, "al-qaeda", other_day) is not None) == (actor.id in linked), actor.id


def test_tree_puts_each_actor_once_at_its_date(registry: ActorRegistry) -> None:
    tree = registry.tree("al-qaeda", dt.date(2017, 4, 18))
    assert tree["actor"] == "al-qaeda" and tree["relation"] is None and tree["link"] is None
    nodes = list(walk(tree))
    placed = Counter(node["actor"] for _, node in nodes)
    assert max(placed.values()) == 1
    jnim = next(child for child in tree["children"] if child["actor"] == "jnim")
    assert jnim["relation"] == "branch_of"
    assert {"ansar-dine", "katiba-macina", "al-mourabitoun", "aqim-sahara"} <= {c["actor"] for c in jnim["children"]}
    relations = {c["actor"]: c["relation"] for c in jnim["children"]}
    assert all(relations[a] == "merged_into" for a in ("ansar-dine", "katiba-macina", "al-mourabitoun", "aqim-sahara"))
    assert relations["katiba-serma"] == "faction_of"
    aqim = next(child for child in tree["children"] if child["actor"] == "aqim")
    assert "ansar-dine" not in {node["actor"] for _, node in walk(aqim)}

    before_jnim = registry.tree("al-qaeda", dt.date(2016, 6, 1))
    assert "jnim" not in {node["actor"] for _, node in walk(before_jnim)}
    aqim = next(child for child in before_jnim["children"] if child["actor"] == "aqim")
    ansar_dine = next(child for child in aqim["children"] if child["actor"] == "ansar-dine")
    assert [c["actor"] for c in ansar_dine["children"]] == ["katiba-khalid-ibn-walid", "katiba-macina"]


# --- countries ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Malian", "ML"), ("malienne", "ML"), ("Mali", "ML"), ("Malians", "ML"), ("ML", "ML"), ("Burkinabè", "BF"),
        ("burkinabe", "BF"), ("Ivorian", "CI"), ("Côte d'Ivoire", "CI"), ("Ivory Coast", "CI"), ("Nigerien", "NE"),
        ("nigérienne", "NE"), ("Nigerian", "NG"), ("Tchad", "TD"), ("French", "FR"), ("DRC", "CD"), ("Norway", "NO"),
    ],
)
def test_country_code(registry: ActorRegistry, name: str, code: str) -> None:
    assert registry.country_code(name) == code


def test_country_name_and_unknowns(registry: ActorRegistry) -> None:
    assert registry.country_name("ML") == "Mali"
    assert registry.country_name("bf") == "Burkina Faso"
    assert registry.country_code("Atlantis") is None
    with pytest.raises(NotFoundError):
        registry.country_name("QQ")


# --- find_in_text --------------------------------------------------------------------------------------
def test_group_in_parentheses_and_militants(registry: ActorRegistry) -> None:
    text = "On 31 May, presumed Katiba Macina (JNIM) militants burned a shop."
    matches = registry.find_in_text(text, "ML")
    assert ids(matches) == ["katiba-macina", "jnim"]  # "militants" is JNIM's, not an unknown group
    assert [text[m.start : m.end] for m in matches] == [m.phrase for m in matches] == ["Katiba Macina", "JNIM"]
    assert not any(m.generic for m in matches)


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("Four Malian soldiers were killed.", None, ["military-forces-ml"]),
        ("the Malian army retook the town", "BF", ["military-forces-ml"]),
        ("an attack on a Malian base", None, ["military-forces-ml"]),
        ("Burkinabe gendarmes and Burkinabe police", None, ["police-forces-bf", "police-forces-bf"]),
        ("French troops arrived, then French forces left", "ML", ["military-forces-fr", "military-forces-fr"]),
        ("Operation Barkhane said", None, ["military-forces-fr"]),
        ("unknown gunmen killed a shepherd", "BF", ["unidentified-armed-group-bf", "civilians-bf"]),
        ("unknown gunmen killed a shepherd", None, []),
        ("soldiers repelled armed men", "NE", ["military-forces-ne", "unidentified-armed-group-ne"]),
        ("protesters and rioters clashed", "SN", ["protesters-sn", "rioters-sn"]),
        ("des hommes armés non identifiés ont tué des villageois", "ML", ["unidentified-armed-group-ml", "civilians-ml"]),
        ("trois soldats maliens et l'armée burkinabè", None, ["military-forces-ml", "military-forces-bf"]),
        ("les FAMa ont riposté", None, ["military-forces-ml"]),
        ("des civils et des manifestants", "ML", ["civilians-ml", "protesters-ml"]),
        ("the army of Burkina Faso", None, ["military-forces-bf"]),
        ("l'armée du Niger", None, ["military-forces-ne"]),
        ("Des individus armés ont attaqué", "BF", ["unidentified-armed-group-bf"]),
        ("Malian civilians fled", None, ["civilians-ml"]),
    ],
)
def test_generic_phrases(registry: ActorRegistry, text: str, country: str | None, expected: list[str]) -> None:
    matches = registry.find_in_text(text, country)
    assert ids(matches) == expected, [(m.phrase, m.actor_id) for m in matches]
    assert all(m.generic for m in matches)


def test_acronyms_are_case_sensitive_and_other_aliases_are_not(registry: ActorRegistry) -> None:
    assert ids(registry.find_in_text("The CMA and MSA met GATIA.")) == ["cma", "msa", "gatia"]
    # Acronyms of up to 5 letters (GATIA too) match only as written; longer names match in any case.
    assert ids(registry.find_in_text("the cma and msa met gatia and katiba macina")) == ["katiba-macina"]
    assert ids(registry.find_in_text("ansar dine and AL-QAIDA AU MAGHREB ISLAMIQUE")) == ["ansar-dine", "aqim"]
    assert ids(registry.find_in_text("Al-Qaïda au Maghreb islamique")) == ["aqim"]


def test_whole_words_longest_first(registry: ActorRegistry) -> None:
    assert registry.find_in_text("JNIMs and MSAx and Malianity soldiersx") == []
    matches = registry.find_in_text("Islamic State West Africa Province fighters and the Islamic State group")
    assert [(m.phrase, m.actor_id) for m in matches] == [
        ("Islamic State West Africa Province", "iswap"),
        ("Islamic State group", "islamic-state"),
    ]
    assert ids(registry.find_in_text("AQIM's Sahara branch")) == ["aqim-sahara"]


def test_shared_aliases_need_the_country(registry: ActorRegistry) -> None:
    assert registry.find_in_text("Dozo hunters attacked") == []
    assert ids(registry.find_in_text("Dozo hunters attacked", "BF")) == ["dozo-bf"]
    assert ids(registry.find_in_text("UN peacekeepers were attacked", "ML")) == ["minusma"]
    assert ids(registry.find_in_text("UN peacekeepers were attacked", "CD")) == ["monusco"]


def test_militants_after_a_named_group_are_that_group(registry: ActorRegistry) -> None:
    text = "ISGS militants attacked Menaka. Six militants were killed. JNIM said its soldiers withdrew."
    assert ids(registry.find_in_text(text, "ML")) == ["isgs", "jnim"]
    text = "Several militants believed to be JNIM were killed, while unknown gunmen attacked Gao."
    assert ids(registry.find_in_text(text, "ML")) == ["jnim", "unidentified-armed-group-ml"]


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds not present")
def test_seed_report(registry: ActorRegistry) -> None:
    text = SEED.read_text(encoding="utf-8")
    found = Counter(ids(registry.find_in_text(text, "ML")))
    assert {"jnim", "al-qaeda", "military-forces-ml", "military-forces-fr", "aqim-sahara", "ansar-dine"} <= set(found)
    assert found["jnim"] >= 6 and found["military-forces-fr"] >= 3
    assert "unidentified-armed-group-ml" not in found  # "the jihadists" are JNIM's, named just before


def test_find_in_text_is_fast(registry: ActorRegistry) -> None:
    text = (
        "Last week, JNIM claimed a coordinated assault on a Malian military base in the Gourma-Rharous area of the "
        "Timbuktu region. Its fighters overran Malian special forces before French troops arrived; unknown gunmen "
        "later killed two villagers and a shepherd near the base, and the French military said its helicopters helped. "
        "Ansar Dine and AQIM's Sahara branch had attacked the same base in 2015."
    )
    assert 55 <= len(text.split()) <= 65
    runs = 300
    best = min(_time_calls(registry, text, runs) for _ in range(5))
    # Target is 0.2 ms; the bound leaves room for a loaded CI machine.
    assert best < 0.4e-3, f"find_in_text took {best * 1e3:.3f} ms for a 60-word text"


def _time_calls(registry: ActorRegistry, text: str, runs: int) -> float:
    started = time.process_time()  # CPU time: the bound holds on a machine other jobs share
    for _ in range(runs):
        registry.find_in_text(text, "ML")
    return (time.process_time() - started) / runs


# --- extra files ---------------------------------------------------------------------------------------
def test_extra_file_adds_and_overrides_actors(tmp_path: Path) -> None:
    extra = tmp_path / "local.yaml"
    extra.write_text(
        """
- id: katiba-serma-test
  name: "Test katiba"
  kind: jihadist
  country: ML
  aliases: ["Test Katiba of Serma"]
  links:
    - {relation: faction_of, other: jnim, valid_from: 2018-01-01, valid_to: null, source: "test"}
- id: military-forces-ml
  name: "Military Forces of Mali"
  kind: state_force
  country: ML
  acled_name: "Military Forces of Mali (2021-)"
  aliases: [FAMa, "Malian army"]
""",
        encoding="utf-8",
    )
    registry = ActorRegistry.load(extra_paths=[extra])
    assert registry.lookup("test katiba of serma").id == "katiba-serma-test"
    assert registry.is_linked("katiba-serma-test", "al-qaeda", dt.date(2019, 1, 1)) is not None
    assert registry.get("military-forces-ml").acled_name == "Military Forces of Mali (2021-)"
    assert ids(registry.find_in_text("Test Katiba of Serma and FAMa", "ML")) == ["katiba-serma-test", "military-forces-ml"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- id: x\n  name: [unclosed\n", "not valid YAML"),
        ("- id: bad-kind\n  name: X\n  kind: pirates\n", r"entry 1 \(id 'bad-kind'\): kind 'pirates'"),
        ("- id: Bad Id\n  name: X\n  kind: rebel\n", "entry 1: id must be a lowercase slug"),
        (
            "- id: orphan\n  name: X\n  kind: rebel\n  links:\n    - {relation: branch_of, other: nobody}\n",
            r"entry 1 \(id 'orphan'\): link branch_of names unknown actor 'nobody'",
        ),
        (
            "- id: dated\n  name: X\n  kind: rebel\n  links:\n    - {relation: branch_of, other: jnim, valid_from: 2017-13-45}\n",
            "valid_from '2017-13-45' is not an ISO date",
        ),
        (
            "- id: backwards\n  name: X\n  kind: rebel\n  links:\n"
            "    - {relation: branch_of, other: jnim, valid_from: 2018-01-01, valid_to: 2017-01-01}\n",
            "valid_from 2018-01-01 after valid_to 2017-01-01",
        ),
        ("- id: rel\n  name: X\n  kind: rebel\n  links:\n    - {relation: friend_of, other: jnim}\n", "relation 'friend_of'"),
        ("- id: cc\n  name: X\n  kind: rebel\n  country: XX\n", "country 'XX'"),
        ("id: not-a-list\n", "expected a YAML list"),
    ],
)
def test_malformed_extra_file_names_the_file_and_entry(tmp_path: Path, content: str, message: str) -> None:
    extra = tmp_path / "broken_actors.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        ActorRegistry.load(extra_paths=[extra])
    assert str(extra) in str(caught.value)
    assert isinstance(caught.value, RuntimeError)


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        ActorRegistry.load(extra_paths=[tmp_path / "nowhere.yaml"])


def test_generic_actor_id() -> None:
    assert generic_actor_id("military", "ML") == "military-forces-ml"
    assert generic_actor_id("unidentified", "bf") == "unidentified-armed-group-bf"


# --- real data: ACLED dev notes -------------------------------------------------------------------------
@pytest.mark.skipif(not (EVAL_DEV / "gold.csv").exists(), reason="../shared/eval not present")
def test_actors_found_in_acled_mali_notes(registry: ActorRegistry) -> None:
    """Recall and precision of find_in_text against the human-coded actors of the Mali dev notes.

    Only gold actors that the registry can name count (ACLED's identity groups such as "Pastoralists
    (Mali)" are not registry actors). Measured at writing: lookup resolves ~72% of gold actor mentions;
    find_in_text recall 0.69, precision 0.76. After issue 9 (registry, crowds, communities): 0.795, 0.832, 0.792.
    """
    with (EVAL_DEV / "gold.csv").open(encoding="utf-8", newline="") as gold_file:
        gold = {row["report_id"]: row for row in csv.DictReader(gold_file)}
    named = resolved = true_positives = false_negatives = false_positives = 0
    with (EVAL_DEV / "reports.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            report = json.loads(line)
            row = gold[report["id"]]
            if row["dataset"] != "acled-mali-2017-2020":
                continue
            wanted = set()
            for name in (row["actor1"], row["actor2"], *row["assoc_actors"].split(";")):
                if name.strip():
                    named += 1
                    actor = registry.lookup(name)
                    if actor is not None:
                        resolved += 1
                        wanted.add(actor.id)
            found = set(ids(registry.find_in_text(report["text"], registry.country_code(row["country"]))))
            true_positives += len(wanted & found)
            false_negatives += len(wanted - found)
            false_positives += len(found - wanted)
    assert resolved / named >= 0.78
    assert true_positives / (true_positives + false_negatives) >= 0.81
    assert true_positives / (true_positives + false_positives) >= 0.77


# --- shared aliases, crowds, victims, weapons, stance ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("Islamic State fighters attacked", "IQ", ["is-iraq"]),
        ("Islamic State fighters attacked", "SY", ["is-syria"]),
        ("Islamic State fighters attacked", "ML", ["isgs"]),  # the branch of the report's country
        ("IS claimed the ambush", "BF", ["isgs"]),
        ("Islamic State fighters attacked", "NE", ["islamic-state"]),  # two branches there (ISGS, ISWAP): neither
        ("Islamic State fighters attacked", "FR", ["islamic-state"]),
        ("Islamic State fighters attacked", None, ["islamic-state"]),  # the international actor when no country
        ("the NAF shelled the positions", "UA", ["naf"]),
        ("the NAF bombed the camp", "NG", ["military-forces-ng"]),
        ("the NAF bombed the camp", None, []),  # two national actors share it: not guessed
    ],
)
def test_shared_alias_prefers_the_local_actor_then_the_international_one(
    registry: ActorRegistry, text: str, country: str | None, expected: list[str]
) -> None:
    assert ids(registry.find_in_text(text, country)) == expected


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("A number of residents in Yanfolila staged a demonstration against the results.", "ML", ["protesters-ml"]),
        ("People went to the street to protest against the constitutional reform.", "ML", ["protesters-ml"]),
        ("Employees at the hospital resumed their daily sit-ins.", "ML", ["protesters-ml"]),
        ("Youths threw stones at police and burned tires in Kati.", "ML", ["rioters-ml", "police-forces-ml"]),
        ("Une manifestation a eu lieu devant la mairie.", "BF", ["protesters-bf"]),
        # "civilians" stay civilians; the protest word brings in the protesters, since no crowd is named as such
        ("Police fired on civilians during a protest in Gao.", "ML", ["police-forces-ml", "civilians-ml", "protesters-ml"]),
        ("Gunmen killed two people and a woman in Tillaberi.", "NE",
         ["unidentified-armed-group-ne", "civilians-ne", "civilians-ne"]),
    ],
)
def test_crowds_are_protesters_or_rioters_by_their_sentence(
    registry: ActorRegistry, text: str, country: str | None, expected: list[str]
) -> None:
    matches = registry.find_in_text(text, country)
    assert ids(matches) == expected, [(m.phrase, m.actor_id) for m in matches]


def test_community_victims_and_community_militias(registry: ActorRegistry) -> None:
    text = "Suspected Fulani militiamen killed seven members of the Dogon community and a Dogon farmer near Koro."
    assert ids(registry.find_in_text(text, "ML")) == ["fulani-militia-ml", "civilians-ml", "civilians-ml"]
    assert ids(registry.find_in_text("Tiv militiamen attacked a Fulani settlement", "NG"))[:1] == ["tiv-militia-ng"]
    assert ids(registry.find_in_text("Fulani militiamen attacked", "BF")) == ["fulani-militia-bf"]
    assert ids(registry.find_in_text("Fulani militiamen attacked")) == []  # one militia per country: needs the country
    assert registry.lookup("Fulani Ethnic Militia (Nigeria)").id == "fulani-militia-ng"
    assert registry.get("dogon-militia-ml").acled_name == "Dogon Ethnic Militia (Mali)"


def test_an_unattributed_bomb_is_an_unidentified_groups_and_a_named_groups_is_its_own(registry: ActorRegistry) -> None:
    assert ids(registry.find_in_text("A soldier was killed by an IED near Boni.", "ML")) == [
        "military-forces-ml", "unidentified-armed-group-ml"]
    assert ids(registry.find_in_text("JNIM said its men planted an IED near Boni.", "ML")) == ["jnim"]


@pytest.mark.parametrize(
    ("text", "stances"),
    [
        ("JNIM claimed the attack on Monday.", {"jnim": "claimed"}),
        ("The attack was claimed by ISGS.", {"isgs": "claimed"}),
        ("L'attaque a été revendiquée par le JNIM.", {"jnim": "claimed"}),
        ("Suspected JNIM militants attacked the post.", {"jnim": "suspected"}),
        ("Presumed Katiba Macina (JNIM) militants burned a shop.", {"katiba-macina": "suspected", "jnim": "stated"}),
        ("Militants believed to be ISGS killed two herders.", {"isgs": "suspected"}),
        ("ISGS militants attacked Menaka.", {"isgs": "stated"}),
    ],
)
def test_claims_are_kept_apart_from_attribution(registry: ActorRegistry, text: str, stances: dict[str, str]) -> None:
    found = {m.actor_id: m.stance for m in registry.find_in_text(text, "ML") if not m.generic}
    assert found == stances


# --- ACLED names ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Military Forces of the Philippines (2016-)", "military-forces-ph"),
        ("Police Forces of the Democratic Republic of Congo (2019-)", "police-forces-cd"),
        ("Government of Mali (2013-2020)", "government-ml"),
        ("Former Government of Mali (2013-2020)", "government-ml"),
        ("AMISOM: African Union Mission in Somalia (2007-) (Ethiopia)", "amisom"),
        ("Islamic State (Greater Sahara)", "isgs"),
        ("Islamic State (West Africa) - Greater Sahara Faction", "isgs"),
        ("Military Forces of Yemen (2016-) Supreme Political Council", "houthis"),
        ("Military Forces of Yemen (2012-)", "military-forces-ye"),
        ("Military Forces of Libya (2014-) Haftar Faction", "lna"),
        ("NAF: United Armed Forces of Novorossiya", "naf"),
        ("Military Forces of Artsakh (2007-)", "military-forces-artsakh"),
        ("Katiba Serma", "katiba-serma"),
        ("MSA: Movement for Azawad Salvation", "msa"),
        ("Platform of June 14th 2014 movements", "platform"),
        # written into the registry by hand, group by group, from issue 9's list of names that did not resolve
        ("TTP: Tehreek-i-Taliban Pakistan", "ttp"),
        ("Islamic State (Somalia)", "is-somalia"),
        ("Islamic State (Russia)", "is-caucasus"),
        ("Soldiers of the Caliphate", "jund-al-khilafa-dz"),
        ("GNNT: Nomad and National Guard of Chad", "gnnt-td"),
        ("Military Forces of Puntland (1998-) (Galan Faction)", "military-forces-puntland"),
        ("Police Forces of Somaliland (2010-)", "police-forces-somaliland"),
        ("Military Forces of Jubaland (2013-)", "military-forces-so"),
        ("FPRC: Popular Front for the Renaissance of Central Africa", "fprc-cf"),
        ("Mayi Mayi Militia (Raia Mutomboki-Lukoba)", "raia-mutomboki-lukoba"),
        ("NDC-R: Nduma Defence of Congo (Renewal)", "ndc-r"),
        ("FARC Dissident: Revolutionary Armed Forces of Colombia Dissident Faction", "farc-dissidents"),
        ("Former FARC: Revolutionary Armed Forces of Colombia", "farc"),
        ("PDP: People's Democratic Party", "pdp-ng"),
        ("Police Militia", "police-militia-br"),
        ("Sultan Suleiman Shah Brigade (Syria)", "sultan-suleiman-shah"),
    ],
)
def test_acled_names_resolve(registry: ActorRegistry, name: str, actor_id: str) -> None:
    actor = registry.lookup(name)
    assert actor is not None and actor.id == actor_id, (name, actor)


def test_acled_name_is_what_export_writes(registry: ActorRegistry) -> None:
    from warlog.export import _actor_name
    from warlog.records import ActorRef

    assert _actor_name(ActorRef("perpetrator", "jnim", "JNIM", "JNIM"), registry) == "JNIM: Group for Support of Islam and Muslims"
    assert _actor_name(ActorRef("target", "civilians-ml", "Civilians (Mali)", "villagers"), registry) == "Civilians (Mali)"
    assert _actor_name(ActorRef("perpetrator", "houthis", "Houthis", "Houthi forces"), registry) == (
        "Military Forces of Yemen (2016-) Supreme Political Council")


@pytest.mark.skipif(not (EVAL_DEV / "gold.csv").exists(), reason="../shared/eval not present")
def test_dev_gold_named_groups_and_forces_resolve(registry: ActorRegistry) -> None:
    """The work list of bench/actors.py: gold names of named groups and state forces with no registry actor.
    Measured at writing: 0.778 of all gold actor-name uses resolve; 311 uses (285 names, none used more than 4
    times) of named groups and forces do not, mostly parties and clan militias of far-off countries. Issue 9's
    second pass added the last 31 by hand: every named group and force now resolves (0.808 of all uses)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_actors", Path(__file__).resolve().parents[1] / "bench" / "actors.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    unresolved: Counter[str] = Counter()
    uses = resolved = 0
    for row in bench.gold_rows(EVAL_DEV / "gold.csv").values():
        for name in bench.names(row):
            uses += 1
            if registry.lookup(name) is not None:
                resolved += 1
            elif not bench.IDENTITY.match(name):
                unresolved[name] += 1
    assert resolved / uses >= 0.80
    assert not unresolved, unresolved.most_common(20)


# --- the user's own actors and the CLI -----------------------------------------------------------------
USER_ACTORS = """
- id: katiba-user-test
  name: "User Test Katiba"
  kind: jihadist
  country: ML
  aliases: ["User Test Katiba"]
  links:
    - {relation: faction_of, other: jnim, valid_from: 2018-01-01, valid_to: null, source: "user note"}
"""


def test_warlog_actors_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(USER_ACTORS, encoding="utf-8")
    monkeypatch.setenv("WARLOG_ACTORS", str(extra))
    registry = ActorRegistry.load()
    assert registry.lookup("user test katiba").id == "katiba-user-test"
    assert ActorRegistry.load(extra_paths=[]).lookup("user test katiba") is None  # explicit paths win
    monkeypatch.setenv("WARLOG_ACTORS", str(tmp_path / "missing.yaml"))
    with pytest.raises(DataError, match="missing.yaml"):
        ActorRegistry.load()


def test_cli_actors_option_tree_and_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from click.testing import CliRunner

    from warlog.cli import cli

    monkeypatch.delenv("WARLOG_ACTORS", raising=False)
    monkeypatch.delenv("WARLOG_DB", raising=False)
    extra = tmp_path / "mine.yaml"
    extra.write_text(USER_ACTORS, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["--actors", str(extra), "actors", "tree", "JNIM", "--at", "2019-06-01"])
    assert result.exit_code == 0, result.output
    assert "faction_of: User Test Katiba [2018-01-01 – …]" in result.output
    assert "merged_into: Ansar Dine [2017-03-02 – …]" in result.output
    assert "WARLOG_ACTORS" not in os.environ  # restored after the command
    result = runner.invoke(cli, ["actors", "tree", "JNIM", "--at", "2019-06-01"])
    assert "User Test Katiba" not in result.output

    result = runner.invoke(cli, ["actors", "tree", "al Qaeda", "--at", "2016-06-01"])
    assert "Jama'at Nusrat" not in result.output and "affiliate_of: Ansar Dine [2012-01-01 – 2017-03-01]" in result.output

    result = runner.invoke(cli, ["actors", "show", "Katiba Macina"])
    assert result.exit_code == 0, result.output
    assert "ACLED name: Katiba Macina" in result.output
    assert "merged_into Jama'at Nusrat al-Islam wal-Muslimin (JNIM) [2017-03-02 – …]  source: JNIM founding video" in result.output
    assert "events:" not in result.output

    result = runner.invoke(cli, ["--actors", str(tmp_path / "nope.yaml"), "actors", "show", "JNIM"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "nope.yaml" in result.stderr
    result = runner.invoke(cli, ["actors", "show", "JNIM", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no database" in result.stderr


def test_cli_actors_show_counts_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from warlog.cli import cli

    monkeypatch.delenv("WARLOG_ACTORS", raising=False)
    reports = tmp_path / "r.jsonl"
    reports.write_text(
        json.dumps({"id": "a-1", "published": "2016-05-20", "outlet": "Test Wire",
                    "text": "Ansar Dine fighters attacked a Malian army post in Boni on Thursday, killing three soldiers."})
        + "\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "a.duckdb")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(reports), "--db", db]).exit_code in (0, 3)
    result = runner.invoke(cli, ["actors", "show", "Ansar Dine", "--db", db])
    assert result.exit_code == 0, result.output
    assert "events: 1 as perpetrator or claimant, 1 in any role, 1 with its linked actors" in result.output
    result = runner.invoke(cli, ["actors", "show", "al Qaeda", "--db", db])
    assert "events: 0 as perpetrator or claimant, 0 in any role, 1 with its linked actors" in result.output


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("Military forces of India and Pakistan exchanged fire across the LoC.", "IN",
         ["military-forces-in", "military-forces-pk"]),
        ("Indian and Pakistani troops exchanged fire.", None, ["military-forces-in", "military-forces-pk"]),
        ("A drug trafficker was killed after exchanging fire with military police forces.", "BR",
         ["unidentified-gang-br", "military-forces-br"]),
        ("Demonstrators pelted stones at the security forces in Pulwama.", "IN", ["rioters-in", "military-forces-in"]),
        ("Youths torched three pickups in Timbuktu.", "ML", ["rioters-ml"]),
        ("Gunmen killed two people, then torched the market.", "ML",
         ["unidentified-armed-group-ml", "civilians-ml"]),  # the gunmen torched it, not the people
        ("The OSCE SMM observed 22 explosions near Naberezhne.", "UA", ["military-forces-ua", "naf"]),
        ("The OSCE SMM said the Ukrainian army fired near Naberezhne.", "UA", ["military-forces-ua"]),
    ],
)
def test_coordinated_forces_gangs_riots_and_front_lines(
    registry: ActorRegistry, text: str, country: str | None, expected: list[str]
) -> None:
    matches = registry.find_in_text(text, country)
    assert ids(matches) == expected, [(m.phrase, m.actor_id) for m in matches]


def test_parent_groups_on_a_date_and_in_export(registry: ActorRegistry) -> None:
    from warlog.export import acled_row
    from warlog.records import ActorRef, DateInterval, Event, Fatalities

    assert registry.parent_groups("katiba-macina", dt.date(2016, 1, 1)) == ["ansar-dine"]
    assert registry.parent_groups("katiba-macina", dt.date(2020, 1, 1)) == ["jnim"]
    assert registry.parent_groups("jnim", dt.date(2020, 1, 1)) == []  # branch_of al Qaeda is not a unit's parent
    event = Event(
        id="ev-1", mention_ids=("m-1",), report_ids=("r-1",), event_type="Violence against civilians",
        sub_event_type="Attack",
        actors=(ActorRef("perpetrator", "katiba-macina", "Katiba Macina", "Katiba Macina"),
                ActorRef("target", "civilians-ml", "Civilians (Mali)", "villagers")),
        place=None, date=DateInterval(dt.date(2020, 5, 1), dt.date(2020, 5, 1), "day"), fatalities=Fatalities(),
        claimed_by=(), confidence=0.9,
    )
    row = acled_row(event, registry)
    assert (row["actor1"], row["assoc_actor_1"], row["actor2"]) == (
        "Katiba Macina", "JNIM: Group for Support of Islam and Muslims", "Civilians (Mali)")


def test_local_aliases_name_an_actor_only_in_its_own_country(registry: ActorRegistry, tmp_path: Path) -> None:
    assert ids(registry.find_in_text("Suspected Islamic militants attacked Nacoba village.", "MZ"))[:1] == ["aswj-mz"]
    assert ids(registry.find_in_text("Suspected Islamist militants attacked the village.", "ML"))[:1] == [
        "unidentified-armed-group-ml"]
    assert ids(registry.find_in_text("At least 300 musicians protested in Durango.", "MX")) == ["protesters-mx"]
    assert registry.lookup("Boko Haram - Wilayat Gharb Ifriqiyyah").id == "boko-haram"  # its 2015-2016 name
    extra = tmp_path / "local.yaml"
    extra.write_text('- {id: local-test, name: "Local Test", kind: rebel, country: NE, local_aliases: [bandits]}\n',
                     encoding="utf-8")
    mine = ActorRegistry.load(extra_paths=[extra])
    assert ids(mine.find_in_text("Bandits attacked Tera.", "NE")) == ["local-test"]
    assert ids(mine.find_in_text("Bandits attacked Zamfara.", "NG")) == ["unidentified-armed-group-ng"]
    extra.write_text('- {id: local-test, name: "Local Test", kind: rebel, local_aliases: "bandits"}\n', encoding="utf-8")
    with pytest.raises(DataError, match="local_aliases must be a list"):
        ActorRegistry.load(extra_paths=[extra])


# --- resolution by the report's country and date; roles outside the event's own sentences ------------------------
@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("Suspected Fulani militiamen attacked the Dogon village of Birga. Village self-defense responded.", "ML",
         ["fulani-militia-ml", "civilians-ml", "dogon-militia-ml"]),
        ("Des hommes armés ont attaqué le village peul de Ogossagou. Le groupe d'autodéfense a riposté.", "ML",
         ["unidentified-armed-group-ml", "civilians-ml", "fulani-militia-ml"]),
        ("Village self-defense repelled the attack.", "ML", []),  # whose village is not said: no registry actor
        ("Presumed AQIM militants clashed with Berabiche tribesmen.", "ML", ["aqim", "arab-militia-ml"]),
        ("Suspected Ganda Izo militiamen attacked a medical center.", "ML", ["ganda-izo"]),
        ("A gendarme shot and killed a driver.", "CM", ["military-forces-cm", "civilians-cm"]),  # Defence ministry
        ("A gendarme shot and killed a driver.", "ML", ["police-forces-ml", "civilians-ml"]),
        ("Jubaland forces clashed with Al Shabaab.", "SO", ["military-forces-so", "al-shabaab"]),
        ("Presumed ISWAP (Greater Sahara) militants attacked the village.", "ML", ["isgs"]),
        ("RENAMO gunmen attacked a convoy.", "MZ", ["renamo"]),
    ],
)
def test_community_self_defence_national_units_and_renamed_groups(
    registry: ActorRegistry, text: str, country: str, expected: list[str]
) -> None:
    assert ids(registry.find_in_text(text, country)) == expected


def test_community_militia_of_a_phrase(registry: ActorRegistry) -> None:
    assert registry.community_militia("members of the Soninke community", "ML") == "soninke-militia-ml"
    assert registry.community_militia("Dogon villagers", "BF") == "dogon-militia-bf"
    assert registry.community_militia("villagers", "ML") is None
    assert registry.community_militia("Fulani herders", None) is None


def test_regional_successor_is_dated_and_placed(registry: ActorRegistry) -> None:
    # AQIM's Sahara Emirate merged into JNIM on 2 March 2017: "AQIM" in Mali after that day is JNIM's fighters
    assert registry.regional_successors("aqim", "ML", dt.date(2018, 5, 1)) == ["jnim"]
    assert registry.regional_successors("aqim", "ML", dt.date(2016, 5, 1)) == []
    assert registry.regional_successors("aqim", "DZ", dt.date(2018, 5, 1)) == []
    assert registry.regional_successors("aqim", None, dt.date(2018, 5, 1)) == []


def _roles(extractor: Any, text: str, published: str = "2020-12-01") -> list[tuple[str, str]]:
    from warlog.records import Report

    mentions = extractor.extract(Report(id="t", text=text, published=dt.date.fromisoformat(published), language="en")).mentions
    assert mentions, text
    return [(a.role, a.actor_id) for a in mentions[0].actors]


def _assert_sides(extractor: Any, text: str, wanted: list[tuple[str, str]], absent: list[str]) -> list[tuple[str, str]]:
    """Each wanted actor on its side (an associated actor counts for its side), none of the absent ones; the roles."""
    roles = _roles(extractor, text, "2020-05-10")
    role_of = {actor_id: role.replace("associated_", "") for role, actor_id in roles}
    for role, actor_id in wanted:
        assert role_of.get(actor_id) == role.replace("associated_", ""), roles
    assert not set(absent) & set(role_of), roles
    return roles


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # a claim after an IED with no named layer: the claimant leads
        ("On 30 June 2020, a Malian army vehicle was struck by an IED near Dioungani (Koro, Mopti), killing four "
         "soldiers. JNIM claimed responsibility.", [("perpetrator", "jnim"), ("target", "military-forces-ml")]),
        # the group blamed in a sentence after the account, with no event word of its own
        ("On 1 November 2020, a civilian vehicle struck an IED between Dala and Nokara (Douentza, Mopti). Two civilians "
         "were wounded. The device was likely planted by JNIM militants.",
         [("perpetrator", "jnim"), ("target", "civilians-ml")]),
        ("On 3 June 2016, a grenade attack on a Somali army checkpoint in Marka killed one person. Al Shabaab suspected.",
         [("perpetrator", "al-shabaab")]),
        # the lead names who did it; the event word comes in the next sentence
        ("On 28 April 2020, Dan Na Ambassagou reportedly intercepted eleven people between Amba (Bandiagara, Mopti) "
         "and Okoyeri. Nine were abducted while two escaped.", [("perpetrator", "dan-na-ambassagou")]),
        ("On 28 July 2020, French forces and Malian forces conducted an operation against ISGS militants near "
         "In-Deliman (Ansongo, Gao). Airstrikes were reported.",
         [("perpetrator", "military-forces-fr"), ("target", "isgs")]),
        # the side that fought back was the side attacked
        ("On 4 August 2020, suspected Fulani militiamen attacked the Dogon village of Birga (Koro, Mopti). Village "
         "self-defense responded to the attack.", [("perpetrator", "fulani-militia-ml"), ("target", "dogon-militia-ml")]),
        # a community's members who attack are its militia
        ("On 5 April 2020, members of the Soninke community attacked homes in the village of Lany-Tounka (Kayes, "
         "Kayes). Twenty people were wounded.", [("perpetrator", "soninke-militia-ml")]),
        # "AQIM" in Mali after JNIM's founding brings JNIM in
        ("On 3 May 2018, AQIM militants attacked a checkpoint in Djenne (Djenne, Mopti), killing two soldiers.",
         [("perpetrator", "aqim"), ("associated_perpetrator", "jnim")]),
        # "security forces" dispersing a crowd are the police; looted property with no owner named is civilians'
        ("On 8 December 2019, protesters clashed with security forces in Bamako (Bamako, Bamako), who dispersed them "
         "with teargas.", [("associated_target", "police-forces-ml")]),
        ("On 7 October 2019, suspected JNIM militants burned the school in Arabebe (Douentza, Mopti).",
         [("perpetrator", "jnim"), ("target", "civilians-ml")]),
    ],
)
def test_roles_from_claims_leads_and_defenders(extractor: Any, text: str, wanted: list[tuple[str, str]]) -> None:
    roles = _roles(extractor, text)
    role_of = {actor_id: role.replace("associated_", "") for role, actor_id in roles}
    for role, actor_id in wanted:
        assert role_of.get(actor_id) == role.replace("associated_", ""), roles
    if wanted[0][0] == "perpetrator":
        assert roles[0] == wanted[0], roles


@pytest.mark.parametrize(
    ("text", "country", "first"),
    [
        ("Saudi forces fired artillery at Razih.", "YE", "operation-restoring-hope"),  # the coalition in Yemen
        ("Saudi forces clashed with Houthi fighters.", "SA", "military-forces-sa"),  # at home, Saudi Arabia's own
        ("Coalition warplanes struck Sanaa.", "YE", "operation-restoring-hope"),
        ("Coalition warplanes struck Raqqa.", "SY", "global-coalition"),
        ("SAF bombed Deribat.", "SD", "military-forces-sd"),
        ("UPDF soldiers fired at the crowd.", "UG", "military-forces-ug"),
        ("Tigray Defense Forces shelled Mekelle.", "ET", "tplf"),  # not "defense forces" of the country
        ("IS snipers killed a fighter.", "IQ", "is-iraq"),
        ("The 5th Corps clashed with the gunmen.", "SY", "military-forces-sy"),
    ],
)
def test_names_that_depend_on_the_country(registry: ActorRegistry, text: str, country: str, first: str) -> None:
    assert ids(registry.find_in_text(text, country))[:1] == [first]


def test_a_military_police_named_once_is_the_police_after(registry: ActorRegistry) -> None:
    text = ("The Military Police carried out an operation in Jacarezinho. Two Police officers were wounded. "
            "The Civil Police opened an inquiry.")
    assert ids(registry.find_in_text(text, "BR")) == ["military-forces-br", "military-forces-br", "police-forces-br"]


@pytest.mark.parametrize(
    ("text", "wanted", "absent"),
    [
        # a government tells the toll; it does not fight (the codebook names "Government of X" only in strategic
        # developments); French passives are the side hurt
        ("Onze soldats maliens ont été tués hier lundi lors d'une attaque contre le camp militaire de Gourma-Rharous, "
         "dans la région de Tombouctou, a annoncé le gouvernement dans un communiqué. Des hommes armés ont pris "
         "d'assaut le poste avant de se retirer.",
         [("perpetrator", "unidentified-armed-group-ml"), ("target", "military-forces-ml")], ["government-ml"]),
        ("Gunmen attacked an army post at Boulkessi, in the Mopti region of Mali, on Sunday, killing at least ten "
         "Malian soldiers, military sources said; the government later gave a toll of eleven dead.",
         [("perpetrator", "unidentified-armed-group-ml"), ("target", "military-forces-ml")], ["government-ml"]),
        # criminal violence without a political aim: the country's unidentified gang, not an unidentified armed group
        ("On 8 May 2020, in Guaymas, Sonora, Mexico, armed men driving a vehicle carried out a drive-by shooting "
         "against a man. The victim was injured.", [("perpetrator", "unidentified-gang-mx")],
         ["unidentified-armed-group-mx"]),
        ("On 30 April 2020, in Chimalhuacan, Mexico, armed men shot dead a bus driver. According to reports, the "
         "attack was related to extortion.", [("perpetrator", "unidentified-gang-mx")], ["unidentified-armed-group-mx"]),
        # a victim called a criminal is the gang attacked; whoever shot him stays unidentified
        ("On 3 May 2020, in Jucuapa (Usulutan), an alleged gang member was shot and killed by several unidentified "
         "armed men.", [("perpetrator", "unidentified-armed-group-sv"), ("target", "unidentified-gang-sv")], []),
        # an insurgency's words keep the attackers an unidentified armed group
        ("On 3 May 2020, suspected jihadists carried out a drive-by shooting in Gao (Gao, Gao), killing a trader.",
         [("perpetrator", "unidentified-armed-group-ml")], ["unidentified-gang-ml"]),
        # the police that stepped in after the account; those a force arrests; either of two groups
        ("On 7 May 2020, youths of Okpanam (Oshimili North LGA, Delta) blocked a highway to demonstrate over the "
         "killing of three farmers. Police forces dispersed the crowd.",
         [("perpetrator", "protesters-ng"), ("target", "police-forces-ng")], []),
        ("On 4 May 2020, regime security forces arrested 4 managers and technicians of a telecom company in Aleppo "
         "city.", [("perpetrator", "military-forces-sy"), ("target", "civilians-sy")], []),
        ("On 6 May 2020, Boko Haram/IS attacked Debiro (Biu LGA, Borno) and burnt several public buildings, among "
         "them a church.", [("perpetrator", "boko-haram"), ("associated_perpetrator", "iswap")], []),
        # a mob with no force or group facing it struck civilians
        ("On 28 October 2019, youths burnt a bar in Sarakeina quarter of Timbuktu (Tombouctou, Tombouctou), with the "
         "objective of fighting the consumption of alcohol.", [("perpetrator", "rioters-ml"), ("target", "civilians-ml")],
         []),
    ],
)
def test_codebook_sides_government_gangs_and_forces_after_the_account(
    extractor: Any, text: str, wanted: list[tuple[str, str]], absent: list[str]
) -> None:
    roles = _assert_sides(extractor, text, wanted, absent)
    assert roles[0] == wanted[0], roles


@pytest.mark.parametrize(
    ("text", "country", "wanted"),
    [
        ("IS fighters shot dead a regime's fighter.", "SY", ["is-syria", "military-forces-sy"]),
        ("Al Shabaab militants ambushed a Govt forces vehicle.", "SO", ["al-shabaab", "military-forces-so"]),
        ("Unknown gunmen shot dead a forest agent.", "ML", ["unidentified-armed-group-ml", "police-forces-ml"]),
        ("Prison guards threw tear gas at the prisoners.", "VE", ["police-forces-ve"]),
        ("Gunmen clashed with military officers.", "MX", ["unidentified-armed-group-mx", "military-forces-mx"]),
        ("Puerto Rican police arrested two men.", None, ["police-forces-pr"]),
        ("Unknown gunmen shot and killed a policewoman.", "AF", ["unidentified-armed-group-af", "police-forces-af"]),
    ],
)
def test_state_forces_by_their_trade(registry: ActorRegistry, text: str, country: str | None, wanted: list[str]) -> None:
    assert ids(registry.find_in_text(text, country)) == wanted


def test_territories_coded_as_countries_have_their_generic_actors(registry: ActorRegistry) -> None:
    assert registry.lookup("Unidentified Armed Group (Puerto Rico)").id == "unidentified-armed-group-pr"
    assert registry.lookup("Police Forces of Puerto Rico (2019-)").id == "police-forces-pr"
    assert registry.lookup("Protesters (Curacao)").id == "protesters-cw"


@pytest.mark.parametrize(
    ("text", "country", "wanted"),
    [
        # two communities named as the sides of a fight are their militias, first named first
        ("Three days of clashes between Fulani and Dogons in Dioungani left dozens dead.", "ML",
         ["fulani-militia-ml", "dogon-militia-ml"]),
        ("Fighting between Imghad and Idnane was reported in Kidal.", "ML", ["imghad-militia-ml", "idnan-militia-ml"]),
        # "X and Y communal militias": both communities' men; a community of one country is that country's
        ("Fellata and Rizeigat communal militias clashed in South Darfur.", None,
         ["fellata-militia-sd", "rizeigat-militia-sd"]),
        ("Fulani and Dogon militiamen clashed near Bankass.", "ML", ["fulani-militia-ml", "dogon-militia-ml"]),
    ],
)
def test_communities_at_war(registry: ActorRegistry, text: str, country: str | None, wanted: list[str]) -> None:
    assert ids(registry.find_in_text(text, country)) == wanted


def test_countries_named_by_name_or_nationality(registry: ActorRegistry) -> None:
    assert registry.countries_named("Nigerien soldiers and Malian forces met in Burkina Faso.") == {"NE", "ML", "BF"}
    assert registry.countries_named("Des soldats nigériens ont été tués.") == {"NE"}
    assert registry.countries_named("Gunmen killed two herders.") == set()


@pytest.mark.parametrize(
    ("text", "outlet", "country"),
    [
        # a national outlet's country where the place could be there too and the text names no other country
        ("On 28 April 2020, rioters hurled rocks at the house of a former minister in Tripoli.", "An-Nahar", "LB"),
        ("On March 22, unknown gunmen beheaded a woman and her child in Fana.", "Studio Tamani", "ML"),
        # the text's own country wins over the outlet's
        ("On 3 May 2020, Nigerian troops killed five insurgents in Maiduguri, Nigeria.", "Le Sahel (Niger)", "NG"),
    ],
)
def test_report_country_from_place_text_then_outlet(extractor: Any, text: str, outlet: str, country: str) -> None:
    assert extractor._country_hint(text, outlet) == country


def test_generic_actors_take_the_reports_country_over_a_place_read_abroad(extractor: Any) -> None:
    from warlog.records import PlaceRef

    nigeria = PlaceRef(place=None, country="Nigeria")
    text = "Demonstrators gathered outside the house of a former prime minister in el Mina."
    assert extractor._actor_country(nigeria, "LB", text) == "LB"  # the place's country is never named
    assert extractor._actor_country(nigeria, "LB", text + " Nigerian police fired.") == "NG"
    assert extractor._actor_country(nigeria, None, text) == "NG"
    assert extractor._actor_country(None, "LB", text) == "LB"


# --- issue 9, second pass: forces by their country's name and acronyms, unnamed clan/communal/tribal militias ---------
@pytest.mark.parametrize(
    ("text", "country", "wanted"),
    [
        # a country's name (with or without "'s") before a force's noun
        ("Mozambique's military re-captured Quissanga.", "MZ", ["military-forces-mz"]),
        ("Pakistan military encountered BLF militants.", "PK", ["military-forces-pk", "blf"]),
        ("A clash ensued between villagers and Nepal armed police personnel.", "NP", ["civilians-np", "police-forces-np"]),
        ("Niger State police said two men were arrested.", "NG", ["police-forces-ng"]),
        # border guards are police (Iran's, India's BSF), Turkey's are its gendarmerie; a force's column is the force
        ("Afghan citizens were beaten by Iranian border guards.", "IR", ["civilians-af", "police-forces-ir"]),
        ("Turkish border guards shot a smuggler.", "SY", ["military-forces-tr"]),
        ("A new Turkish column entered Idleb.", "SY", ["military-forces-tr"]),
        # forces named by their acronyms and units
        ("Operations by ANDSF forces killed 8 Taliban militants.", "AF", ["military-forces-af", "taliban"]),
        ("LDU paramilitaries beat a civilian in Gulu.", "UG", ["military-forces-ug", "civilians-ug"]),
        ("RF militants fired at a CRPF patrol party.", "IN", ["trf-in", "police-forces-in"]),
        ("DGCIM officers beat a prisoner.", "VE", ["military-forces-ve"]),
        ("Saiqa Special Forces bombed a boat.", "LY", ["lna"]),
        # Mexico's National Guard is a police force (elsewhere a national guard is the army's)
        ("Members of the National Guard fired shots.", "MX", ["police-forces-mx"]),
        ("The national guard fired on the crowd.", "NE", ["military-forces-ne"]),
        # unnamed clan, communal and tribal militias; Islamist militia wording is an unidentified armed group
        ("Heavy fighting erupted between two unidentified rival clan militias.", "SO", ["unidentified-clan-militia-so"]),
        ("Unidentified tribesmen clashed over a vengeance dispute.", "YE", ["unidentified-tribal-militia-ye"]),
        ("Unknown raiders attacked a cattle camp.", "SS", ["unidentified-communal-militia-ss"]),
        ("Rizeigat tribesmen attacked Tur.", "SD", ["rizeigat-militia-sd"]),
        ("An Islamist militia attacked the town.", "LY", ["unidentified-armed-group-ly"]),
        ("An unidentified man armed with a knife stabbed a journalist.", "SO", ["unidentified-armed-group-so", "civilians-so"]),
        ("The body of an unidentified man was found.", "BR", []),  # the victim, not an armed group
        # a person of a nationality; communities of communities.yaml are people too
        ("JNIM militants killed a female Swiss hostage.", "ML", ["jnim", "civilians-ch"]),
        ("Misseriya pastoralists stabbed a soldier.", "SS", ["civilians-ss", "military-forces-ss"]),
    ],
)
def test_forces_by_country_name_acronyms_and_unnamed_militias(
    registry: ActorRegistry, text: str, country: str, wanted: list[str]
) -> None:
    assert ids(registry.find_in_text(text, country)) == wanted


def test_unnamed_militias_are_acled_names_and_communities_fall_back_to_their_home(registry: ActorRegistry) -> None:
    assert registry.lookup("Unidentified Clan Militia (Somalia)").id == "unidentified-clan-militia-so"
    assert registry.lookup("Unidentified Communal Militia (Mali)").id == "unidentified-communal-militia-ml"
    assert registry.lookup("Unidentified Tribal Militia (Yemen)").id == "unidentified-tribal-militia-ye"
    assert registry.lookup("Islamist Militia (Syria)").id == "unidentified-armed-group-sy"
    assert registry.lookup("Police Forces of Mexico (2018-) National Guard").id == "police-forces-mx"
    assert registry.lookup("Agar Clan Dinka Ethnic Militia (South Sudan)").id == "agar-dinka-militia-ss"
    assert registry.lookup("Rizaygat Ethnic Militia (Sudan)").id == "rizeigat-militia-sd"
    # a community with no militia in the report's country has that of the one country it lives in
    assert registry.community_militia("Misseriya pastoralists", "SS") == "misseriya-militia-sd"
    assert registry.community_militia("Fulani herders", "SD") is None  # several homes, none of them Sudan
    # the LNA was the Tobruk parliament's army: "Military Forces of Libya (2014-)" stands beside it
    assert "military-forces-ly" in registry.parent_groups("lna", dt.date(2016, 6, 20))
    # Windows-1252 quotes read as Latin-1 fold to an apostrophe
    assert registry.lookup("ISC: Independent Students\x92 Conference").id == "isc-sd"


def test_two_word_acled_names_match_only_as_written(registry: ActorRegistry) -> None:
    assert ids(registry.find_in_text("Members of Open City joined the march.", "GR")) == ["open-city-gr"]
    assert "open-city-gr" not in ids(registry.find_in_text("The open city of Gao was calm.", "GR"))
    assert "gabriela" not in ids(registry.find_in_text("A car was shot in Vila Gabriela.", "BR"))


@pytest.mark.parametrize(
    ("text", "country", "home"),
    [
        # a place read in a country the text never supports; the national actors it names are all of another
        ("National Democratic Congress (NDC) supporters burnt the party offices in Wa West.", "US", "GH"),
        ("Police opened fire on CORD protesters in Nyanza region.", "RW", "KE"),
        # the text supports the place's country: by name, by nationality, or by an actor of that country or theatre
        ("NDC supporters burnt the party offices in Wa West, Ghana.", "GH", None),
        ("NDC supporters clashed with US Marines in Wa West.", "US", None),
        ("JNIM militants attacked a Burkinabe army post in Djibo.", "BF", None),
        ("Gunmen attacked a village.", "US", None),
        # actors of two countries: no one home
        ("ANC and NDC supporters met in Accra.", "US", None),
    ],
)
def test_home_of_the_named_actors(registry: ActorRegistry, text: str, country: str, home: str | None) -> None:
    assert registry.home_of_named(registry.find_in_text(text, country), country, text) == home


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # the crowd's nationality, where the report gives it, is its country (ACLED's "Protesters (Eritrea)")
        ("On 20 June 2016, hundreds of Eritrean refugees demonstrated outside the headquarters of the African Union in "
         "Addis Ababa against abuses committed by their government.", [("perpetrator", "protesters-er")]),
        ("On 6 May 2020, a clash ensued between Chinese demonstrators and Nepal Police in front of Singha Durbar in "
         "Kathmandu.", [("perpetrator", "rioters-cn"), ("target", "police-forces-np")]),
    ],
)
def test_a_crowd_of_another_nationality_is_that_countrys(extractor: Any, text: str, wanted: list[tuple[str, str]]) -> None:
    roles = _roles(extractor, text, "2020-05-10")
    assert roles[0] == wanted[0], roles
    for role, actor_id in wanted:
        assert (role, actor_id) in roles or (f"associated_{role}", actor_id) in roles, roles


@pytest.mark.parametrize(
    ("text", "wanted", "absent"),
    [
        # rioters who wrecked someone's property with no force facing them struck civilians; a road blocked is no one's
        ("On 3 May 2020, rioters hurled a Molotov cocktail at the Audi Bank branch in Beirut, Lebanon. No injuries were "
         "reported.", [("perpetrator", "rioters-lb"), ("target", "civilians-lb")], []),
        ("On 3 May 2020, rioters blocked the main road in Beirut, Lebanon, with burning tyres.",
         [("perpetrator", "rioters-lb")], ["civilians-lb"]),
        # a mutilated or beheaded body found is the mark of organised crime: the country's unidentified gang; gunmen seen
        # beheading someone in the Sahel stay an unidentified armed group
        ("On 1 May 2020, in Acapulco, Guerrero, Mexico, a man was found dead. The body was mutilated. 1 fatality.",
         [("perpetrator", "unidentified-gang-mx"), ("target", "civilians-mx")], ["unidentified-armed-group-mx"]),
        ("On 29 April 2020, a man was found dead in Tijuana, Mexico. The victim was beheaded. 1 fatality.",
         [("perpetrator", "unidentified-gang-mx")], ["unidentified-armed-group-mx"]),
        ("On March 22, unknown gunmen beheaded a woman and her child in Fana, Mali.",
         [("perpetrator", "unidentified-armed-group-ml"), ("target", "civilians-ml")], ["unidentified-gang-ml"]),
        # one who died of an attack's wounds was its target
        ("On 21 June 2016, a policeman died of gunshot wounds he sustained in an attack in Al-Arish, Egypt.",
         [("perpetrator", "unidentified-armed-group-eg"), ("target", "police-forces-eg")], []),
    ],
)
def test_riots_on_property_strike_civilians_and_mutilation_is_a_gangs(
    extractor: Any, text: str, wanted: list[tuple[str, str]], absent: list[str]
) -> None:
    _assert_sides(extractor, text, wanted, absent)


def test_countries_named_take_the_longest_name_and_skip_places_named_after_a_country(registry: ActorRegistry) -> None:
    assert registry.countries_named("South Sudanese soldiers attacked a village.") == {"SS"}
    assert registry.countries_named("Gunmen attacked a village in Niger State.") == set()
    assert registry.countries_named("Clashes in Ethiopia's Somali region.") == {"ET"}
    assert registry.countries_named("Nigerien and Nigerian troops met.") == {"NE", "NG"}


def test_a_report_with_no_place_takes_the_country_it_names_then_its_outlets(extractor: Any) -> None:
    assert extractor._named_or_outlet_country("Ethiopian soldiers opened fire on students.", None) == "ET"
    assert extractor._named_or_outlet_country("Police arrested over 200 people.", "Studio Tamani") == "ML"
    assert extractor._named_or_outlet_country("Malian and Nigerien troops met.", "Studio Tamani") == "ML"
    assert extractor._named_or_outlet_country("Malian and Nigerien troops met.", None) is None
    assert extractor._named_or_outlet_country("Police arrested over 200 people.", None) is None


@pytest.mark.parametrize("text, country", [
    # a weapon, a currency and a sponsor are not the countries they sound like
    ("At least two were killed in a grenade attack on a stadium.", "GD"),
    ("Protesters blocked a road over the falling value against the US dollar.", "US"),
    ("A Turkey-backed faction fired at a checkpoint.", "TR"),
])
def test_words_that_only_sound_like_countries(actors, text, country):
    assert country not in actors.countries_named(text)


def test_capitalised_country_still_named(actors):
    assert actors.countries_named("Grenada police arrested protesters; US troops left Syria.") == {"GD", "US", "SY"}
