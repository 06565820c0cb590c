"""Admin divisions as of the event's date (warlog.geocode.dated): Ukraine's pre-2020 raions and cities of oblast
significance for events before the raion reform of 17 July 2020, today's raions after it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from warlog.errors import DataError
from warlog.geocode.dated import SCHEMES, DatedDivisions, as_of, city_radius_km, read_table
from warlog.geocode.geocoder import same_admin
from warlog.records import Report

UA = SCHEMES[0]


@pytest.fixture(scope="module")
def divisions(geocoder):
    return DatedDivisions(geocoder.gazetteer)


def _place(extractor, text: str, published: str):
    mentions = extractor.extract(Report(id="t", text=text, published=dt.date.fromisoformat(published))).mentions
    assert mentions, text
    return mentions[0].place


def test_the_table_parses_and_every_centre_is_in_the_gazetteer(divisions):
    rows = read_table(divisions._table_path(UA))
    donbas = [r for r in rows if r["oblast"] in ("Donetsk", "Luhansk")]
    # the pre-2020 Donbas: 18 + 18 raions, 28 + 14 cities of oblast significance
    assert sum(r["kind"] == "raion" for r in donbas) == 36
    assert sum(r["kind"] == "city" for r in donbas) == 42
    assert len({(r["oblast"], r["name"]) for r in rows}) == len(rows)
    units = divisions.units(UA)
    assert len(units) == len(rows), "a unit whose centre the gazetteer lacks would be dropped"
    oblasts = {r["oblast"] for r in rows}
    assert len(oblasts) == 24  # every oblast has at least its centre city
    for unit in units:  # each centre lies in Ukraine's Donbas box or elsewhere in Ukraine, not in a namesake abroad
        assert 44 < unit.latitude < 53 and 22 < unit.longitude < 41, unit
    renamed = next(u for u in units if u.name == "Bakhmutskyi")
    assert "artemivskyi" in renamed.keys
    assert DatedDivisions(divisions.gazetteer).scheme_for("UA", dt.date(2020, 7, 16)) == UA
    assert DatedDivisions(divisions.gazetteer).scheme_for("UA", dt.date(2020, 7, 17)) is None
    assert DatedDivisions(divisions.gazetteer).scheme_for("ML", dt.date(2015, 1, 1)) is None


def test_a_broken_table_is_a_one_line_data_error(tmp_path, geocoder):
    (tmp_path / UA.file).write_text("# notes\noblast\tkind\tname\tcentre\tother_names\nDonetsk\tdistrict\tX\tY\t\n",
                                    encoding="utf-8")
    with pytest.raises(DataError, match="kind raion or city"):
        DatedDivisions(geocoder.gazetteer, directory=tmp_path).units(UA)
    (tmp_path / UA.file).write_text("name\tcentre\n", encoding="utf-8")
    with pytest.raises(DataError, match="expected the columns"):
        DatedDivisions(geocoder.gazetteer, directory=tmp_path).units(UA)


def test_a_front_line_village_gets_its_pre_reform_raion_in_2020_and_todays_in_2021(extractor):
    text = "Ukrainian forces shelled Krasnohorivka in Donetsk oblast on 3 May {}, killing two civilians."
    before = _place(extractor, text.format(2020), "2020-05-04")
    after = _place(extractor, text.format(2021), "2021-05-04")
    assert before.location == after.location and before.admin1 == after.admin1 == "Donetsk"
    assert before.admin2 == "Marinskyi"  # Marinka raion until July 2020
    assert same_admin(after.admin2, "Pokrovskyi") and not same_admin(after.admin2, "Marinskyi")  # today's raion
    assert "admin2 as of 2020-05-03: Marinskyi raion (before the 2020 raion reform" in before.explanation
    assert "as of" not in after.explanation
    zolote = _place(extractor, "Russian-backed rebels shelled Zolote on 3 May 2020, killing a Ukrainian soldier.",
                    "2020-05-04")
    assert (zolote.admin1, zolote.admin2) == ("Luhansk", "Popasnianskyi")


def test_a_city_of_oblast_significance_is_its_own_unit(extractor, divisions):
    avdiivka = _place(extractor, "A shell hit a house in Avdiivka on 3 May 2020, wounding two civilians.", "2020-05-04")
    assert avdiivka.admin2 == "Avdiivka" and "a city of oblast significance" in avdiivka.explanation
    horlivka = next(u for u in divisions.units(UA) if u.name == "Horlivka")
    # a point 2 km from the city's centre is the city; 40 km away it is in a raion
    unit, why = divisions.assign(UA, "Donetsk", horlivka.latitude + 0.018, horlivka.longitude)
    assert unit.name == "Horlivka" and "km from its centre" in why
    unit, why = divisions.assign(UA, "Donetsk", horlivka.latitude + 0.36, horlivka.longitude)
    assert unit.kind == "raion" and why.startswith("nearest raion centre")
    odesa = _place(extractor, "Unidentified gunmen attacked a police post in Odesa on 3 May 2020.", "2020-05-04")
    assert odesa.admin2 == "Odesa"
    assert city_radius_km(1_000_000) == pytest.approx(12.0) and city_radius_km(None) == 3.0


def test_places_the_table_does_not_cover_keep_their_division(extractor, divisions, geocoder):
    kyiv = _place(extractor, "Protesters rallied outside the parliament in Kyiv on 3 May 2020.", "2020-05-04")
    assert kyiv.admin1 == "Kyiv City" and "as of" not in kyiv.explanation and "today's division" not in kyiv.explanation
    gao = _place(extractor, "Gunmen attacked an army post in Gao on 3 May 2015, killing two soldiers.", "2015-05-04")
    assert gao.country == "Mali" and "as of" not in gao.explanation
    assert as_of(gao, None, geocoder.gazetteer) is gao and as_of(None, dt.date(2020, 1, 1), geocoder.gazetteer) is None
    # an oblast the table lists only by its cities: a village there keeps today's raion, and says so
    assert divisions.assign(UA, "Kharkiv", 49.9935 + 0.6, 36.2304) is None
    balakliia = geocoder.resolve("An explosion hit an ammunition depot in Balakliia, Kharkiv oblast.")
    assert balakliia.admin1 == "Kharkiv" and balakliia.admin2
    dated = as_of(balakliia, dt.date(2017, 3, 23), geocoder.gazetteer)
    assert dated.admin2 == balakliia.admin2 and "is today's division" in dated.explanation


def test_warlog_show_explains_the_dated_division(tmp_path, make_pipeline):
    from warlog.cli import cli

    db = tmp_path / "dated.duckdb"
    pipeline = make_pipeline(db)
    pipeline.ingest([Report(id="ua-1", published=dt.date(2020, 5, 4), outlet="Test Wire",
                            text="Russian-backed separatists shelled Krasnohorivka on 3 May 2020, killing a "
                                 "civilian.")])
    pipeline.store.close()
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["events", "--db", str(db), "--format", "json"]).stdout)
    assert len(listed) == 1
    shown = runner.invoke(cli, ["show", listed[0]["event_id"], "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "Krasnohorivka, Marinskyi, Donetsk, Ukraine" in shown.output
    assert "admin2 as of 2020-05-03: Marinskyi raion (before the 2020 raion reform" in shown.output


def test_a_division_the_text_names_is_kept_or_mapped_by_name(geocoder):
    kramatorskyi = geocoder.resolve("Shelling hit Kramatorskyi raion.")
    assert kramatorskyi.place.feature_kind == "A.ADM2"
    before = as_of(kramatorskyi, dt.date(2019, 5, 1), geocoder.gazetteer)
    # no Kramatorskyi raion before 2020 (Kramatorsk was a city of oblast significance): today's, as named, said so
    assert before.admin2 == "Kramatorskyi"
    assert "a division of today (no unit so called before the 2020" in before.explanation
