"""The six UN languages: which one a run speaks, its catalogue, and its numbers and dates.

No Streamlit here: charts, exports and tests take a `Translator` as an argument; the sidebar's
picker (`dashboard.ui.language_choice`) chooses one per run. Catalogues are gettext `.po` files
under `dashboard/locales/`, compiled in memory with Babel the first time a language is asked
for and kept for the life of the process (six languages, so the cache is bounded by design).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from babel import Locale
from babel.dates import format_date, get_month_names, match_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
LANG_PARAM = "lang"


@dataclass(frozen=True)
class Language:
    code: str  # the `?lang=` value, also the catalogue's folder name
    native_name: str  # how the picker lists it: in its own script
    babel_locale: str
    right_to_left: bool = False


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("ar", "العربية", "ar", right_to_left=True),
        Language("zh", "中文", "zh_Hans"),
        Language("en", "English", "en"),
        Language("fr", "Français", "fr"),
        Language("ru", "Русский", "ru"),
        Language("es", "Español", "es"),
    )
}
ENGLISH_CODE = "en"
# Hidden from the picker: English with every translated string marked, so a test can see any
# text that never went through the catalogue.
PSEUDO = Language("qps", "Pseudo", "en")
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"
TRANSLATED = tuple(code for code in LANGUAGES if code != ENGLISH_CODE)

# English keeps the day-month-year order the dashboard always wrote; the other languages take
# CLDR's own patterns for the same fields (skeletons), e.g. '2025年9月3日' or '3 сент. 2025 г.'.
_ENGLISH_PATTERNS = {"yMMMMd": "d MMMM y", "yMMMM": "MMMM y", "yMMMd": "d MMM y", "yMMM": "MMM y"}
_PLACEHOLDER = re.compile(r"(\{[^{}]*\}|<[^<>]*>|%\{[^{}]*\}|&\w+;)")


def pseudo_text(text: str) -> str:
    """'⟦Evénts⟧': English, visibly marked, placeholders and markup left as they are."""
    accented = str.maketrans("aeiouAEIOU", "àéîöûÀÉÎÖÛ")
    parts = _PLACEHOLDER.split(text)
    marked = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(accented) for p in parts)
    return f"{PSEUDO_OPEN}{marked}{PSEUDO_CLOSE}"


class _PseudoTranslations(NullTranslations):
    """Marks every message, and remembers which were asked for (at most every message the code
    has), so a test can check each one is in the extracted template."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str | None, str]] = set()

    def gettext(self, message: str) -> str:
        self.asked.add((None, message))
        return pseudo_text(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.asked.add((None, singular))
        return pseudo_text(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        self.asked.add((context, message))
        return pseudo_text(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        self.asked.add((context, singular))
        return pseudo_text(singular if n == 1 else plural)


def catalogue_path(code: str) -> Path:
    return LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=len(LANGUAGES) + 1)
def _translations(code: str) -> NullTranslations:
    """The language's catalogue, compiled from its `.po` once per process (no .mo to go stale)."""
    if code == PSEUDO.code:
        return _PseudoTranslations()
    path = catalogue_path(code)
    if code == ENGLISH_CODE or not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalogue = read_po(po, locale=LANGUAGES[code].babel_locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)  # fuzzy entries are left out, as gettext does
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Translator:
    """One language's words, numbers and dates. `_`, `ngettext`, `pgettext` and `npgettext` are
    the names `pybabel extract` looks for; their `{name}` fields are filled after translation."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.code = language.code
        self.locale = Locale.parse(language.babel_locale)
        self.right_to_left = language.right_to_left
        self._catalogue = _translations(language.code)
        # CLDR's pattern for each skeleton, matched once: matching on every date costs a page
        # with hundreds of dates more than the formatting itself.
        self._patterns = (
            dict(_ENGLISH_PATTERNS)
            if language.babel_locale == "en"
            else {
                skeleton: str(
                    self.locale.datetime_skeletons[
                        match_skeleton(skeleton, self.locale.datetime_skeletons)
                    ]
                )
                for skeleton in _ENGLISH_PATTERNS
            }
        )
        self._plotly_locale: dict | None = None

    def __repr__(self) -> str:
        return f"Translator({self.code!r})"

    @staticmethod
    def _fill(text: str, fallback: str, fields: Mapping[str, object]) -> str:
        if not fields:
            return text
        try:
            return text.format(**fields)
        except (KeyError, IndexError, ValueError):
            # A broken translation (the catalogue tests catch these) never breaks a page.
            return fallback.format(**fields)

    def _(self, message: str, /, **fields: object) -> str:
        return self._fill(self._catalogue.gettext(message), message, fields)

    def pgettext(self, context: str, message: str, /, **fields: object) -> str:
        return self._fill(self._catalogue.pgettext(context, message), message, fields)

    def ngettext(self, singular: str, plural: str, n: int, /, **fields: object) -> str:
        """`{n}` in either form is the count, written in the language's digits and grouping."""
        english = singular if n == 1 else plural
        fields = {"n": self.number(n), **fields}
        return self._fill(self._catalogue.ngettext(singular, plural, n), english, fields)

    def npgettext(
        self, context: str, singular: str, plural: str, n: int, /, **fields: object
    ) -> str:
        english = singular if n == 1 else plural
        fields = {"n": self.number(n), **fields}
        return self._fill(self._catalogue.npgettext(context, singular, plural, n), english, fields)

    # Numbers and dates, from CLDR.

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def _date(self, value: date | datetime, skeleton: str) -> str:
        text = format_date(value, self._patterns[skeleton], locale=self.locale)
        # The pseudo-language marks CLDR's English month names like the catalogue's words.
        return pseudo_text(text) if self.code == PSEUDO.code else text

    def full_date(self, value: date | datetime) -> str:
        """'14 June 2024', '14 juin 2024', '2024年6月14日'."""
        return self._date(value, "yMMMMd")

    def month_year(self, value: date | datetime) -> str:
        return self._date(value, "yMMMM")

    def short_date(self, value: date | datetime) -> str:
        return self._date(value, "yMMMd")

    def short_month_year(self, value: date | datetime) -> str:
        return self._date(value, "yMMM")

    def plotly_separators(self) -> str:
        """Plotly's `layout.separators`: the decimal sign, then the thousands separator."""
        return get_decimal_symbol(self.locale) + get_group_symbol(self.locale)

    def plotly_locale(self) -> dict:
        """A Plotly locale dictionary built from CLDR (Plotly's own Arabic file names May and
        March alike), for `config={"locale": code, "locales": {code: ...}}`. Built once."""
        if self._plotly_locale is None:
            self._plotly_locale = self._build_plotly_locale()
        return self._plotly_locale

    def _build_plotly_locale(self) -> dict:
        days = [
            format_date(date(2024, 1, 7 + offset), "EEEE", locale=self.locale)
            for offset in range(7)
        ]
        short_days = [
            format_date(date(2024, 1, 7 + offset), "EEE", locale=self.locale) for offset in range(7)
        ]
        return {
            "moduleType": "locale",
            "name": self.code,
            "dictionary": {},
            "format": {
                "days": days,
                "shortDays": short_days,
                "months": [
                    get_month_names("wide", "stand-alone", self.locale)[m] for m in range(1, 13)
                ],
                "shortMonths": [
                    get_month_names("abbreviated", "stand-alone", self.locale)[m]
                    for m in range(1, 13)
                ],
                "decimal": get_decimal_symbol(self.locale),
                "thousands": get_group_symbol(self.locale),
            },
        }


@functools.lru_cache(maxsize=len(LANGUAGES) + 1)
def translator(code: str) -> Translator:
    """The translator of a language code (one of LANGUAGES, or the pseudo-language)."""
    return Translator(PSEUDO if code == PSEUDO.code else LANGUAGES[code])


ENGLISH = Translator(LANGUAGES[ENGLISH_CODE])


def N_(message: str) -> str:
    """Marks a constant for the catalogue (`pybabel extract` knows the name); it is translated
    where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and plural pair for the catalogue (`pybabel extract -k N_plural:1,2`);
    `tr.ngettext(*pair, n)` translates it where it is shown."""
    return singular, plural


def language_from_param(value: str | None) -> tuple[str | None, str | None]:
    """The code `?lang=` asks for, or None and a notice (always English) for an unknown one."""
    if value is None or value == "":
        return None, None
    wanted = value.strip().lower()
    if wanted in LANGUAGES or wanted == PSEUDO.code:
        return wanted, None
    known = ", ".join(LANGUAGES)
    return None, f"Ignored `lang={value[:20]}`: the languages are {known}. Showing English."


def browser_language(locale: str | None, accept_language: str | None) -> str:
    """The browser's language when it is one of the six (its first choice that is), else
    English. `locale` is the browser's own (`navigator.language`), the header its ranked list."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            weight = 0.0
        if tag:
            ranked.append((-weight, index, tag))
    tags = ([locale] if locale else []) + [tag for _, _, tag in sorted(ranked)]
    for tag in tags:
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return ENGLISH_CODE
