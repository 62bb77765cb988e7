"""Per-article and corpus summaries: the facts first (dataclasses), then prose made only from them.

A discussion's summary holds its counts, the label distribution of every classifier that ran,
its themes and threads, a time line, notable comments, a moderation summary and its agreement
with the article; :func:`describe` turns those facts into a short paragraph with numbers.
Summaries discover classifiers from what was scored. Where a section needs a specific contract
column (sentiment for tone, register for formality, stance for agreement, moderation for
toxicity, reply_stance for agree/disagree) and that classifier did not run, the section is
left out, never guessed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from .cluster import Themes
from .model import Label, Page
from .threads import ANONYMOUS, Threads

# Classifiers whose contract columns give a section its meaning (see CONTRACT.md).
SENTIMENT = "sentiment"
REGISTER = "register"
STANCE = "stance"
MODERATION = "moderation"
REPLY_STANCE = "reply_stance"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# ---------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class ClassifierInfo:
    """What a summary needs to know of a classifier that ran (taken from the registry)."""

    name: str
    labels: tuple[str, ...]
    default_label: str
    description: str = ""
    version: str = "1"
    replies_only: bool = False

    @classmethod
    def of(cls, clf: Any) -> ClassifierInfo:
        return cls(
            name=clf.name,
            labels=tuple(clf.labels),
            default_label=clf.default_label,
            description=getattr(clf, "description", "") or "",
            version=str(getattr(clf, "version", "1")),
            replies_only="parent" in getattr(clf, "needs", ()),
        )


@dataclass
class Scored:
    """The labels of one discussion, as the summary reads them.

    Attributes:
        classifiers: the classifiers that ran, in output order.
        labels: classifier name → one Label (or None where it did not apply) per comment.
        flags: moderation flags of each comment (empty when none, or no moderation ran).
    """

    classifiers: list[ClassifierInfo]
    labels: dict[str, list[Label | None]]
    flags: list[list[str]] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.labels

    def info(self, name: str) -> ClassifierInfo | None:
        return next((c for c in self.classifiers if c.name == name), None)


@dataclass(frozen=True)
class SummaryParams:
    """Settings of summaries (the ``[analyze]`` section; see defaults.toml for each key)."""

    excerpt_chars: int = 200
    read_first: int = 5
    pairs_in_prose: int = 4
    themes_in_prose: int = 4
    tone_shift_min: float = 0.3
    tone_min_segment: int = 3
    max_buckets: int = 60
    terms_per_article: int = 60
    distinctive_words: int = 8
    now: datetime | None = None

    @classmethod
    def from_settings(cls, section: dict[str, Any], now: datetime | None = None) -> SummaryParams:
        known = {f for f in cls.__dataclass_fields__} - {"now"}
        return cls(**{k: v for k, v in section.items() if k in known}, now=now)


# ---------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class CommentRef:
    """A pointer to one comment, with enough text to recognise it.

    Attributes:
        position: index in the discussion (page order), also the comment's anchor in reports.
        comment_id: the comment's id.
        author: its author ("anonymous" when the page shows none).
        excerpt: its first words (``excerpt_chars`` at most).
        value: the figure that made it notable (a score, a reply count), when there is one.
        reasons: why it is listed (moderation flags and the words that raised them…).
    """

    position: int
    comment_id: str
    author: str
    excerpt: str
    value: float | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelStats:
    """One classifier's labels over a discussion.

    Attributes:
        name: the classifier.
        description: what it measures, in words.
        counts: label → number of comments, in the classifier's label order (zeros kept).
        scored: comments it applied to (replies only, for reply classifiers).
        mean_score: the mean of its score over those comments.
    """

    name: str
    description: str
    counts: dict[str, int]
    scored: int
    mean_score: float | None

    def share(self, label: str) -> float:
        return self.counts.get(label, 0) / self.scored if self.scored else 0.0

    @property
    def top(self) -> str | None:
        if not self.scored:
            return None
        return max(self.counts, key=lambda k: self.counts[k])  # first label wins ties


@dataclass(frozen=True)
class ThemeFacts:
    id: int
    label: str
    terms: tuple[str, ...]
    size: int
    share: float
    placed: bool
    exemplars: tuple[CommentRef, ...]
    mean_sentiment: float | None = None


@dataclass(frozen=True)
class PairFacts:
    replier: str
    addressee: str
    count: int
    stances: dict[str, int]
    addressed: int


@dataclass(frozen=True)
class ThreadFacts:
    top_level: int
    replies: int
    threads_with_replies: int
    max_depth: int
    longest: tuple[CommentRef, ...]
    pairs: tuple[PairFacts, ...]
    reply_stances: dict[str, int]
    missing_parents: int = 0
    cycles: int = 0
    duplicate_ids: int = 0


@dataclass(frozen=True)
class Bucket:
    start: str
    count: int
    mean_sentiment: float | None = None


@dataclass(frozen=True)
class ToneChange:
    """The point where the discussion's mean sentiment moved most.

    Attributes:
        position: index (page order) of the first comment after the change.
        at: its time stamp, or None when the comments are undated (then ``by`` is "page order").
        before, after: mean sentiment of the comments before and from that point on.
        n_before, n_after: how many comments each mean covers.
        by: ``time`` or ``page order``.
    """

    position: int
    at: str | None
    before: float
    after: float
    n_before: int
    n_after: int
    by: str

    @property
    def direction(self) -> str:
        return "more negative" if self.after < self.before else "more positive"


@dataclass(frozen=True)
class Timeline:
    """When the discussion happened.

    Attributes:
        first, last: earliest and latest time stamps (ISO), among usable dates.
        dated: comments with a usable date; undated: without one; future: dated after the run
            (left out of the time line); before_article: dated more than a day before the
            article's own date (kept, but suspicious).
        span_days: days from first to last comment.
        per_day: comments per day over that span (None when under a day or undated).
        unit: size of the buckets (``hour``, ``day``, ``week``, ``month``).
        buckets: comments per bucket, with their mean sentiment.
        tone_change: the biggest shift in tone, when it passes ``tone_shift_min``.
    """

    first: str | None
    last: str | None
    dated: int
    undated: int
    future: int
    before_article: int
    span_days: float
    per_day: float | None
    unit: str
    buckets: tuple[Bucket, ...]
    tone_change: ToneChange | None


@dataclass(frozen=True)
class Moderation:
    """What a moderator should know (from the moderation classifier).

    Attributes:
        bands: toxicity band → comments, in the classifier's label order.
        flags: flag → comments raising it, most frequent first.
        flagged: comments with a band other than the default or at least one flag.
        mean_toxicity: mean toxicity score.
        read_first: the comments to read first: highest toxicity, then most flags.
        default_band: the band that needs no review (the classifier's default label).
    """

    bands: dict[str, int]
    flags: dict[str, int]
    flagged: int
    mean_toxicity: float | None
    read_first: tuple[CommentRef, ...]
    default_band: str = ""


@dataclass(frozen=True)
class Agreement:
    """Agreement with the article, from the stance classifier.

    ``polarisation`` is 2 × min(support, deny) / scored: 0 when only one side speaks, 1 when
    the discussion splits evenly between support and denial.
    """

    counts: dict[str, int]
    scored: int
    support: int
    deny: int
    query: int
    support_share: float
    deny_share: float
    polarisation: float
    lean: str


@dataclass
class ArticleSummary:
    """Everything the reports say about one article's discussion (JSON-ready via to_dict)."""

    article_id: str
    slug: str
    source: str
    kind: str
    title: str | None
    byline: str | None
    published: str | None
    url: str | None
    comments: int
    declared_comments: int | None
    authors: int
    empty_texts: int
    labels: dict[str, LabelStats]
    themes: list[ThemeFacts]
    theme_method: str
    theme_silhouette: float | None
    threads: ThreadFacts
    timeline: Timeline
    notable: dict[str, CommentRef]
    moderation: Moderation | None
    agreement: Agreement | None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    paragraph: str = ""

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


_FIELDS: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """Dataclasses, dicts and sequences as plain JSON data, floats rounded to 4 places so that
    output does not depend on the last bits of a platform's maths. (``dataclasses.asdict``
    deep-copies everything and was a measurable share of a run's time.)"""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    names = _FIELDS.get(type(value))
    if names is None:
        names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
    return {n: plain(getattr(value, n)) for n in names}


# ---------------------------------------------------------------------------- helpers


def excerpt(text: str, limit: int = 200) -> str:
    """The first words of a text, whitespace collapsed, cut at a word boundary."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(",;:") + " …"


def author_name(author: str | None) -> str:
    return (author or "").strip() or ANONYMOUS


def parse_posted(value: str | None) -> datetime | None:
    """An ISO 8601 time stamp as a naive UTC datetime; None when missing or unreadable."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def human_date(value: str | datetime | None, with_time: bool = False) -> str:
    """``2024-12-28T21:59`` → ``28 Dec 2024`` (English month names, whatever the locale)."""
    dt = parse_posted(value) if isinstance(value, str) else value
    if dt is None:
        return "unknown date"
    text = f"{dt.day} {_MONTHS[dt.month - 1]} {dt.year}"
    return f"{text} {dt:%H:%M}" if with_time else text


def signed(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:+.{digits}f}"


def _mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return sum(vals) / len(vals) if vals else None


def _ref(
    page: Page, i: int, params: SummaryParams, value: float | None = None, reasons: tuple[str, ...] = ()
) -> CommentRef:
    c = page.comments[i]
    return CommentRef(
        i,
        c.id,
        author_name(c.author),
        excerpt(c.text, params.excerpt_chars),
        None if value is None else round(float(value), 4),
        reasons,
    )


# ---------------------------------------------------------------------------- sections


def label_stats(info: ClassifierInfo, labels: Sequence[Label | None]) -> LabelStats:
    counts = dict.fromkeys(info.labels, 0)
    scores = []
    for lab in labels:
        if lab is None:
            continue
        counts[lab.label] = counts.get(lab.label, 0) + 1
        scores.append(lab.score)
    mean = _mean(scores)
    return LabelStats(
        info.name, info.description, counts, len(scores), None if mean is None else round(mean, 4)
    )


def _extreme(
    page: Page,
    labels: Sequence[Label | None],
    params: SummaryParams,
    highest: bool,
    beyond: float | None = None,
    label: str | None = None,
) -> CommentRef | None:
    """The comment with the highest (or lowest) score; ties go to the earliest comment.
    ``beyond``: the score must be above (highest) or below (lowest) it, e.g. 0 for sentiment;
    ``label``: only comments with this label qualify (the most formal must be formal)."""
    best: tuple[float, int] | None = None
    for i, lab in enumerate(labels):
        if lab is None or not page.comments[i].text.strip() or (label is not None and lab.label != label):
            continue
        s = lab.score if highest else -lab.score
        if beyond is not None and s <= (beyond if highest else -beyond):
            continue
        if best is None or s > best[0]:
            best = (s, i)
    if best is None:
        return None
    i = best[1]
    lab = labels[i]
    assert lab is not None
    return _ref(page, i, params, lab.score)


def notable_comments(
    page: Page, scored: Scored, threads: Threads, params: SummaryParams
) -> dict[str, CommentRef]:
    """Most positive and negative, most formal and informal, and most replied-to comments."""
    out: dict[str, CommentRef | None] = {}
    if scored.has(SENTIMENT):
        out["most_positive"] = _extreme(page, scored.labels[SENTIMENT], params, True, 0.0)
        out["most_negative"] = _extreme(page, scored.labels[SENTIMENT], params, False, 0.0)
    if scored.has(REGISTER):
        out["most_formal"] = _extreme(page, scored.labels[REGISTER], params, True, label="formal")
        out["most_informal"] = _extreme(page, scored.labels[REGISTER], params, False, label="informal")
    if threads.replies and max(threads.replies) > 0:
        i = max(range(len(threads.replies)), key=lambda j: (threads.replies[j], -j))
        out["most_replied_to"] = _ref(page, i, params, threads.replies[i])
    return {k: v for k, v in out.items() if v is not None}


def thread_facts(page: Page, threads: Threads, params: SummaryParams) -> ThreadFacts:
    return ThreadFacts(
        top_level=threads.top_level,
        replies=threads.replies_total,
        threads_with_replies=threads.threads_with_replies,
        max_depth=threads.max_depth,
        longest=tuple(_ref(page, i, params) for i in threads.longest),
        pairs=tuple(
            PairFacts(p.replier, p.addressee, p.count, p.stances, p.addressed) for p in threads.pairs
        ),
        reply_stances=threads.reply_stances,
        missing_parents=threads.missing_parents,
        cycles=threads.cycles,
        duplicate_ids=threads.duplicate_ids,
    )


def theme_facts(page: Page, themes: Themes, scored: Scored, params: SummaryParams) -> list[ThemeFacts]:
    n = len(page.comments) or 1
    sentiments = scored.labels.get(SENTIMENT)
    out = []
    for t in themes.themes:
        mean = None
        if sentiments is not None:
            members = [sentiments[i] for i in range(len(page.comments)) if themes.assignments[i] == t.id]
            mean = _mean(lab.score for lab in members if lab is not None)
        out.append(
            ThemeFacts(
                t.id,
                t.label,
                t.terms[:8],
                t.size,
                round(t.size / n, 4),
                t.placed,
                tuple(_ref(page, i, params) for i in t.exemplars),
                None if mean is None else round(mean, 4),
            )
        )
    return out


def _bucket_unit(span: timedelta, max_buckets: int) -> str:
    for unit, size in (
        ("hour", timedelta(hours=1)),
        ("day", timedelta(days=1)),
        ("week", timedelta(weeks=1)),
    ):
        if span / size < max_buckets:
            return unit
    return "month"


def _bucket_start(dt: datetime, unit: str) -> datetime:
    if unit == "hour":
        return dt.replace(minute=0, second=0, microsecond=0)
    day = dt.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_bucket(dt: datetime, unit: str) -> datetime:
    if unit == "month":
        return dt.replace(year=dt.year + dt.month // 12, month=dt.month % 12 + 1)
    return dt + {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}[unit]


def tone_change(
    order: Sequence[int], scores: Sequence[float | None], params: SummaryParams
) -> tuple[int, float, float, int, int] | None:
    """The split of a sequence of sentiment scores where the mean moves most.

    Each side needs ``tone_min_segment`` comments (and a tenth of them); the shift counts when
    the means differ by at least ``tone_shift_min``. The split maximises the difference
    weighted by sqrt(n_before × n_after / n), so that a shift backed by many comments beats a
    larger one at the very end.

    Returns:
        (position of the first comment after the split, mean before, mean after, n before,
        n after), or None.
    """
    seq = [(i, s) for i in order if (s := scores[i]) is not None]
    n = len(seq)
    m = max(params.tone_min_segment, n // 10)
    if n < 2 * m:
        return None
    prefix = [0.0]
    for _, s in seq:
        prefix.append(prefix[-1] + s)
    best: tuple[float, int] | None = None
    for k in range(m, n - m + 1):
        before = prefix[k] / k
        after = (prefix[n] - prefix[k]) / (n - k)
        weight = abs(after - before) * math.sqrt(k * (n - k) / n)
        if best is None or weight > best[0] + 1e-12:
            best = (weight, k)
    assert best is not None
    k = best[1]
    before = prefix[k] / k
    after = (prefix[n] - prefix[k]) / (n - k)
    if abs(after - before) < params.tone_shift_min:
        return None
    return seq[k][0], before, after, k, n - k


def timeline(page: Page, scored: Scored, params: SummaryParams) -> Timeline:
    n = len(page.comments)
    times = [parse_posted(c.posted) for c in page.comments]
    future = 0
    if params.now is not None:
        for i, t in enumerate(times):
            if t is not None and t > params.now:
                times[i] = None
                future += 1
    published = parse_posted(page.article.published)
    before_article = sum(
        1 for t in times if t is not None and published is not None and t < published - timedelta(days=1)
    )
    dated = [(t, i) for i, t in enumerate(times) if t is not None]
    dated.sort()
    sentiments = scored.labels.get(SENTIMENT)
    scores: list[float | None] = (
        [lab.score if lab is not None else None for lab in sentiments]
        if sentiments is not None
        else [None] * n
    )
    buckets: list[Bucket] = []
    unit = "day"
    span_days = 0.0
    per_day = None
    first = last = None
    if dated:
        t0, t1 = dated[0][0], dated[-1][0]
        first, last = t0.isoformat(timespec="minutes"), t1.isoformat(timespec="minutes")
        span = t1 - t0
        span_days = round(span.total_seconds() / 86400, 3)
        per_day = round(len(dated) / span_days, 3) if span_days >= 1 else None
        unit = _bucket_unit(span, params.max_buckets)
        groups: dict[datetime, list[int]] = {}
        for t, i in dated:
            groups.setdefault(_bucket_start(t, unit), []).append(i)
        # Every bucket from the first to the last, empty ones included: a gap is information.
        cur = _bucket_start(t0, unit)
        end = _bucket_start(t1, unit)
        while cur <= end:
            members = groups.get(cur, [])
            mean = _mean(s for i in members if (s := scores[i]) is not None)
            fmt = "%Y-%m-%dT%H:00" if unit == "hour" else "%Y-%m-%d"
            buckets.append(Bucket(cur.strftime(fmt), len(members), None if mean is None else round(mean, 4)))
            cur = _next_bucket(cur, unit)
    change = None
    if sentiments is not None:
        # Time order when most comments are dated; page order otherwise (pages list comments in
        # the order they were posted, or the reverse, which still shows the change).
        by_time = len(dated) >= max(2, n // 2)
        order = [i for _, i in dated] if by_time else list(range(n))
        found = tone_change(order, scores, params)
        if found is not None:
            pos, before, after, nb, na = found
            at = times[pos].isoformat(timespec="minutes") if by_time and times[pos] else None
            change = ToneChange(
                pos, at, round(before, 4), round(after, 4), nb, na, "time" if by_time else "page order"
            )
    return Timeline(
        first,
        last,
        len(dated),
        n - len(dated) - future,
        future,
        before_article,
        span_days,
        per_day,
        unit,
        tuple(buckets),
        change,
    )


def moderation(page: Page, scored: Scored, params: SummaryParams) -> Moderation | None:
    info = scored.info(MODERATION)
    if info is None:
        return None
    labels = scored.labels[MODERATION]
    bands = dict.fromkeys(info.labels, 0)
    flag_counts: Counter[str] = Counter()
    candidates = []
    for i, lab in enumerate(labels):
        flags = scored.flags[i] if i < len(scored.flags) else []
        flag_counts.update(flags)
        if lab is None:
            continue
        bands[lab.label] = bands.get(lab.label, 0) + 1
        if lab.label != info.default_label or flags:
            candidates.append((-lab.score, -len(flags), i))
    candidates.sort()
    read_first = []
    for _, _, i in candidates[: params.read_first]:
        lab = labels[i]
        assert lab is not None
        reasons = [f"toxicity {lab.score:.2f} ({lab.label})"]
        flags = scored.flags[i] if i < len(scored.flags) else []
        words = _cue_words(lab)
        reasons.extend(f"flag: {f}" for f in flags)
        if words:
            reasons.append("words: " + ", ".join(words))
        read_first.append(_ref(page, i, params, lab.score, tuple(reasons)))
    mean = _mean(lab.score for lab in labels if lab is not None)
    return Moderation(
        bands=bands,
        flags=dict(sorted(flag_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        flagged=len(candidates),
        mean_toxicity=None if mean is None else round(mean, 4),
        read_first=tuple(read_first),
        default_band=info.default_label,
    )


def _cue_words(label: Label, limit: int = 5) -> list[str]:
    words: list[str] = []
    for cue in sorted(label.cues, key=lambda c: -abs(c.weight)):
        if cue.has_span and cue.text and cue.text not in words:
            words.append(cue.text)
        if len(words) >= limit:
            break
    return words


def agreement(scored: Scored) -> Agreement | None:
    info = scored.info(STANCE)
    if info is None:
        return None
    stats = label_stats(info, scored.labels[STANCE])
    s, d, q = stats.counts.get("support", 0), stats.counts.get("deny", 0), stats.counts.get("query", 0)
    total = stats.scored
    ss = s / total if total else 0.0
    ds = d / total if total else 0.0
    polar = 2 * min(s, d) / total if total else 0.0
    if s + d == 0:
        lean = "no position"
    elif min(ss, ds) >= 0.1 and abs(ss - ds) < 0.1:
        lean = "divided"
    elif ss > ds:
        lean = "supports"
    elif ds > ss:
        lean = "disputes"
    else:
        lean = "divided"
    return Agreement(stats.counts, total, s, d, q, round(ss, 4), round(ds, 4), round(polar, 4), lean)


# ---------------------------------------------------------------------------- the article


def summarize_article(
    page: Page,
    *,
    article_id: str,
    slug: str,
    scored: Scored,
    threads: Threads,
    themes: Themes,
    params: SummaryParams | None = None,
    warnings: Sequence[str] = (),
) -> ArticleSummary:
    """Collect the facts of one discussion and describe them.

    Args:
        page: the article and its comments.
        article_id, slug: the article's id in this run and its report file name.
        scored: the comments' labels.
        threads: the reply structure (:func:`discourse.threads.build_threads`).
        themes: the themes (:func:`discourse.cluster.find_themes`).
        params: summary settings.
        warnings: notes from earlier steps (scoring) to carry into the summary.
    """
    params = params or SummaryParams()
    a = page.article
    tl = timeline(page, scored, params)
    notes = list(page.warnings) + list(warnings) + threads.warnings
    if tl.future:
        notes.append(
            f"{tl.future} comment{'s' if tl.future != 1 else ''} dated in the future "
            "left out of the time line"
        )
    if tl.before_article:
        notes.append(
            f"{tl.before_article} comment{'s' if tl.before_article != 1 else ''} dated before the article"
        )
    if page.declared_comment_count is not None and page.declared_comment_count != len(page.comments):
        notes.append(f"the page says {page.declared_comment_count} comments; {len(page.comments)} were read")
    if page.rejected:
        notes.append(f"{len(page.rejected)} row{'s' if len(page.rejected) != 1 else ''} read but not kept")
    summary = ArticleSummary(
        article_id=article_id,
        slug=slug,
        source=page.source,
        kind=page.kind,
        title=a.title,
        byline=a.byline,
        published=a.published,
        url=a.url,
        comments=len(page.comments),
        declared_comments=page.declared_comment_count,
        authors=len({author_name(c.author) for c in page.comments if c.author}),
        empty_texts=sum(1 for c in page.comments if not c.text.strip()),
        labels={c.name: label_stats(c, scored.labels[c.name]) for c in scored.classifiers},
        themes=theme_facts(page, themes, scored, params),
        theme_method=themes.method,
        theme_silhouette=themes.silhouette,
        threads=thread_facts(page, threads, params),
        timeline=tl,
        notable=notable_comments(page, scored, threads, params),
        moderation=moderation(page, scored, params),
        agreement=agreement(scored),
        errors=list(page.errors),
        warnings=list(dict.fromkeys(notes)),
    )
    summary.paragraph = describe(summary, params)
    return summary


# ---------------------------------------------------------------------------- prose


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _join(items: Sequence[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _counts_phrase(stats: LabelStats) -> str:
    return _join([f"{n} {label}" for label, n in stats.counts.items() if n])


_STANCE_WORDS = {
    "support": "support it",
    "deny": "dispute it",
    "query": "ask questions about it",
    "comment": "take no clear position",
}
_REPLY_WORDS = {"agree": "agrees", "disagree": "disagrees", "neutral": "neutral"}


def describe(s: ArticleSummary, params: SummaryParams | None = None) -> str:
    """A short paragraph with numbers, made only from the summary's facts."""
    params = params or SummaryParams()
    out: list[str] = []
    declared = (
        f" (the page says {s.declared_comments})"
        if s.declared_comments is not None and s.declared_comments != s.comments
        else ""
    )
    if s.comments == 0:
        out.append(f"No reader comments{declared}.")
        if s.errors:
            out.append("The page could not be read fully: " + "; ".join(s.errors[:2]) + ".")
        return " ".join(out)
    first = f"{_plural(s.comments, 'comment')}"
    if s.authors:
        first += f" from {_plural(s.authors, 'reader')}"
    first += declared
    tl = s.timeline
    if tl.first and tl.last and tl.first[:10] != tl.last[:10]:
        first += f", posted between {human_date(tl.first)} and {human_date(tl.last)}"
        if tl.per_day:
            first += (
                f" (about {tl.per_day:.1f} a day)"
                if tl.per_day >= 0.95
                else f" (about {tl.per_day * 7:.1f} a week)"
            )
    elif tl.first:
        first += f", posted on {human_date(tl.first)}"
    if s.threads.replies:
        first += f"; {_plural(s.threads.replies, 'is a reply', 'are replies')}"
    out.append(first + ".")

    sent = s.labels.get(SENTIMENT)
    if sent and sent.scored:
        out.append(f"Tone: {_counts_phrase(sent)} (mean sentiment {signed(sent.mean_score)}).")
    reg = s.labels.get(REGISTER)
    if reg and reg.scored:
        mean = f" (mean formality {reg.mean_score:.0f} of 100)" if reg.mean_score is not None else ""
        out.append(f"Register: {_counts_phrase(reg)}{mean}.")
    ag = s.agreement
    if ag and ag.scored:
        parts = [f"{n} {_STANCE_WORDS.get(k, k)}" for k, n in ag.counts.items() if n]
        lean = {
            "supports": "on balance the discussion backs the article",
            "disputes": "on balance the discussion disputes the article",
            "divided": f"the discussion is divided (polarisation {ag.polarisation:.2f})",
            "no position": "nobody clearly backs or disputes it",
        }[ag.lean]
        out.append(f"Toward the article: {_join(parts)}; {lean}.")

    th = s.threads
    if th.pairs:
        shown = []
        for p in th.pairs[: params.pairs_in_prose]:
            text = f"{p.replier} → {p.addressee}"
            extra = []
            if p.count > 1:
                extra.append(f"{p.count} replies")
            if p.addressed:
                extra.append("by name")
            if p.stances:
                top = max(p.stances, key=lambda k: p.stances[k])
                extra.append(_REPLY_WORDS.get(top, top))
            shown.append(text + (f" ({', '.join(extra)})" if extra else ""))
        more = len(th.pairs) - len(shown)
        line = "Who answers whom: " + _join(shown + ([f"{_plural(more, 'more pair')}"] if more > 0 else []))
        if th.max_depth > 1:
            line += f"; the longest exchange runs {th.max_depth + 1} comments deep"
        out.append(line + ".")
        if th.reply_stances:
            parts = [f"{n} {k}" for k, n in th.reply_stances.items() if n]
            out.append(f"Replies toward the comment they answer: {_join(parts)}.")
    placed = [t for t in s.themes if t.placed]
    if len(placed) > 1:
        shown = [f"“{t.label}” ({_plural(t.size, 'comment')})" for t in placed[: params.themes_in_prose]]
        more = len(placed) - len(shown)
        out.append(f"{len(placed)} themes: {_join(shown + ([f'{more} smaller'] if more > 0 else []))}.")
    elif len(placed) == 1:
        out.append(f"One theme runs through the discussion: “{placed[0].label}”.")
    if tl.tone_change is not None:
        tc = tl.tone_change
        where = f"from {human_date(tc.at)} on" if tc.at else f"from comment {tc.position + 1} on"
        out.append(
            f"The tone turned {tc.direction} {where} (mean sentiment {signed(tc.before)} "
            f"before, {signed(tc.after)} after)."
        )
    mod = s.moderation
    if mod is not None:
        if mod.flagged:
            bands = _join([f"{n} {b}" for b, n in mod.bands.items() if n and b != mod.default_band])
            flags = _join([f"{f} {n}" for f, n in list(mod.flags.items())[:4]])
            line = f"Moderation: {_plural(mod.flagged, 'comment')} to review"
            if bands:
                line += f" (toxicity {bands})"
            if flags:
                line += f"; flags: {flags}"
            if mod.read_first:
                line += f"; read first: {mod.read_first[0].author}"
            out.append(line + ".")
        else:
            out.append("Moderation: no comment flagged.")
    known = {SENTIMENT, REGISTER, STANCE, MODERATION, REPLY_STANCE}
    for name, stats in s.labels.items():
        if name not in known and stats.scored:
            label = stats.description or name
            out.append(f"{label[:1].upper() + label[1:]}: {_counts_phrase(stats)}.")
    return " ".join(out)


# ---------------------------------------------------------------------------- the corpus


@dataclass
class CorpusRow:
    """One article's figures in the corpus summary (small: kept in memory for every article)."""

    article_id: str
    slug: str
    title: str | None
    source: str
    comments: int
    replies: int
    errors: int
    mean_sentiment: float | None
    negative_share: float | None
    support_share: float | None
    deny_share: float | None
    polarisation: float | None
    uncivil_share: float | None
    mean_toxicity: float | None
    top_theme: str | None
    labels: dict[str, dict[str, int]]
    terms: dict[str, int] = field(default_factory=dict)
    tokens: int = 0


def corpus_row(s: ArticleSummary, terms: dict[str, int] | None = None, tokens: int = 0) -> CorpusRow:
    sent = s.labels.get(SENTIMENT)
    ag = s.agreement
    mod = s.moderation
    n = s.comments
    placed = [t for t in s.themes if t.placed]
    return CorpusRow(
        article_id=s.article_id,
        slug=s.slug,
        title=s.title,
        source=s.source,
        comments=n,
        replies=s.threads.replies,
        errors=len(s.errors),
        mean_sentiment=sent.mean_score if sent and sent.scored else None,
        negative_share=round(sent.share("negative"), 4) if sent and sent.scored else None,
        support_share=ag.support_share if ag and ag.scored else None,
        deny_share=ag.deny_share if ag and ag.scored else None,
        polarisation=ag.polarisation if ag and ag.scored else None,
        uncivil_share=round(mod.flagged / n, 4) if mod and n else None,
        mean_toxicity=mod.mean_toxicity if mod else None,
        top_theme=placed[0].label if len(placed) > 1 else (placed[0].label if placed else None),
        labels={k: dict(v.counts) for k, v in s.labels.items()},
        terms=dict(terms or {}),
        tokens=tokens,
    )


@dataclass(frozen=True)
class Ranked:
    slug: str
    title: str | None
    value: float
    comments: int


@dataclass
class CorpusSummary:
    """The corpus at a glance: totals, label totals, rankings and distinctive words.

    Rankings only consider articles with at least ``min_comments`` comments, so that one
    angry comment does not make the "most negative discussion".
    """

    articles: int
    comments: int
    replies: int
    articles_without_comments: int
    articles_with_errors: int
    labels: dict[str, dict[str, int]]
    most_negative: list[Ranked]
    most_polarised: list[Ranked]
    most_uncivil: list[Ranked]
    distinctive: dict[str, list[str]]
    min_comments: int

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


def summarize_corpus(
    rows: Sequence[CorpusRow], *, top: int = 5, min_comments: int = 3, distinctive_words: int = 8
) -> CorpusSummary:
    """Totals and rankings over every article of a run."""
    import pandas as pd

    labels: dict[str, Counter[str]] = {}
    for r in rows:
        for name, counts in r.labels.items():
            labels.setdefault(name, Counter()).update(counts)
    frame = pd.DataFrame(
        [
            {
                "slug": r.slug,
                "title": r.title,
                "comments": r.comments,
                "order": i,
                "mean_sentiment": r.mean_sentiment,
                "polarisation": r.polarisation,
                "uncivil": r.uncivil_share,
            }
            for i, r in enumerate(rows)
        ],
        columns=["slug", "title", "comments", "order", "mean_sentiment", "polarisation", "uncivil"],
    )
    eligible = frame[frame["comments"] >= min_comments]

    def ranked(column: str, ascending: bool, positive_only: bool) -> list[Ranked]:
        sub = eligible.dropna(subset=[column])
        if positive_only:
            sub = sub[sub[column] > 0]
        sub = sub.sort_values([column, "order"], ascending=[ascending, True], kind="mergesort").head(top)
        return [
            Ranked(r.slug, r.title, round(float(getattr(r, column)), 4), int(r.comments))
            for r in sub.itertuples(index=False)
        ]

    most_negative = [r for r in ranked("mean_sentiment", True, False) if r.value < 0]
    return CorpusSummary(
        articles=len(rows),
        comments=sum(r.comments for r in rows),
        replies=sum(r.replies for r in rows),
        articles_without_comments=sum(1 for r in rows if r.comments == 0),
        articles_with_errors=sum(1 for r in rows if r.errors),
        labels={k: dict(v) for k, v in labels.items()},
        most_negative=most_negative,
        most_polarised=ranked("polarisation", False, True),
        most_uncivil=ranked("uncivil", False, True),
        distinctive=distinctive_terms(rows, distinctive_words),
        min_comments=min_comments,
    )


def distinctive_terms(
    rows: Sequence[CorpusRow], limit: int = 8, prior: float = 10.0, min_z: float = 1.96
) -> dict[str, list[str]]:
    """Words of each article's comments that are unusually frequent there, against the rest.

    Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008): the
    prior is the whole corpus's word distribution scaled to ``prior`` pseudo-counts, and a word
    counts when its z-score passes ``min_z`` and it occurs at least twice. Counts come from
    each article's most frequent words only (``terms_per_article``), which keeps memory bounded.
    """
    if len(rows) < 2:
        return {}
    total: Counter[str] = Counter()
    for r in rows:
        total.update(r.terms)
    n_total = sum(total.values())
    if not n_total:
        return {}
    out: dict[str, list[str]] = {}
    for r in rows:
        n_a = sum(r.terms.values())
        n_r = n_total - n_a
        if not n_a or not n_r:
            continue
        scored = []
        for w, y_a in r.terms.items():
            if y_a < 2:
                continue
            y_r = total[w] - y_a
            alpha = prior * total[w] / n_total
            delta = math.log((y_a + alpha) / (n_a + prior - y_a - alpha)) - math.log(
                (y_r + alpha) / (n_r + prior - y_r - alpha)
            )
            z = delta / math.sqrt(1 / (y_a + alpha) + 1 / (y_r + alpha))
            if z >= min_z:
                scored.append((-round(z, 9), w))
        scored.sort()
        if scored:
            out[r.slug] = [w for _, w in scored[:limit]]
    return out
