"""Stance toward the article (SDQC: support / deny / query / comment) from readable cues and a
small linear model fitted on RumourEval 2017, with the cues that decided each label.

A comment becomes a sparse set of named features: lexicon cue families (deny, support, praise
aimed at the article or its author, evidence requests, hedges, rhetorical questions, calls to
act, and their negated forms), question forms (wh-word or auxiliary first, short "Source?"
questions, off-topic questions), strong feelings aimed at the article or its author (VADER's
word valences), relevance to the article (content-word coverage, against article terms cached
once per article), reply context (does the parent deny or support; does this reply agree or
disagree with it) and a bag of words. A multinomial logistic regression maps them to four
scores; per-label offsets tuned by thread-grouped cross-validation help the rare labels.

Two kinds of target are told apart by their size: a short post (a tweet, as in the training
data), whose replies are read with the fitted weights alone plus a few tweet-only features
(links, "you", length); and an article (or no target at all), where designed ``priors`` from
the settings add what tweets cannot teach about reader comments (praise of the post is support,
an off-topic question is no query, agreeing with a parent who denies is denying).

Weights ship in ``classify/data/stance_model.json`` (refit with ``scripts/fit_stance.py``).
Every feature that pushed the chosen label up becomes a cue (rule ``stance.<feature>``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any, ClassVar

from ..errors import ConfigError
from ..model import Cue, Label
from .base import ArticleContext, Classifier, Context, register
from .doc import Doc
from .relevance import Relevance, article_terms, relevance
from .stance_cues import (
    AUX_WORDS,
    OPENING_NO,
    OPENING_YES,
    SECOND_PERSON,
    WH_WORDS,
    TextCues,
    analyse,
)

LABELS: tuple[str, ...] = ("support", "deny", "query", "comment")

#: Families counted as features on their own (agree/disagree count only against a parent).
_OWN_FAMILIES = frozenset(
    "deny negated_deny support negated_support query rhetorical hedge urge praise negated_praise".split()
)
#: Families that speak to the parent comment rather than to the article.
_PARENT_FAMILIES = frozenset({"agree", "negated_agree", "disagree", "negated_disagree"})

#: Families that read differently inside a question ("Is it true?" asks; "true" supports).
#: Deny cues keep their force there: "This is a joke, right?" disputes.
_QUESTION_SPLIT = frozenset("support query hedge".split())

#: Prefix of word features in the fitting script's rows and in the weights file.
WORD_PREFIX = "w="


@dataclass(slots=True)
class Featurized:
    """A comment as the model reads it.

    Attributes:
        feats: named features (cue families, questions, relevance, reply context…).
        words: the distinct words, in order of first use (values unused).
        word_scale: the value each word feature takes (1/sqrt(number of distinct words)).
        cues: the analysis the features came from (word spans for the evidence).
        relevance: weighted coverage of the article's terms, or None without article text.
        target: ``"article"``, ``"post"`` or ``"none"``.
    """

    feats: dict[str, Feature]
    words: dict[str, None]
    word_scale: float
    cues: TextCues
    relevance: float | None
    target: str

    def values(self) -> dict[str, float]:
        """All features as ``{name: value}``, words as ``w=<word>`` (the fitting script's rows)."""
        out = {k: f.value for k, f in self.feats.items()}
        out.update({WORD_PREFIX + w: self.word_scale for w in self.words})
        return out


class _RelevanceText:
    """The readable text of a relevance cue, built only if the cue is shown."""

    __slots__ = ("r",)

    def __init__(self, r: Relevance) -> None:
        self.r = r

    def __str__(self) -> str:
        shared = ", ".join(self.r.shared[:4])
        return f"relevance {self.r.coverage:.2f}" + (f" ({shared})" if shared else "")


@dataclass(slots=True)
class Feature:
    """One named feature of a comment: its value, the spans that raised it, a readable text
    (or an object whose ``str()`` is that text, built only when the cue is shown)."""

    value: float
    spans: list[tuple[int, int]]
    text: str | _RelevanceText


def _add(
    feats: dict[str, Feature],
    name: str,
    value: float,
    span: tuple[int, int] | None,
    text: str | _RelevanceText,
) -> None:
    f = feats.get(name)
    if f is None:
        feats[name] = Feature(value, [span] if span else [], text)
    else:
        f.value += value
        if span:
            f.spans.append(span)


def _agrees(cues: TextCues) -> tuple[int, int] | None:
    """Span of the first sign of agreement with the parent, or None."""
    for m in cues.matches:
        if m.family in ("agree", "negated_disagree"):
            return (m.start, m.end)
    if cues.words and cues.words[0] in OPENING_YES:
        return cues.spans[0]
    return None


def _disagrees(cues: TextCues) -> tuple[int, int] | None:
    """Span of the first sign of disagreement with the parent, or None.

    Words that also dispute the article ("lies", "nonsense") are left out: under a parent who
    calls the story fake, "total lies" echoes the parent; they count as deny cues instead.
    """
    deny_spans = {(m.start, m.end) for m in cues.matches if m.family == "deny"}
    for m in cues.matches:
        if m.family in ("disagree", "negated_agree") and (m.start, m.end) not in deny_spans:
            return (m.start, m.end)
    if cues.words and cues.words[0] in OPENING_NO:
        return cues.spans[0]
    return None


#: Distinct content words a comment must share with its article to be on the article's subject.
ON_TOPIC_TERMS = 2

#: A question whose content words cover less than this of the article's vocabulary (weighted
#: coverage, see relevance.py) asks nothing the article is meant to answer.
OFFTOPIC_QUESTION = 0.1


def _word_range(cues: TextCues, start: int, end: int) -> tuple[int, int]:
    """Indices of the words that lie within ``[start, end)``."""
    return cues.word_at(start), cues.word_at(end)


def featurize(
    doc: Doc,
    article: ArticleContext | None = None,
    parent: Doc | None = None,
    *,
    article_min_terms: int = 30,
) -> Featurized:
    """Turn a comment into named features.

    Args:
        doc: the comment.
        article: the article it is judged against (None or empty: relevance is not measured).
        parent: the comment it answers, for replies.
        article_min_terms: an article needs this many distinct content words before a question
            that shares none of them is called off-topic (a short post's few words say little).

    Returns:
        A :class:`Featurized`: named features, the bag of words, relevance (None without
        article text) and the kind of target: ``"article"`` (a text of at least
        ``article_min_terms`` content words), ``"post"`` (a shorter text, such as a social-media
        post) or ``"none"``.
    """
    cues = analyse(doc)
    feats: dict[str, Feature] = {}
    text = doc.text

    # Lexicon cues. Praise counts as support of the article only when the same sentence aims it
    # at the article or its author ("Great post", "you're brilliant"); otherwise it is plain
    # positivity about something else.
    terms = article_terms(article) if article is not None and not article.empty else None
    if terms is None or terms.empty:
        target = "none"
    else:
        target = "article" if len(terms.weights) >= article_min_terms else "post"
    # Under an article, "you" in a reply is the person answered, not the author (on Twitter,
    # replies keep addressing the poster, and the fitted weights read them so).
    you_is_author = parent is None or target == "post"
    target_sentences = {
        m.sentence
        for m in cues.matches
        if m.family == "praise_target" and (you_is_author or m.text.lower() not in SECOND_PERSON)
    }
    # In a reply, words of agreement ("exactly", "true", "no way") are about the parent: they
    # count through the reply features below, not as a position on the article.
    about_parent = (
        {(m.start, m.end) for m in cues.matches if m.family in _PARENT_FAMILIES}
        if parent is not None
        else set()
    )
    for m in cues.matches:
        fam = m.family
        if fam == "praise":
            if m.in_question:
                continue  # "a good place to eat?" asks; it praises nothing
            fam = "praise" if m.sentence in target_sentences else "praise_plain"
        elif fam not in _OWN_FAMILIES:
            continue
        if about_parent and (m.start, m.end) in about_parent and fam in ("support", "negated_support"):
            continue
        if m.in_question and fam in _QUESTION_SPLIT:
            fam += "_q"
        _add(feats, fam, 1.0, (m.start, m.end), m.text)
    # Strong feelings (VADER valences) aimed at the article or its author: praise supports it,
    # scorn disputes it; feelings about something else are only context.
    for i, v in cues.valenced:
        s_, e_ = cues.spans[i]
        aimed = cues.sentence_of(i) in target_sentences
        name = ("positive" if v > 0 else "negative") + ("_target" if aimed else "")
        _add(feats, name, abs(v) / 3, (s_, e_), text[s_:e_])
    for f in feats.values():
        f.value = min(f.value, 2.0)

    # Questions: how they open says whether they ask.
    for q in cues.questions:
        _add(feats, "question", 1.0, (q.start, q.end), q.text)
        if q.opener in WH_WORDS:
            kind = "q_wh"
        elif q.opener in AUX_WORDS:
            kind = "q_aux"
        else:
            kind = "q_other"
        _add(feats, kind, 1.0, (q.start, q.end), q.text)
        if q.n_words <= 2:
            _add(feats, "q_short", 1.0, (q.start, q.end), q.text)
        if q.exclaimed:
            _add(feats, "q_exclaimed", 1.0, (q.start, q.end), q.text)
        elif q.text.endswith("??"):
            _add(feats, "q_multi", 1.0, (q.start, q.end), q.text)
    if cues.questions:
        for name in ("question", "q_wh", "q_aux", "q_other", "q_short", "q_exclaimed", "q_multi"):
            if name in feats:
                feats[name].value = min(feats[name].value, 2.0)
        last = cues.questions[-1]
        if not text[last.end :].strip(" \t\r\n)\"'”’.…") or (cues.urls and last.end >= cues.urls[-1][0] - 2):
            _add(feats, "q_end", 1.0, (last.start, last.end), last.text)

    if cues.words:
        prefix = "reply_" if parent is not None else ""
        if cues.words[0] in OPENING_NO:
            _add(feats, prefix + "opening_no", 1.0, cues.spans[0], text[slice(*cues.spans[0])])
        elif cues.words[0] in OPENING_YES:
            _add(feats, prefix + "opening_yes", 1.0, cues.spans[0], text[slice(*cues.spans[0])])
    if cues.exclaims:
        _add(feats, "exclaim", min(cues.exclaims, 3) / 3, None, f"{cues.exclaims} exclamation(s)")

    # Relevance to the article.
    rel: float | None = None
    if terms is not None and not terms.empty:
        r = relevance(cues.words, terms)
        rel = r.coverage
        _add(feats, "relevance", rel, None, _RelevanceText(r))
        # A call to act that shares the article's subject is about the concern it reports.
        if "urge" in feats and len(r.common) >= ON_TOPIC_TERMS:
            f = feats["urge"]
            feats["urge_on_topic"] = Feature(f.value, list(f.spans), f.text)
        # A question about the article's own subject asks what the article should answer;
        # one about something else is more often a joke or a rhetorical turn.
        best = None
        for q in cues.questions:
            lo, hi = _word_range(cues, q.start, q.end)
            qr = relevance(cues.words[lo:hi], terms) if hi > lo else None
            key = (qr.coverage if qr else 0.0, qr.content_words if qr else 0)
            if best is None or key > best[0]:
                best = (key, q)
        if best is not None:
            (coverage, n_content), q = best
            _add(feats, "q_relevance", coverage, (q.start, q.end), q.text)
            # "Is this true?" or "Source?" point at the article without naming its words.
            if coverage < OFFTOPIC_QUESTION and n_content >= 2 and target == "article":
                _add(feats, "q_offtopic", 1.0, (q.start, q.end), q.text)

    # Conventions of replies to a short social-media post (the RumourEval tweets): a link backs
    # a claim up, "you" addresses the outlet (often to challenge it), longer replies argue. Read
    # only when the target is such a post; comments on a full article follow other conventions.
    if target == "post":
        if cues.urls:
            s, e = cues.urls[0]
            _add(feats, "post_url", 1.0, (s, e), text[s:e])
        if cues.second_person:
            _add(feats, "post_you", min(cues.second_person, 3) / 3, None, "addresses the poster")
        if any(q.second_person for q in cues.questions):
            q = next(q for q in cues.questions if q.second_person)
            _add(feats, "post_q_you", 1.0, (q.start, q.end), q.text)
        _add(
            feats,
            "post_length",
            math.log1p(len(cues.words)) / math.log(100),
            None,
            f"{len(cues.words)} words",
        )

    # Reply context: a reply agreeing with a parent that denies, denies too.
    if parent is not None:
        _add(feats, "reply", 1.0, None, "reply to a comment")
        pc = analyse(parent)
        pf = pc.families()
        p_deny = bool(pf & {"deny", "negated_support"})
        p_support = bool(pf & {"support", "negated_deny"}) or ("praise" in pf and "praise_target" in pf)
        agree = _agrees(cues)
        disagree = _disagrees(cues)
        if p_deny:
            _add(feats, "parent_deny", 1.0, None, "parent disputes the article")
        if p_support:
            _add(feats, "parent_support", 1.0, None, "parent endorses the article")
        if pc.questions:
            _add(feats, "parent_question", 1.0, None, "parent asks a question")
        for stance_of_parent, present in (("deny", p_deny), ("support", p_support)):
            if not present:
                continue
            if agree:
                _add(feats, f"agree_x_parent_{stance_of_parent}", 1.0, agree, text[slice(*agree)])
            if disagree:
                _add(feats, f"disagree_x_parent_{stance_of_parent}", 1.0, disagree, text[slice(*disagree)])

    # Words: each distinct word once, scaled by 1/sqrt(distinct words) so that long comments
    # do not outvote short ones by length alone. Weights exist only for the fitted vocabulary.
    words = dict.fromkeys(cues.words)
    scale = 1.0 / math.sqrt(len(words)) if words else 0.0
    return Featurized(feats, words, scale, cues, rel, target)


@dataclass(frozen=True, slots=True)
class StanceModel:
    """Fitted weights: per-feature weight vectors over ``labels``, intercepts and offsets.

    ``impute`` holds the training means of the article-dependent features (relevance of the
    comment, of its questions), used when a comment comes without its article; ``center`` the
    training means of the post-reply features (see :data:`POST_FEATURES`).
    """

    labels: tuple[str, ...]
    intercept: tuple[float, ...]
    offsets: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    word_weights: dict[str, tuple[float, ...]]
    impute: dict[str, float]
    center: dict[str, float]
    meta: dict[str, Any]
    word_pairs: tuple[dict[str, complex], dict[str, complex]] = field(init=False, repr=False, compare=False)
    word_pushes: tuple[dict[str, float], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Derived views of word_weights for fast scoring (see decision and Stance._cues).
        ww = self.word_weights
        pairs = (
            {w: complex(v[0], v[1]) for w, v in ww.items()},
            {w: complex(v[2], v[3]) for w, v in ww.items()},
        )
        pushes = tuple({w: v[k] for w, v in ww.items() if v[k] > 0} for k in range(len(self.labels)))
        object.__setattr__(self, "word_pairs", pairs)
        object.__setattr__(self, "word_pushes", pushes)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StanceModel:
        labels = tuple(data["labels"])
        if set(labels) != set(LABELS):
            raise ValueError(f"labels must be {LABELS}, got {labels}")
        k = len(labels)
        weights = {f: tuple(float(x) for x in w) for f, w in data["weights"].items()}
        if any(len(w) != k for w in weights.values()):
            raise ValueError("every weight vector needs one value per label")
        n = len(WORD_PREFIX)
        return cls(
            labels=labels,
            intercept=tuple(float(x) for x in data["intercept"]),
            offsets=tuple(float(x) for x in data.get("offsets", [0.0] * k)),
            weights={f: w for f, w in weights.items() if not f.startswith(WORD_PREFIX)},
            word_weights={f[n:]: w for f, w in weights.items() if f.startswith(WORD_PREFIX)},
            impute={k: float(v) for k, v in data.get("impute", {}).items()},
            center={k: float(v) for k, v in data.get("center", {}).items()},
            meta=dict(data.get("meta", {})),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "intercept": [round(x, 5) for x in self.intercept],
            "offsets": [round(x, 5) for x in self.offsets],
            "impute": {k: round(v, 5) for k, v in sorted(self.impute.items())},
            "center": {k: round(v, 5) for k, v in sorted(self.center.items())},
            "meta": self.meta,
            "weights": {
                f: [round(x, 5) for x in w]
                for f, w in sorted(
                    [*self.weights.items(), *((WORD_PREFIX + k, v) for k, v in self.word_weights.items())]
                )
            },
        }


@cache
def _packaged_model() -> StanceModel:
    text = resources.files("discourse").joinpath("classify/data/stance_model.json").read_text("utf-8")
    return StanceModel.from_dict(json.loads(text))


def load_model(path: str = "") -> StanceModel:
    """Load stance weights from ``path``, or the packaged ones when ``path`` is empty.

    Raises:
        ConfigError: the file is missing or not a stance model.
    """
    if not path:
        return _packaged_model()
    try:
        return StanceModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ConfigError(f"stance.model: file not found: {path}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"stance.model: {path} is not a stance model: {exc}") from None


#: Features read only for replies to a short post; centred on their training means, so that
#: their absence (comments on an article, or no article) counts as an average post reply.
POST_FEATURES: tuple[str, ...] = ("post_url", "post_you", "post_q_you", "post_length")


def center_post(feats: dict[str, Feature], center: dict[str, float]) -> None:
    """Subtract the training means from the post-reply features (absent ones count as 0)."""
    for name in POST_FEATURES:
        mean = center.get(name, 0.0)
        f = feats.get(name)
        if f is None:
            feats[name] = Feature(-mean, [], "")  # absent: no cue to show
        else:
            f.value -= mean


#: Features that need the article, and what triggers them (None: always present).
ARTICLE_FEATURES: dict[str, str | None] = {"relevance": None, "q_relevance": "question"}


def impute_missing(feats: dict[str, Feature], impute: dict[str, float]) -> None:
    """Give article-dependent features their training means when there is no article."""
    for name, trigger in ARTICLE_FEATURES.items():
        if name not in feats and (trigger is None or trigger in feats) and name in impute:
            feats[name] = Feature(impute[name], [], f"{name}: no article, training average")


def decision(
    model: StanceModel,
    fz: Featurized,
    bias: tuple[float, ...],
    priors: dict[str, tuple[float, ...]] | None = None,
) -> list[float]:
    """Per-label scores (log-odds up to a constant) of a featurized comment.

    Args:
        model: fitted weights.
        fz: from :func:`featurize`.
        bias: per-label additions (settings).
        priors: per-feature weights added to the fitted ones (designed, not fitted).
    """
    i, o, b = model.intercept, model.offsets, bias
    s0, s1, s2, s3 = i[0] + o[0] + b[0], i[1] + o[1] + b[1], i[2] + o[2] + b[2], i[3] + o[3] + b[3]
    weights = model.weights
    feats = fz.feats
    for name, f in feats.items():
        w = weights.get(name)
        if w is not None:
            v = f.value
            s0 += v * w[0]
            s1 += v * w[1]
            s2 += v * w[2]
            s3 += v * w[3]
    if priors:
        for name in filter(feats.__contains__, priors):  # the priors present, in their order
            p = priors[name]
            f = feats[name]
            if f is not None:
                v = f.value
                s0 += v * p[0]
                s1 += v * p[1]
                s2 += v * p[2]
                s3 += v * p[3]
    # Word weights are kept as two complex numbers per word (labels 0+1j, 2+3j) so that the
    # sums over a comment's words run in C: one map and one sum per pair of labels.
    words = fz.words
    if not words:
        return [s0, s1, s2, s3]
    c = fz.word_scale
    t01 = sum(map(model.word_pairs[0].get, words, repeat(0j)))
    t23 = sum(map(model.word_pairs[1].get, words, repeat(0j)))
    return [s0 + c * t01.real, s1 + c * t01.imag, s2 + c * t23.real, s3 + c * t23.imag]


def softmax(scores: list[float]) -> list[float]:
    """Probabilities from log-odds scores."""
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


@register
class Stance(Classifier):
    """Support / deny / query / comment toward the article, with the cues that decided it.

    Args:
        model: path to a weights file written by ``scripts/fit_stance.py``; empty for the
            packaged weights (fitted on RumourEval 2017, CC BY 4.0).
        priors: designed weights ``{feature: {label: weight}}`` added to the fitted ones for
            comments on an article (or with no article at all), for conventions of reader
            comments that replies to tweets cannot teach (praise of the post is support; a
            question that shares nothing with the article is not a query).
        article_min_terms: distinct content words that make a target an article rather than a
            short post (RumourEval's source tweets have at most 15; articles dozens or more).
        bias: added to the label scores (log-odds) after the fitted offsets, per label; raise
            ``deny`` to label more comments deny, lower it for fewer.
        max_cues: how many cues each label carries (strongest first).
        min_cue_weight: contributions smaller than this are not reported as cues.
        note_missing_article: add a note when there is no article text to judge against.
    """

    name: ClassVar[str] = "stance"
    labels: ClassVar[tuple[str, ...]] = LABELS
    default_label: ClassVar[str] = "comment"
    version: ClassVar[str] = "1"
    description: ClassVar[str] = "position toward the article: support, deny, query or comment (SDQC)"

    def __init__(
        self,
        *,
        model: str = "",
        priors: dict[str, dict[str, float]] | None = None,
        article_min_terms: int = 30,
        bias: dict[str, float] | None = None,
        max_cues: int = 8,
        min_cue_weight: float = 0.05,
        note_missing_article: bool = True,
    ) -> None:
        self.model = model
        self.priors = priors
        self.article_min_terms = article_min_terms
        self.bias = bias
        self.max_cues = max_cues
        self.min_cue_weight = min_cue_weight
        self.note_missing_article = note_missing_article

    def validate(self) -> None:
        def number(where: str, v: Any) -> None:
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise ConfigError(f"{where} must be a number, got {v!r}")

        if not isinstance(self.bias or {}, dict) or not isinstance(self.priors or {}, dict):
            raise ConfigError("stance.bias and stance.priors must be tables")
        unknown = set(self.bias or {}) - set(LABELS)
        if unknown:
            raise ConfigError(f"stance.bias: unknown label(s) {sorted(unknown)}; labels are {LABELS}")
        for k, v in (self.bias or {}).items():
            number(f"stance.bias.{k}", v)
        for feat, per_label in (self.priors or {}).items():
            if not isinstance(per_label, dict) or set(per_label) - set(LABELS):
                raise ConfigError(
                    f"stance.priors.{feat} must map labels ({', '.join(LABELS)}) to weights, "
                    f"got {per_label!r}"
                )
            for k, v in per_label.items():
                number(f"stance.priors.{feat}.{k}", v)
        if (
            isinstance(self.article_min_terms, bool)
            or not isinstance(self.article_min_terms, int)
            or self.article_min_terms < 1
        ):
            raise ConfigError(
                f"stance.article_min_terms must be a positive integer, got {self.article_min_terms!r}"
            )
        if isinstance(self.max_cues, bool) or not isinstance(self.max_cues, int) or self.max_cues < 1:
            raise ConfigError(f"stance.max_cues must be a positive integer, got {self.max_cues!r}")
        number("stance.min_cue_weight", self.min_cue_weight)
        if self.min_cue_weight < 0:
            raise ConfigError(f"stance.min_cue_weight must be >= 0, got {self.min_cue_weight!r}")

    def prepare(self) -> None:
        self.model_ = load_model(self.model)
        labels = self.model_.labels
        bias = self.bias or {}
        self.bias_ = tuple(float(bias.get(label, 0.0)) for label in labels)
        self.priors_ = {
            feat: tuple(float(per_label.get(label, 0.0)) for label in labels)
            for feat, per_label in (self.priors or {}).items()
        }

    def score(self, text: str | Doc, context: Context | None = None) -> Label:
        doc = Doc.of(text)
        article = context.article if context is not None else None
        parent = context.parent if context is not None else None
        has_article = article is not None and not article.empty
        notes: list[str] = []
        if not has_article and self.note_missing_article:
            notes.append("stance: no article text, judged from the comment alone")
        if doc.empty or not any(ch.isalnum() for ch in doc.text):
            extras: dict[str, Any] = {"relevance": None, "target": "none" if not has_article else "article"}
            if notes:
                extras["notes"] = notes
            return Label(self.name, self.default_label, 1.0, (), extras)
        if doc.language not in ("en", "und"):
            notes.append(f"language={doc.language}: English lexicon, read with care")

        model = self.model_
        fz = featurize(
            doc, article if has_article else None, parent, article_min_terms=self.article_min_terms
        )
        rel, target = fz.relevance, fz.target
        if target == "post":
            center_post(fz.feats, model.center)
        if rel is None:
            # No article: the model sees the relevance it saw on average in training, so the
            # other cues decide.
            impute_missing(fz.feats, model.impute)
        priors = self.priors_ if target != "post" else None
        scores = decision(model, fz, self.bias_, priors)
        probs = softmax(scores)
        k = max(range(len(scores)), key=lambda j: (scores[j], -j))
        label = model.labels[k]
        cues = self._cues(doc.text, fz, k, priors)
        if not cues and label != self.default_label:
            # The label came from the intercepts and small contributions alone: fall back.
            label = self.default_label
            k = model.labels.index(label)
        extras = {
            "probabilities": {lab: round(p, 4) for lab, p in zip(model.labels, probs, strict=True)},
            "relevance": None if rel is None else round(rel, 4),
            "target": target,
        }
        if notes:
            extras["notes"] = notes
        return Label(self.name, label, probs[k], tuple(cues), extras)

    def _cues(
        self, text: str, fz: Featurized, k: int, priors: dict[str, tuple[float, ...]] | None
    ) -> list[Cue]:
        """Features that pushed label ``k`` up, as cues (one per matched span), strongest first."""
        weights = self.model_.weights
        floor = self.min_cue_weight
        # (-contribution, name, word, feature): sorted as is, strongest first, then by name and
        # word (which tell every entry apart, so the feature itself is never compared).
        scored: list[tuple[float, str, str, Feature | None]] = []
        for name, f in fz.feats.items():
            w = weights.get(name)
            p = priors.get(name) if priors else None
            if w is None and p is None:
                continue
            contribution = f.value * ((w[k] if w else 0.0) + (p[k] if p else 0.0))
            if contribution >= floor and (f.spans or f.text):
                scored.append((-contribution, name, "", f))
        scale = fz.word_scale
        if scale:
            # Only words that push label k up can be cues: intersect in C, then weigh those.
            pushing = self.model_.word_pushes[k]
            for word in pushing.keys() & fz.words.keys():
                contribution = scale * pushing[word]
                if contribution >= floor:
                    scored.append((-contribution, "word", word, None))
        scored.sort()
        cues: list[Cue] = []
        spans = fz.cues.spans
        words = fz.cues.words
        for minus, name, word, f in scored[: self.max_cues]:
            contribution = -minus
            if f is None:
                s, e = spans[words.index(word)]
                cues.append(Cue("stance.word", text[s:e], s, e, contribution))
            elif f.spans:
                share = contribution / len(f.spans)
                for s, e in f.spans:
                    cues.append(Cue("stance." + name, text[s:e], s, e, share))
            else:
                cues.append(Cue("stance." + name, str(f.text), -1, -1, contribution))
        return cues

    def columns(self, label: Label | None) -> dict[str, Any]:
        """``stance``, ``stance_score`` (probability of the label) and ``stance_relevance``."""
        if label is None:
            return {"stance": None, "stance_score": None, "stance_relevance": None}
        return {
            "stance": label.label,
            "stance_score": round(label.score, 4),
            "stance_relevance": label.extras.get("relevance"),
        }
