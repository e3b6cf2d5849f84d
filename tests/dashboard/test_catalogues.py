"""The translation catalogues: the template holds every message the code writes, and each of the
five languages translates all of them, none fuzzy, with valid placeholders and plural forms."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from dashboard.language import LANGUAGES, LOCALES_DIR, TRANSLATED, catalogue_path, translator

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = LOCALES_DIR / "messages.pot"
FIELD = re.compile(r"\{(\w*)[^{}]*\}")
# CLDR's integer plural categories: Arabic six (zero, one, two, few, many, other), Russian four
# (one, few, many, and other for fractions); French and Spanish one/other; Chinese one form.
PLURAL_FORMS = {"ar": 6, "ru": 4, "fr": 2, "es": 2, "zh": 1}


def _read(path: Path, locale: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _ids(catalogue) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue if m.id}


def test_the_template_holds_every_message_the_code_writes(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "N_", "-k", "N_plural:1,2", "-o", str(fresh), "."],
        cwd=REPO_ROOT, check=True, capture_output=True,
    )  # fmt: skip
    missing = _ids(_read(fresh)) - _ids(_read(TEMPLATE))
    assert not missing, f"run `make catalogues` and translate: {sorted(missing)[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_of_the_template_is_translated_and_none_is_fuzzy(code):
    catalogue = _read(catalogue_path(code), LANGUAGES[code].babel_locale)
    template = _read(TEMPLATE)
    assert _ids(template) <= _ids(catalogue), "run `make catalogues` and translate the new ones"
    untranslated = [
        m.id
        for m in catalogue
        if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert untranslated == []
    assert not catalogue.fuzzy


@pytest.mark.parametrize("code", TRANSLATED)
def test_babels_checkers_and_the_placeholders_pass(code):
    catalogue = _read(catalogue_path(code), LANGUAGES[code].babel_locale)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check()]
    assert problems == []
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = {name for text in ids for name in FIELD.findall(text)}
        for text in strings:
            assert set(FIELD.findall(text)) == wanted, (code, message.id, text)


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_plural_forms_header_follows_cldr(code):
    catalogue = _read(catalogue_path(code), LANGUAGES[code].babel_locale)
    assert catalogue.num_plurals == PLURAL_FORMS[code]
    if code in ("ar", "ru"):
        assert len(Locale.parse(code).plural_form.tags) + 1 == PLURAL_FORMS[code]  # + other
    plural_messages = [m for m in catalogue if m.id and isinstance(m.id, tuple)]
    assert plural_messages
    assert all(len(m.string) == PLURAL_FORMS[code] for m in plural_messages)


@pytest.mark.parametrize(
    ("code", "count", "expected"),
    [
        ("ar", 0, "0 فعالية"),
        ("ar", 1, "1 فعالية"),
        ("ar", 2, "2 فعاليتان"),
        ("ar", 5, "5 فعاليات"),
        ("ar", 11, "11 فعالية"),
        ("ru", 1, "1 мероприятие"),
        ("ru", 3, "3 мероприятия"),
        ("ru", 5, "5 мероприятий"),
        ("ru", 21, "21 мероприятие"),
        ("fr", 2, "2 événements"),
        ("zh", 2, "2 场活动"),
    ],
)
def test_a_count_takes_the_languages_plural_form(code, count, expected):
    assert translator(code).ngettext("{n} event", "{n} events", count) == expected


def test_numbers_dates_and_lower_bounds_follow_each_language():
    from dashboard.formatting import count_label, date_label

    assert count_label(17000, ">", translator("fr")) == "17\u202f000+"
    assert count_label(17000, ">", translator("en")) == "17,000+"
    assert date_label(__import__("datetime").date(2025, 3, 1), "month", translator("ru")) == (
        "март 2025\u202fг. (только месяц)"
    )
    assert date_label(__import__("datetime").date(2025, 3, 1), "year", translator("zh")) == (
        "2025 年（仅知年份）"
    )
    assert (
        translator("ar").plotly_locale()["format"]["months"][2]
        != (translator("ar").plotly_locale()["format"]["months"][4])
    )
