"""Find and read dates and times as pages print them, in English, German, French, Spanish,
Dutch, Italian, Portuguese and Polish: absolute ("19 Oct, 2024", "2024-10-20", "10/30/2024",
"19. Oktober 2024 um 19:54", "October 19, 2024 AT 19:54") and relative ("3 hours ago", "2d",
"vor 3 Stunden", "il y a 2 jours", "yesterday").

The patterns and month names are data; :func:`find_dates` is a short loop over them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

# Month names and abbreviations → month number. Written for this project.
MONTHS: dict[str, int] = {}
_MONTH_NAMES = {
    1: "january jan januar jän janvier janv enero ene januari gennaio gen janeiro stycznia styczeń sty",
    2: "february feb febr februar février févr fev febrero februari febbraio fevereiro lutego luty lut",
    3: "march mar märz maerz mrz mars marzo maart março marca marzec",
    4: "april apr avril avr abril aprile kwietnia kwiecień kwi",
    5: "may mai mayo mei maggio mag maio maja maj",
    6: "june jun juni juin junio giugno giu junho czerwca czerwiec cze",
    7: "july jul juli juillet juil julio luglio lug julho lipca lipiec lip",
    8: "august aug août aout agosto ago augustus sierpnia sierpień sie",
    9: "september sep sept septembre septiembre sept settembre set setembro września wrzesień wrz",
    10: "october oct oktober okt octobre octubre oct ottobre ott outubro out października październik paź",
    11: "november nov novembre noviembre novembro listopada listopad lis",
    12: "december dec dez dezember décembre déc diciembre dic dicembre dezembro grudnia grudzień gru",
}
for _num, _names in _MONTH_NAMES.items():
    for _n in _names.split():
        MONTHS.setdefault(_n, _num)

# Any word of 3–12 letters where a month name may stand; the word is looked up in MONTHS after
# the match (a regex alternation of ~150 names costs far more than the lookup).
_MONTH_RE = r"[^\W\d_]{3,12}"
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche)\.?,?\s+"
)
# A time after a date: "AT 19:54", "at 7:54 pm", "um 19:54 Uhr", "à 19h54", ", 19:54", "- 7:54pm".
_TIME = (
    r"(?:\s*(?:,|at|um|à|a las|alle|om|o|às|-|–|—|\||•|·|/)?\s*"
    r"(?P<hour>[01]?\d|2[0-3])\s*(?:[:.h]\s*(?P<minute>[0-5]\d))(?::(?P<second>[0-5]\d))?"
    r"(?:\s*min\b)?(?:\s*(?P<ampm>[ap]\.?\s?m\.?))?(?:\s*uhr\b)?)?"
)
_TIME_ONLY = re.compile(
    r"\b(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\s*(?P<ampm>[ap]\.?\s?m\.?)?", re.I
)

# Absolute date patterns, tried in order. Each names year/month/day (mon = month name).
_ABSOLUTE = [
    # 2024-10-19T19:54:00Z, 2024-10-19 19:54, 2024-10-19
    r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)"
    r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d\d:?\d\d)?)?",
    # 2024/10/19, 2025.05.15 20:00
    r"(?<![\d.])(?P<year>(?:19|20)\d\d)(?:/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)|\.\s?(?P<month2>[01]\d)\.\s?"
    r"(?P<day2>[0-3]\d))(?![\d.])" + _TIME,
    # 19 Oct, 2024 · 17 October 2024 · 19. Oktober 2024 · 17th October 2024 · 19 de octubre de 2024
    # · 21.dez.2018
    r"(?<![\w])(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|e)?\.?\s*(?:de\s+)?(?P<mon>"
    + _MONTH_RE
    + r")\.?,?\s*(?:de\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"
    + _TIME,
    # October 19, 2024 · Oct 17 2024 · Oct. 17th, 2024
    r"(?<![\w])(?P<mon>" + _MONTH_RE + r")\.?\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s*"
    r"(?P<year>(?:19|20)\d\d)(?!\d)" + _TIME,
    # 10/30/2024, 19/10/2024, 19.10.2024, 30-10-2024 (order resolved in _numeric)
    r"(?<![\d/.\-])(?P<a>[0-3]?\d)(?P<sep>[/.\-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)" + _TIME,
    # 19.10.24, 25.4.24 (two-digit year, dotted: day first; 12.29.14 falls back to month first)
    r"(?<![\d.])(?P<a>[0-3]?\d)\.(?P<b>[0-3]?\d)\.(?P<yy>\d\d)(?![\d.])" + _TIME,
]
_ABSOLUTE_RE = [re.compile(p, re.IGNORECASE) for p in _ABSOLUTE]

# Dates printed without a year, as comment lists do ("Sep 21, 3:05 PM", "Oct.28 at 4:22 pm",
# "3. März um 10:15"). A time is required: without one "May 5" is too often prose.
_TIME_REQUIRED = _TIME[:-1]  # the same time pattern, not optional
_PARTIAL = [
    r"(?<![\w])(?P<mon>" + _MONTH_RE + r")\.?\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])" + _TIME_REQUIRED,
    r"(?<![\w])(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|e)?\.?\s*(?:de\s+)?(?P<mon>"
    + _MONTH_RE
    + r")\.?(?![\w])"
    + _TIME_REQUIRED,
]
# 3/9(木) 18:45 (month/day with a weekday in brackets, as Japanese and Korean sites print them)
_PARTIAL.append(
    r"(?<![\d/])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)(?:\s*[（(][^)）]{1,3}[)）])\s*(?![\d/])" + _TIME_REQUIRED
)
_PARTIAL_RE = [re.compile(p, re.IGNORECASE) for p in _PARTIAL]

# Relative times. Units → seconds.
_UNITS: dict[str, int] = {}
for _secs, _names in (
    (1, "s sec secs second seconds sekunde sekunden seconde secondes segundo segundos"),
    (60, "m min mins minute minutes minuten minuto minutos minuut minuten minut minuty"),
    (3600, "h hr hrs hour hours stunde stunden std heure heures hora horas uur godzina godzin godziny"),
    (86400, "d day days tag tagen tage jour jours día días dia dias dag dagen dzień dni"),
    (604800, "w wk wks week weeks woche wochen semaine semaines semana semanas weken tydzień tygodni"),
    (2592000, "mo mon month months monat monaten monate mois mes meses maand maanden miesiąc miesięcy"),
    (31536000, "y yr yrs year years jahr jahren jahre an ans année années año años jaar jaren rok lat"),
):
    for _n in _names.split():
        _UNITS.setdefault(_n, _secs)
# Any short word where a unit may stand ("hours", "d", "Stunden"), checked against _UNITS.
_UNIT_RE = r"[^\W\d_]{1,12}"
_NUM_WORDS = {"a": 1, "an": 1, "one": 1, "ein": 1, "eine": 1, "einem": 1, "einer": 1, "un": 1, "une": 1}
_RELATIVE_RE = [
    # vor 3 Stunden · il y a 2 jours · hace 2 días · há 2 dias (before the bare number, so
    # that the whole phrase is the match)
    re.compile(
        r"(?:vor|il y a|hace|há)\s+(?P<n>\d+|einem|einer|ein|eine|un|une)\s*(?P<unit>"
        + _UNIT_RE
        + r")(?![\w])",
        re.I,
    ),
    # 2 dagen geleden · 3 godziny temu · 2 ore fa
    re.compile(r"(?P<n>\d+)\s*(?P<unit>" + _UNIT_RE + r")\s+(?:geleden|temu|fa|atrás)(?![\w])", re.I),
    # 3 hours ago · 2d ago · 2d
    re.compile(r"(?<![\w])(?P<n>\d+)\s*(?P<unit>" + _UNIT_RE + r")\.?(?:\s+ago)?(?![\w])", re.I),
    # an hour ago · a day ago (a word for the number only with "ago": "a day" alone is prose)
    re.compile(r"(?<![\w])(?P<n>an?|one)\s+(?P<unit>" + _UNIT_RE + r")\s+ago(?![\w])", re.I),
]
_RELATIVE_WORDS: dict[str, int] = {
    "just now": 0,
    "now": 0,
    "today": 0,
    "heute": 0,
    "aujourd'hui": 0,
    "hoy": 0,
    "vandaag": 0,
    "yesterday": 86400,
    "gestern": 86400,
    "hier": 86400,
    "ayer": 86400,
    "gisteren": 86400,
    "wczoraj": 86400,
    "ieri": 86400,
    "ontem": 86400,
    "gerade eben": 0,
    "à l'instant": 0,
}
_RELATIVE_WORD_RE = re.compile(
    r"(?<![\w])(?P<w>"
    + "|".join(sorted((re.escape(w) for w in _RELATIVE_WORDS), key=len, reverse=True))
    + r")(?![\w])",
    re.I,
)


_DIGIT_RE = re.compile(r"\d")
_NUMERIC_HINT_RE = re.compile(r"\d\s?[-/.:h]\s?\d|(?<!\d)(?:19|20)\d\d(?!\d)")
_VERSION_BEFORE_RE = re.compile(
    r"\b(?:version|versie|versión|versione|wersja|release|build|update|v)\s*$", re.IGNORECASE
)
_ALPHA_RE = re.compile(r"[^\W\d_]+")
_TIMEISH_RE = re.compile(r"\d\s*[:.h]\s*\d\d")
_TIME_BEFORE_RE = re.compile(
    r"(?<![\d.:])(?P<hour>[01]?\d|2[0-3])\s*[:h]\s*(?P<minute>[0-5]\d)(?:\s*(?P<ampm>[ap]\.?\s?m\.?))?"
    r"(?:\s*uhr)?\s*(?:,|on|am|le|the|del|op|il|em|-|–|\|)?\s*$",
    re.IGNORECASE,
)
_MONTH_TOKENS = frozenset(m.rstrip(".") for m in MONTHS)
_NAMED_ABSOLUTE = frozenset({2, 3})  # the patterns of _ABSOLUTE that need a month name
_SEPARATORS = frozenset("-/.")
_NEEDS_SEPARATOR = {0: frozenset("-"), 1: frozenset("/."), 4: frozenset("/.-"), 5: frozenset(".")}
_RELATIVE_TOKENS = frozenset(
    set(_UNITS)
    | {w for phrase in _RELATIVE_WORDS for w in _ALPHA_RE.findall(phrase)}
    | {"ago", "vor", "il", "hace", "há", "geleden", "temu", "fa", "atrás", "an", "one"}
)


@dataclass(frozen=True)
class DateMatch:
    """A date (and maybe a time) found in text.

    For relative times ("3 hours ago") the calendar fields are empty and ``ago`` holds the
    offset; :meth:`resolve` turns it into a datetime given a reference moment.
    """

    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    ago: timedelta | None = None

    @property
    def relative(self) -> bool:
        return self.ago is not None

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    @property
    def partial(self) -> bool:
        """True for a calendar date printed without its year ("Sep 21, 3:05 PM")."""
        return self.ago is None and self.year is None and self.month is not None

    def with_year(self, reference: date) -> DateMatch:
        """Give a year-less date the year that puts it on or after ``reference``'s day (within a
        year): comments are written after the article they answer."""
        if not self.partial or self.month is None or self.day is None:
            return self
        year = reference.year
        if (self.month, self.day) < (reference.month, reference.day) and reference.month - self.month > 1:
            year += 1  # December article, January comment
        if not _valid(year, self.month, self.day):
            return self
        return DateMatch(
            self.start, self.end, self.text, year, self.month, self.day, self.hour, self.minute, self.second
        )

    def date_iso(self) -> str | None:
        """``YYYY-MM-DD`` for absolute dates, None for relative ones."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def iso(self, reference: datetime | None = None) -> str | None:
        """``YYYY-MM-DDTHH:MM`` (or ``YYYY-MM-DD`` without a time); relative times need a
        reference moment and give None without one."""
        if self.relative:
            if reference is None or self.ago is None:
                return None
            moment = reference - self.ago
            return moment.strftime("%Y-%m-%dT%H:%M")
        d = self.date_iso()
        if d is None:
            return None
        if self.hour is None:
            return d
        return f"{d}T{self.hour:02d}:{(self.minute or 0):02d}"


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _hour(m: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    gd = m.groupdict()
    if gd.get("hour") is None:
        return None, None, None
    hour = int(gd["hour"])
    minute = int(gd["minute"]) if gd.get("minute") else 0
    second = int(gd["second"]) if gd.get("second") else None
    ampm = (gd.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return hour, minute, second


def _from_match(m: re.Match[str], dayfirst: bool | None, partial: bool = False) -> DateMatch | None:
    gd = m.groupdict()
    year = int(gd["year"]) if gd.get("year") else None
    if gd.get("yy"):
        if _VERSION_BEFORE_RE.search(m.string, 0, m.start()):
            return None  # "version 2.4.10" is a release, not 2 April 2010
        year = 2000 + int(gd["yy"]) if int(gd["yy"]) < 70 else 1900 + int(gd["yy"])
    if gd.get("mon"):
        month = MONTHS.get(gd["mon"].lower().rstrip("."))
        day = int(gd["day"])
    elif gd.get("a"):
        a, b = int(gd["a"]), int(gd["b"])
        if a > 12:
            day, month = a, b
        elif b > 12:
            month, day = a, b
        elif gd.get("sep") in (".", "-") or gd.get("yy") or dayfirst:
            day, month = a, b
        else:
            month, day = a, b  # 10/11/2024 without other evidence: US order
    elif gd.get("month2"):
        month, day = int(gd["month2"]), int(gd["day2"])
    else:
        month, day = int(gd["month"]), int(gd["day"])
    if month is None:
        return None
    if gd.get("yy") and year is not None and not _valid(year, month, day) and _valid(year, day, month):
        month, day = day, month  # 12.29.14: the US order printed with dots
    if partial:
        if not _valid(2000, month, day):  # 2000 is a leap year: 29 February stays possible
            return None
    elif year is None or not _valid(year, month, day):
        return None
    hour, minute, second = _hour(m)
    text = m.group()
    end = m.end() - (len(text) - len(text.rstrip()))
    return DateMatch(m.start(), end, text.rstrip(), year, month, day, hour, minute, second)


def find_dates(
    text: str,
    *,
    dayfirst: bool | None = None,
    relative: bool = True,
    partial: bool = False,
    exhaustive: bool = True,
) -> list[DateMatch]:
    """All dates in ``text``, in text order, without overlaps (earlier patterns win).

    Args:
        dayfirst: how to read ambiguous numeric dates such as 03/04/2024 (None: month first
            for "/", day first for ".").
        relative: also find relative times ("3 hours ago", "2d", "yesterday").
        partial: also find dates printed with a time but without a year ("Sep 21, 3:05 PM");
            their ``year`` is None until :meth:`DateMatch.with_year` gives them one.
        exhaustive: False skips the year-less and relative patterns once a full date was
            found (a faster reading for lines that hold one timestamp).
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    # Cheap gates before the regexes: digits for numeric dates, a month word for named ones, a
    # unit or "ago"-word for relative times. Most lines of a page pass none of them.
    has_digit = _DIGIT_RE.search(text) is not None
    if not has_digit and not relative:
        return found
    words = set(_ALPHA_RE.findall(text.casefold()))
    has_month = not words.isdisjoint(_MONTH_TOKENS)
    if not has_digit and words.isdisjoint(_RELATIVE_TOKENS):
        return found
    # Numbers alone ("12 Comments", "4,094") need no date pattern: a numeric date has digits
    # joined by - / . : or h, or a four-digit year; a named one has a month word.
    numeric = has_digit and _NUMERIC_HINT_RE.search(text) is not None
    if not numeric and not has_month and (not relative or words.isdisjoint(_RELATIVE_TOKENS)):
        return found
    has_digit = numeric or has_month

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    seps = _SEPARATORS.intersection(text) if has_digit else set()
    for k, rx in enumerate(_ABSOLUTE_RE):
        if not has_digit or (k in _NAMED_ABSOLUTE and not has_month):
            continue
        if k in _NEEDS_SEPARATOR and seps.isdisjoint(_NEEDS_SEPARATOR[k]):
            continue  # "2024-10-19" needs a dash, "19.10.24" a dot: skip what cannot match
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            dm = _from_match(m, dayfirst)
            if dm is not None:
                found.append(dm)
                taken.append((m.start(), m.end()))
    # "12:34, 3 April 2024", "14:05 Uhr, 3. April 2024", "at 9:15 am on 12 May 2021": a time
    # printed before its date.
    for k, dm in enumerate(found):
        if dm.hour is None and dm.start > 3:
            before = _TIME_BEFORE_RE.search(text, max(0, dm.start - 30), dm.start)
            if before is not None:
                hour, minute, _ = _hour(before)
                found[k] = DateMatch(
                    before.start(),
                    dm.end,
                    text[before.start() : dm.end],
                    dm.year,
                    dm.month,
                    dm.day,
                    hour,
                    minute,
                    None,
                )
                taken.append((before.start(), dm.start))
    if partial and has_digit and (exhaustive or not found) and _TIMEISH_RE.search(text):
        for k, rx in enumerate(_PARTIAL_RE):
            if (k < 2 and not has_month) or (k == 2 and "/" not in text):
                continue
            for m in rx.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                dm = _from_match(m, dayfirst, partial=True)
                if dm is not None:
                    found.append(dm)
                    taken.append((m.start(), m.end()))
    if relative and (exhaustive or not found) and not words.isdisjoint(_RELATIVE_TOKENS):
        for rx in _RELATIVE_RE:
            for m in rx.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                n = m.group("n").lower()
                count = _NUM_WORDS.get(n, None)
                if count is None:
                    count = int(n) if n.isdigit() else 1
                unit = m.group("unit").lower()
                # "2m" is minutes, "2 mo" months; a bare "5 an" is French years — keep as mapped.
                secs = _UNITS.get(unit)
                if secs is None:
                    continue
                found.append(DateMatch(m.start(), m.end(), m.group(), ago=timedelta(seconds=count * secs)))
                taken.append((m.start(), m.end()))
        for m in _RELATIVE_WORD_RE.finditer(text):
            if free(m.start(), m.end()):
                secs = _RELATIVE_WORDS[m.group("w").lower()]
                found.append(DateMatch(m.start(), m.end(), m.group(), ago=timedelta(seconds=secs)))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def parse_date(text: str, *, dayfirst: bool | None = None) -> str | None:
    """The first absolute date in ``text`` as ``YYYY-MM-DD``, or None."""
    for d in find_dates(text, dayfirst=dayfirst, relative=False):
        iso = d.date_iso()
        if iso is not None:
            return iso
    return None


def parse_datetime(
    text: str, *, reference: datetime | None = None, dayfirst: bool | None = None
) -> str | None:
    """The first date or time in ``text`` as ISO 8601 (``YYYY-MM-DDTHH:MM`` when a time is
    given). Relative times are resolved against ``reference``, or give None without one."""
    for d in find_dates(text, dayfirst=dayfirst):
        return d.iso(reference)
    return None


def parse_iso_or_epoch(value: object) -> str | None:
    """Read a machine timestamp (ISO 8601 text, or epoch seconds / milliseconds)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        secs = float(value)
        if secs > 1e11:  # milliseconds
            secs /= 1000.0
        try:
            return datetime.fromtimestamp(secs, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s:
        return None
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", s):
        return parse_iso_or_epoch(float(s))
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
        return (
            dt.strftime("%Y-%m-%dT%H:%M:%S")
            if (dt.second or dt.hour or dt.minute)
            else (dt.strftime("%Y-%m-%d") if len(s) <= 10 else dt.strftime("%Y-%m-%dT%H:%M:%S"))
        )
    except ValueError:
        return parse_datetime(s)


def time_of_day(text: str) -> tuple[int, int] | None:
    """A bare time ("19:54", "7:54 pm") as (hour, minute), for pages that print only times."""
    m = _TIME_ONLY.search(text)
    if not m:
        return None
    hour, minute, _ = _hour(m)
    return (hour or 0, minute or 0) if hour is not None else None
