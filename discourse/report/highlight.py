"""Evidence spans in a comment's text: split the text into pieces, each marked with the cues
that cover it, so that renderers can highlight them without ever building markup from text.

Renderers escape every piece themselves (jinja2 autoescape for HTML, :func:`md_escape` for
Markdown); this module only computes where the marks go.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

#: Cue rules that describe the whole text (no span) are listed, never highlighted.
MAX_TITLE_CUES = 6


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text; ``cues`` is empty for plain text.

    Attributes:
        text: the run, exactly as in the comment.
        cues: ``(classifier, rule, weight)`` of every cue whose span covers the run.
    """

    text: str
    cues: tuple[tuple[str, str, float], ...] = ()

    @property
    def title(self) -> str:
        """Tooltip text: the rules and their weights."""
        parts = [
            f"{rule} {weight:+.2f}" if weight else rule for _, rule, weight in self.cues[:MAX_TITLE_CUES]
        ]
        return "; ".join(parts)

    @property
    def kind(self) -> str:
        """The classifier of the first cue (for colouring), or ``""``."""
        return self.cues[0][0] if self.cues else ""


def parse_evidence(evidence: str | dict[str, Any] | None) -> dict[str, list[list[Any]]]:
    """The ``evidence`` column (JSON ``{classifier: [[rule, text, start, end, weight], …]}``)."""
    if not evidence:
        return {}
    if isinstance(evidence, dict):
        return evidence
    try:
        data = json.loads(evidence)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def pieces(text: str, evidence: str | dict[str, Any] | None) -> list[Piece]:
    """Split ``text`` at every cue boundary; cues whose span lies outside the text are ignored."""
    text = text or ""
    spans: list[tuple[int, int, str, str, float]] = []
    for name, cues in (evidence if isinstance(evidence, dict) else parse_evidence(evidence)).items():
        for cue in cues if isinstance(cues, list) else []:
            try:
                rule, _, start, end, weight = cue[0], cue[1], int(cue[2]), int(cue[3]), float(cue[4])
            except (TypeError, ValueError, IndexError):
                continue
            if 0 <= start < end <= len(text):
                spans.append((start, end, str(name), str(rule), weight))
    if not spans:
        return [Piece(text)] if text else []
    spans.sort()
    if all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1)):
        return _disjoint(text, spans)
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    out: list[Piece] = []
    active: list[tuple[int, int, str, str, float]] = []
    nxt = 0
    runs: list[tuple[int, int, tuple[tuple[str, str, float], ...]]] = []
    n_spans = len(spans)
    for a, b in zip(cuts, cuts[1:], strict=False):
        # Sweep: spans start in order; drop those that ended, add those that begin here.
        if active:
            active = [sp for sp in active if sp[1] > a]
        while nxt < n_spans and spans[nxt][0] <= a:
            if spans[nxt][1] > a:
                active.append(spans[nxt])
            nxt += 1
        if not active:
            covering: tuple[tuple[str, str, float], ...] = ()
        elif len(active) == 1:
            covering = (active[0][2:],)
        else:
            covering = tuple(sp[2:] for sp in sorted(active, key=_strongest_first))
        if runs and runs[-1][2] == covering:
            runs[-1] = (runs[-1][0], b, covering)
        else:
            runs.append((a, b, covering))
    return [Piece(text[a:b], covering) for a, b, covering in runs]


def _strongest_first(span: tuple[int, int, str, str, float]) -> tuple[float, int, str]:
    return (-abs(span[4]), span[0], span[3])


def _disjoint(text: str, spans: list[tuple[int, int, str, str, float]]) -> list[Piece]:
    """The common case, spans that do not overlap: one pass, no sweep."""
    out: list[Piece] = []
    pos = 0
    for start, end, name, rule, weight in spans:
        if start > pos:
            out.append(Piece(text[pos:start]))
        out.append(Piece(text[start:end], ((name, rule, weight),)))
        pos = end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out


def whole_text_cues(evidence: str | dict[str, Any] | None) -> list[tuple[str, str, str, float]]:
    """Cues without a span (features of the whole comment): ``(classifier, rule, text, weight)``."""
    out = []
    for name, cues in (evidence if isinstance(evidence, dict) else parse_evidence(evidence)).items():
        for cue in cues if isinstance(cues, list) else []:
            try:
                if int(cue[2]) < 0:
                    out.append((str(name), str(cue[0]), str(cue[1]), float(cue[4])))
            except (TypeError, ValueError, IndexError):
                continue
    return out
