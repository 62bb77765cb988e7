"""Page dumps (browser select-all / innerText): split into article, comments and furniture.

:func:`parse_dump` ties the steps together: lines and their features (:mod:`.dumplines`), the
comment section (:mod:`.dumpcomments`), the article above it (:mod:`.dumparticle`), then
timestamps and reply links (:mod:`.replies`). Nothing here knows a particular site: the cue
words live in :mod:`.cues`, the thresholds in the ``[dump]`` section of ``defaults.toml``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import PurePath

from ..config import Settings
from ..errors import InputError
from ..model import Article, Comment, Page
from .cues import guess_language
from .dates import DateMatch, parse_iso_or_epoch
from .dumparticle import ArticleSettings, parse_article
from .dumpcomments import CommentSection, CommentSettings, RawComment, find_comment_section
from .dumplines import Line, day_first, split_lines
from .replies import (
    assign_depths,
    find_named_parent,
    find_quoted_parent,
    infer_addressed_replies,
    infer_author_answers,
    infer_indent_replies,
    infer_order_replies,
    infer_replies_blocks,
)

__all__ = ["parse_dump"]


def parse_dump(text: str, source: str, *, settings: Settings) -> Page:
    """Parse one page dump into a :class:`Page`.

    Args:
        text: the decoded dump (any line endings).
        source: the path as given, echoed in ``Page.source`` and in messages.
        settings: the run's settings; the ``[dump]`` section tunes the parser.

    Returns:
        The page with its article and comments. A page without comments is normal (empty
        ``comments``, no error); a declared comment count that differs from the comments
        found is reported in ``errors``.

    Raises:
        InputError: the text is larger than ``dump.max_dump_mb`` (``read_pages`` turns this
            into a page whose ``errors`` say so).
    """
    opts = settings.section("dump")
    limit_mb = float(opts.get("max_dump_mb", 20))
    if len(text) > limit_mb * 2**20:
        raise InputError(
            source,
            f"page dump is {len(text) / 2**20:.1f} MB of text, over the {limit_mb:g} MB "
            "limit for one page (a dump of one article is 5 KB–2 MB; raise "
            "dump.max_dump_mb to parse it anyway)",
        )
    language = guess_language(text)
    lines = split_lines(
        text, max_line_chars=int(opts.get("max_line_chars", 20000)), dayfirst=day_first(text, language)
    )
    if not lines:
        return Page(
            source=source,
            kind="dump",
            errors=(f"{source}: the page has no text",),
            article_id=_article_id(source),
        )
    csettings = CommentSettings(
        header_window=int(opts.get("header_window", 12)),
        max_anchor_gap=int(opts.get("max_anchor_gap", 120)),
        max_name_words=int(opts.get("max_name_words", 5)),
    )
    asettings = ArticleSettings(
        break_weight=float(opts.get("break_weight", 400.0)),
        furniture_weight=float(opts.get("furniture_weight", 60.0)),
        date_weight=float(opts.get("date_weight", 150.0)),
        menu_weight=float(opts.get("menu_weight", 30.0)),
        short_weight=float(opts.get("short_weight", 5.0)),
        title_window=int(opts.get("title_window", 40)),
        max_standfirst_chars=int(opts.get("max_standfirst_chars", 700)),
    )
    section = find_comment_section(lines, csettings)
    limit = len(lines)
    if section is not None and section.comments:
        limit = section.start
    parts = parse_article(
        lines,
        limit,
        quoted_title=section.quoted_title if section else None,
        comments_start=section.start if section else None,
        comments_end=section.end if section is not None and section.comments else None,
        settings=asettings,
    )
    published = parts.published.date_iso() if parts.published is not None else None
    article = Article(
        title=parts.title,
        byline=parts.byline,
        published=published,
        standfirst=parts.standfirst,
        subheadings=tuple(parts.subheadings),
        body="\n\n".join(parts.paragraphs),
        section=parts.section,
        # The body tells the page's language better than its menus.
        language=guess_language("\n".join(parts.paragraphs)) or language,
    )
    reference = _reference_time(opts.get("reference_time"))
    comments = _comments(section, published, reference, article.byline) if section else []
    declared = section.declared if section is not None else None
    if declared is None:
        declared = parts.declared_hint
    errors: list[str] = []
    if declared is not None and declared != len(comments):
        errors.append(
            f"{source}: found {len(comments)} comment{'s' if len(comments) != 1 else ''} but the page "
            f"says {declared}"
        )
    return Page(
        source=source,
        article=article,
        comments=tuple(comments),
        declared_comment_count=declared,
        errors=tuple(errors),
        kind="dump",
        article_id=_article_id(source),
    )


def _article_id(source: str) -> str:
    name = PurePath(source).name
    for suffix in (".gz", ".txt", ".text", ".dump"):
        name = name.removesuffix(suffix)
    return name or source


def _reference_time(value: object) -> datetime | None:
    """The moment relative times ("3 hours ago") count back from, when the user gives one."""
    if not value:
        return None
    iso = parse_iso_or_epoch(value)
    if iso is None:
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Comments


def _text(lines: list[Line]) -> str:
    parts: list[str] = []
    for i, ln in enumerate(lines):
        if i and ln.gap_before > 0:
            parts.append("\n\n")
        elif i:
            parts.append("\n")
        parts.append(ln.text)
    return "".join(parts).strip()


def _posted(raw: RawComment, article_day: date | None, reference: datetime | None) -> str | None:
    d: DateMatch | None = raw.date
    if d is None:
        return None
    if d.relative:
        return d.iso(reference) if reference is not None else None
    if d.partial:
        if article_day is None:
            return None
        d = d.with_year(article_day)
        if d.partial:
            return None
    return d.iso()


def _moment(raw: RawComment, posted: str | None) -> datetime | None:
    if posted is None or raw.date is None or raw.date.hour is None or raw.date.relative:
        return None
    try:
        return datetime.fromisoformat(posted)
    except ValueError:
        return None


def _comments(
    section: CommentSection, published: str | None, reference: datetime | None, byline: str | None
) -> list[Comment]:
    article_day = date.fromisoformat(published) if published else None
    out: list[Comment] = []
    indents: list[int] = []
    moments: list[datetime | None] = []
    for k, raw in enumerate(section.comments):
        posted = _posted(raw, article_day, reference)
        posted_text = raw.date_text or (raw.date.text if raw.date else None)
        c = Comment(
            id=f"c{k + 1}",
            text=_text(raw.lines),
            author=raw.author or None,
            posted=posted,
            posted_text=posted_text.strip() if posted_text else None,
            quotes=tuple(q for _, q in raw.quotes),
        )
        out.append(c)
        indents.append(raw.indent)
        moments.append(_moment(raw, posted))
    # Explicit marks first: indentation, "@name" in the header, "Reply to X", quotes.
    out = infer_indent_replies(out, indents)
    for k, raw in enumerate(section.comments):
        c = out[k]
        if c.reply_to is not None:
            continue
        parent = None
        evidence = None
        for who, quoted in raw.quotes:
            parent = find_quoted_parent(out, k, quoted)
            if parent is None and who:
                parent = find_named_parent(out, k, who)
            if parent is not None:
                evidence = "quote"
                break
        if parent is None and raw.mention:
            parent = find_named_parent(out, k, raw.mention)
            evidence = "@mention in header"
        if parent is None and raw.reply_name:
            parent = find_named_parent(out, k, raw.reply_name)
            evidence = "reply-to line"
        if parent is not None and parent.id != c.id:
            out[k] = replace(c, reply_to=parent.id, reply_evidence=evidence)
    out = infer_replies_blocks(out, [raw.actions for raw in section.comments])
    # Then what the text says ("Totally agree, Gary."), then the layout's own evidence.
    out = infer_addressed_replies(out)
    out = infer_order_replies(out, list(moments))
    out = infer_author_answers(out, byline)
    return assign_depths(out)
