"""Cue words of page furniture and comment sections, as data, for the page-dump parser.

Languages: English, German, French, Dutch, Spanish, Italian, Portuguese and Polish. Every list
was written for this project from the wording common on news sites, blogs and comment systems
(WordPress, Blogger, Disqus, forum software); none is taken from a particular page. The parser
never keys on anything else: layout evidence (shape, position, repetition) does the rest.

Matching is case-insensitive on :func:`norm` of a line. :func:`line_cue` names the category of
a line of furniture; :func:`comment_header` reads a comment-section header and its count.
"""

# fmt: off
# (Word lists are laid out by hand, several words a line; the formatter would put one a line.)
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Normalisation


_SPACE_RE = re.compile(r"\s+")
_EDGE_PUNCT = " \t:：.…»«›‹>→←↓↑▼▲►◄|•·*#-–—_=~\"'“”„‘’()[]{}【】〈〉《》「」『』（）"
_TRANSLATE = str.maketrans({"\u00a0": " ", "\u2019": "'", "\u2018": "'", "\u200b": "", "\ufeff": ""})


def norm(text: str) -> str:
    """Casefold, unify quotes and spaces, and strip bullets, arrows and edge punctuation."""
    t = _SPACE_RE.sub(" ", text.translate(_TRANSLATE)).strip(_EDGE_PUNCT).casefold()
    return t


_TOKEN_RE = re.compile(r"\w+(?:['’\-]\w+)*")
# What is stripped from both ends of a word to make a token (splitting on white space and
# stripping runs in C; a regex over every character costs twice as much).
_TOKEN_STRIP = " \t.,;:!?\"'()[]{}«»“”„‘’…·•|/\\—–-*#▲▼↑↓›‹><=+~_@&%$^`"


def _tokens_lower(low: str) -> list[str]:
    out = []
    for word in low.split():
        w = word.strip(_TOKEN_STRIP)
        if w:
            out.append(w)
    return out


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of a line ("e-mail" and "j'aime" stay whole)."""
    return _tokens_lower(text.casefold())


def _first_tokens(phrases: list[str]) -> frozenset[str]:
    """First word of every phrase: a cheap gate before a regex over all the phrases."""
    out = set()
    for p in phrases:
        toks = tokens(p)
        if toks:
            out.add(toks[0])
    return frozenset(out)


def _all_tokens(phrases: list[str]) -> frozenset[str]:
    return frozenset(t for p in phrases for t in tokens(p))


class PrefixIndex:
    """Phrases grouped by their first word, to test "does this line start with one of them"
    with a dictionary lookup and a few ``startswith`` instead of a regex over all of them."""

    def __init__(self, phrases: list[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for p in phrases:
            toks = tokens(p)
            if toks:
                by_first.setdefault(toks[0], []).append(p.casefold())
        self._by_first = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}

    def match(self, low: str, first: str) -> str | None:
        """The longest phrase that ``low`` (a lower-cased line) starts with, ending at a word
        boundary; ``first`` is the line's first token."""
        for p in self._by_first.get(first, ()):
            if low.startswith(p) and (len(low) == len(p) or not (low[len(p)].isalnum() and p[-1].isalnum())):
                return p
        return None


def _alts(words: str | list[str]) -> str:
    items = words.split("|") if isinstance(words, str) else words
    return "|".join(sorted((re.escape(w) for w in items if w), key=len, reverse=True))


# --------------------------------------------------------------------------------------------
# Comment sections

#: Nouns that name a list of reader comments (plural and singular).
COMMENT_NOUNS = [
    # en
    "comments", "comment", "responses", "response", "thoughts", "thought", "reactions",
    "comment responses", "reader comments", "readers' comments", "user comments", "replies",
    "opinions",
    # de
    "kommentare", "kommentar", "leserkommentare", "leserkommentar", "antworten", "antwort",
    "reaktionen", "meinungen", "beiträge", "gedanken",
    # fr
    "commentaires", "commentaire", "réactions", "réaction", "réponses", "réponse", "avis",
    "réflexions", "réflexion", "pensées",
    # nl
    "reacties", "reactie", "opmerkingen", "gedachten",
    # es
    "comentarios", "comentario", "respuestas", "opiniones", "reflexiones",
    # it
    "commenti", "commento", "risposte", "pensieri",
    # pt
    "comentários", "comentário", "pensamentos",
    # pl
    "komentarze", "komentarzy", "komentarz", "komentarza", "odpowiedzi", "myśli",
]
_NOUNS_RE = _alts(COMMENT_NOUNS)

#: Words for "no" in "No comments" and its translations.
_ZERO_WORDS = "no|zero|keine|kein|aucun|aucune|pas de|geen|sin|ningún|nessun|nessuno|nenhum|brak|0"
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "ein": 1, "eine": 1, "zwei": 2, "drei": 3, "un": 1, "une": 1, "deux": 2,
    "trois": 3, "één": 1, "twee": 2, "uno": 1, "dos": 2, "tres": 3, "um": 1, "jeden": 1,
}
_NUMBER_WORDS_RE = _alts(list(_NUMBER_WORDS))

# "16 Comments", "3 thoughts on “Title”", "7 Comment Responses to “Title”", "4 Kommentare zu
# „Titel“", "12 commentaires sur « Titre »", "No comments:"
_COUNT_HEADER_RE = re.compile(
    r"^(?P<n>\d{1,6}|" + _NUMBER_WORDS_RE + "|" + _ZERO_WORDS + r")\s+(?:\w+\s+)?(?P<noun>"
    + _NOUNS_RE + r")(?![\w])\s*(?P<rest>(?:(?:on|to|about|for|zu|auf|für|sur|à|pour|op|bij|en|"
    r"sobre|para|a|su|per|do|na|o|de|dla)\b.*|[:(\[“\"«„'].*)?)$",
    re.IGNORECASE,
)
# "Comments (3)", "Reacties (29)", "Kommentare: 12", "Comments 5"
_NOUN_COUNT_RE = re.compile(
    r"^(?:(?:reader|readers'|user|your|all|leser|alle|vos|tous les)\s+)?(?P<noun>" + _NOUNS_RE
    + r")\s*[:(\[]?\s*(?P<n>\d{1,6})\s*[)\]]?$",
    re.IGNORECASE,
)
# "Comments", "Reader comments", "Discussion" (not "Antworten"/"Replies" alone: those are the
# reply links under each comment)
_REPLY_NOUNS = frozenset(["replies", "antworten", "antwort", "réponses", "réponse", "respuestas",
                          "risposte", "odpowiedzi", "reactie", "comment", "kommentar", "commentaire",
                          "comentario", "commento", "komentarz", "comentário", "reaction", "response"])
_BARE_HEADER_RE = re.compile(
    r"^(?:(?:reader|readers'|user|your|show|view|see|all|leser|ihre|alle|vos|les|tous les|"
    r"afficher les|mostrar|ver|os|i|wszystkie)\s+)?(?P<noun>"
    + _alts([n for n in COMMENT_NOUNS if n not in _REPLY_NOUNS]) + r")$",
    re.IGNORECASE,
)
#: Section headers without a count.
COMMENT_HEADER_PHRASES = [
    "join the discussion", "join the conversation", "discussion", "conversation", "have your say",
    "what do you think", "what do you think?", "talk back", "reader discussion",
    "diskussion", "diskutieren sie mit", "diskutiere mit", "mitdiskutieren", "deine meinung",
    "ihre meinung", "meinungen zum artikel", "leserbriefe",
    "réagissez", "vos réactions", "vos commentaires", "réactions", "débat", "la discussion",
    "discussie", "praat mee", "discusión", "discussione", "discussão", "dyskusja",
]
_PHRASE_HEADERS = frozenset(COMMENT_HEADER_PHRASES)
#: Headers that announce an empty section.
ZERO_COMMENT_PHRASES = [
    "no comments", "no comments yet", "be the first to comment", "be the first to comment!",
    "there are no comments yet", "noch keine kommentare", "keine kommentare",
    "schreibe den ersten kommentar", "aucun commentaire", "soyez le premier à commenter",
    "pas encore de commentaire", "geen reacties", "nog geen reacties", "brak komentarzy",
    "sin comentarios", "nessun commento", "nenhum comentário", "seja o primeiro a comentar",
]
_ZERO_PHRASES = frozenset(ZERO_COMMENT_PHRASES)
# Widgets that list comments on *other* articles, feeds and closed markers: not a header.
_NOT_HEADER_RE = re.compile(
    r"\b(?:recent|latest|newest|last|most|top|popular|best|neueste|neuesten|letzte|letzten|"
    r"meist|meistkommentiert|derniers|dernières|plus|récents|laatste|meest|últimos|ultimi|"
    r"ostatnie|najnowsze|rss|atom|feed|closed|geschlossen|fermés|gesloten|cerrados|chiusi|"
    r"fechados|zamknięte|policy|richtlinien|rules|regeln|charte|disabled)\b|kommentarfeed",
    re.IGNORECASE,
)
# Blogger's "48 mental poops:" style: a number, a few words, a colon. Weak: needs anchors.
_COLON_COUNT_RE = re.compile(r"^(?P<n>\d{1,5})\s+[^\W\d][\w' \-]{0,30}:$")


_HEADER_GATE = (_all_tokens(COMMENT_NOUNS) | _first_tokens(COMMENT_HEADER_PHRASES)
                | _first_tokens(ZERO_COMMENT_PHRASES))


@dataclass(frozen=True)
class Header:
    """A comment-section header: its declared count (None when it gives none) and strength
    (2 = names comments explicitly, 1 = weak shape that needs comments right after it)."""

    count: int | None
    strength: int
    zero: bool = False
    quoted_title: str | None = None


_QUOTED_RE = re.compile(r"[“\"«„']\s*(.+?)\s*[”\"»“']\s*:?$")


def widget_header(text: str) -> bool:
    """A header of a widget listing comments from across the site ("Recent Comments", "Top
    comments this week", "Neueste Kommentare"): what follows is not this article's discussion."""
    t = text.strip()
    if len(t) > 60:
        return False
    low = t.casefold()
    return _NOT_HEADER_RE.search(low) is not None and not _HEADER_GATE.isdisjoint(tokens(low)) \
        and not any(w in low for w in ("rss", "atom", "feed", "closed", "geschlossen", "fermés",
                                       "policy", "rules", "regeln", "charte"))


@functools.lru_cache(maxsize=32768)
def comment_header(text: str) -> Header | None:
    """Read a comment-section header line ("16 Comments", "Comments (3)", "Kommentare")."""
    t = _SPACE_RE.sub(" ", text.translate(_TRANSLATE)).strip()
    if not t or len(t) > 200:
        return None
    bare = t.strip(" .:：•|-–—#*").strip()
    low = bare.casefold()
    if not (_HEADER_GATE.intersection(tokens(low)) or (t[:1].isdigit() and t.endswith(":"))):
        return None
    if low in _ZERO_PHRASES:
        return Header(0, 2, zero=True)
    m = _COUNT_HEADER_RE.match(bare)
    if m:
        n_raw = m.group("n").casefold()
        rest = m.group("rest") or ""
        if n_raw.isdigit():
            n = int(n_raw)
        elif n_raw in _NUMBER_WORDS:
            n = _NUMBER_WORDS[n_raw]
        else:
            n = 0
        if _NOT_HEADER_RE.search(rest) and not _QUOTED_RE.search(rest):
            return None
        q = _QUOTED_RE.search(rest)
        title = q.group(1) if q else None
        if title is None and len(rest.split()) >= 3:
            title = rest.split(None, 1)[1].strip()  # "6 Comments on Interactive maps, now…"
        return Header(n, 2, zero=n == 0, quoted_title=title)
    m = _NOUN_COUNT_RE.match(bare)
    if m:
        n = int(m.group("n"))
        return Header(n, 2, zero=n == 0)
    if len(bare) > 40:
        return None  # a bare header is a few words
    if _NOT_HEADER_RE.search(low):
        return None  # "Recent comments", "Comments RSS", "Comments are closed"
    if _BARE_HEADER_RE.match(bare) or low.rstrip("?!") in _PHRASE_HEADERS or low in _PHRASE_HEADERS:
        return Header(None, 1)
    m = _COLON_COUNT_RE.match(t.strip())
    if m:
        return Header(int(m.group("n")), 1)
    return None


#: Lines that close a comment list or belong to the comment form.
FORM_PHRASES = [
    # en
    "leave a reply", "leave a comment", "leave your comment", "post a comment", "post comment",
    "write a comment", "add a comment", "add comment", "add your comment", "post your comment",
    "submit comment", "submit", "post reply", "your email address will not be published",
    "your email address will not be published. required fields are marked",
    "required fields are marked", "log in to comment",
    "sign in to comment", "you must be logged in to post a comment", "you must be logged in",
    "comments are closed",
    "comments are closed.", "notify me of follow-up comments", "notify me of new comments",
    "notify me of new posts", "save my name, email, and website", "cancel reply", "name (required)",
    "mail (will not be published) (required)", "email (will not be published)", "your name",
    "your e-mail", "your email", "your website", "your comment", "comment *", "name *", "email *",
    "e-mail *", "website", "name", "email", "comment", "blog comments powered by disqus",
    "comments powered by disqus", "powered by disqus", "load more comments", "show more comments",
    "view more comments", "sign in", "sign up", "log in", "register", "join the discussion with",
    "start the discussion", "comment policy", "community guidelines",
    # de
    "schreibe einen kommentar", "hinterlasse einen kommentar", "kommentar verfassen",
    "kommentar schreiben", "kommentar abschicken", "kommentar absenden", "antworten abbrechen",
    "deine e-mail-adresse wird nicht veröffentlicht", "ihre e-mail-adresse wird nicht veröffentlicht",
    "erforderliche felder sind mit * markiert", "kommentare sind geschlossen",
    "die kommentarfunktion ist geschlossen", "dein kommentar", "ihr kommentar", "e-mail",
    "anmelden zum antworten", "zum kommentieren anmelden", "melde dich an",
    # fr
    "laisser un commentaire", "laisser une réponse", "ajouter un commentaire", "écrire un commentaire",
    "poster un commentaire", "publier un commentaire", "votre adresse e-mail ne sera pas publiée",
    "votre adresse de messagerie ne sera pas publiée", "les champs obligatoires sont indiqués avec",
    "les commentaires sont fermés", "votre commentaire", "connectez-vous pour commenter",
    "se connecter pour répondre", "annuler la réponse", "commentaire *", "nom *",
    # nl
    "reactie toevoegen", "plaats een reactie", "laat een reactie achter", "geef een reactie",
    "om te kunnen reageren moet je ingelogd zijn", "je e-mailadres wordt niet gepubliceerd",
    # es / it / pt / pl
    "deja un comentario", "dejar un comentario", "deja una respuesta", "lascia un commento",
    "lascia un commento o", "deixe um comentário", "deixe uma resposta", "prześlij komentarz",
    "dodaj komentarz", "napisz komentarz", "skomentuj",
]
_FORM = frozenset(FORM_PHRASES)
# "Join the discussion. Sign In or Register", "Log in or register to post comments"
_LOGIN_RE = re.compile(
    r"\b(?:sign in|sign up|log in|logged in|login|register|anmelden|registrieren|einloggen|se connecter|"
    r"connexion|s'inscrire|inloggen|registreren|iniciar sesión|regístrate|accedi|registrati|"
    r"entrar|cadastre-se|zaloguj|zarejestruj)\b",
    re.IGNORECASE,
)
_FORM_PREFIX = PrefixIndex([p for p in FORM_PHRASES if len(p) > 12])

#: Link words printed with each comment: replying, rating, reporting, sharing, sorting.
ACTION_WORDS = [
    # en
    "reply", "replies", "reply ↓", "like", "likes", "unlike", "dislike", "report", "report abuse",
    "report comment", "share", "flag", "flag as offensive", "flag as inappropriate", "permalink",
    "link", "edit", "delete", "quote", "upvote", "downvote", "vote up", "vote down", "up", "down",
    "helpful", "not helpful", "log in to reply", "login to reply", "log in to reply.",
    "reply to this comment", "hide replies", "show replies", "view replies", "load replies",
    "more replies", "show more replies", "collapse", "expand", "read more", "show more",
    "sort by", "newest", "oldest", "best", "top", "top comments", "most liked", "points", "point",
    "votes", "vote", "likes", "follow", "block", "mute", "translate", "see translation",
    "profile", "avatar", "image placeholder", "user avatar", "gravatar", "loading...", "loading",
    "reply with quote", "multi-quote", "award", "award this comment", "show", "hide", "view", "load",
    "more", "less", "replies", "reply", "comments", "older comments", "newer comments",
    "recommend", "recommended", "trusted", "staff", "moderator", "admin", "verified",
    "pinned", "featured", "highlighted", "edited",
    # de
    "antworten", "antwort", "gefällt mir", "melden", "teilen", "zitieren", "bearbeiten",
    "löschen", "empfehlen", "neueste", "älteste", "beste", "sortieren nach", "mehr anzeigen",
    "antworten anzeigen", "antworten ausblenden", "kommentar melden", "profilbild",
    # fr
    "répondre", "réponse", "j'aime", "je n'aime pas", "signaler", "partager", "citer", "modifier",
    "supprimer", "recommander", "trier par", "plus récents", "plus anciens", "voir les réponses",
    "masquer les réponses", "photo de profil", "signaler un abus",
    # nl
    "reageer", "reageren", "beantwoorden", "vind ik leuk", "melden", "delen", "citeren",
    "wijzig sortering", "moderatie-faq", "moderatie faq",
    # es / it / pt / pl
    "responder", "me gusta", "denunciar", "compartir", "citar", "rispondi", "mi piace",
    "segnala", "condividi", "cita", "curtir", "denunciar", "compartilhar", "odpowiedz", "lubię to",
    "zgłoś", "udostępnij", "cytuj", "odpowiedzi",
]
_ACTIONS = frozenset(ACTION_WORDS)
# A line of action links: words from the list, counts and vote arrows, joined by separators.
_ACTION_SPLIT_RE = re.compile(r"\s*(?:[|·•/]|\s-\s|\s–\s|\s{2,})\s*")
_COUNT_TOKEN_RE = re.compile(
    r"^(?:[#№]?\d{1,6}|[+\-−±]\d{1,6}|[▲▼↑↓👍👎♥❤★☆]+\s*\d*|\d+\s*(?:likes?|points?|votes?|"
    r"replies|antworten|réponses|reacties|stimmen|punkte|j'aime)|\(\d+\)|\d+[.,]?\d*[km]?)$",
    re.IGNORECASE,
)

# Avatar alt text: "Jane's avatar", "Avatar of Jane", "Profilbild von Jane"
_AVATAR_RE = re.compile(
    r"^(?:.{1,40}'s\s+(?:avatar|profile (?:picture|image|photo))|(?:avatar|profile (?:picture|image|"
    r"photo)|user image|profilbild|benutzerbild|photo de profil|avatar de|foto de perfil|awatar)"
    r"(?:\s+(?:of|for|von|de|du|van|di|użytkownika)\s+.{1,40})?)$",
    re.IGNORECASE,
)

#: Verbs between a commenter's name and the comment: "Jane says:", "Jan schrieb:", "Jean dit :".
SAYS_VERBS = [
    "says", "said", "wrote", "writes", "replied", "replies", "commented", "comments", "posted",
    "sagt", "sagte", "hat gesagt", "schrieb", "schreibt", "hat geschrieben", "meint", "meinte",
    "antwortete", "kommentierte", "zei",
    "dit", "a dit", "écrit", "a écrit", "répond", "a répondu", "zegt", "schreef", "schrijft",
    "reageerde", "dice", "dijo", "escribió", "escribe", "respondió", "ha detto", "dice:", "scrive",
    "ha scritto", "diz", "disse", "escreveu", "pisze", "napisał", "napisała", "odpowiedział",
]
_SAYS_RE = re.compile(
    r"^(?P<name>.{1,60}?)\s+(?:(?:on|am|le|op|el|il|em|w)\s+(?P<date1>.{4,60}?)\s+)?(?P<verb>"
    + _alts(SAYS_VERBS) + r")(?:\s+(?:on|am|le|op|el|il|em)\s+(?P<date2>.{4,60}?))?\s*(?:\.{2,}|…|:(?!\d))"
    r"\s*(?P<rest>.{0,80})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Says:
    """A "NAME says:" line: the name, any date text with it, and text after the colon."""

    name: str
    date_text: str
    rest: str


_SAYS_GATE = _first_tokens(SAYS_VERBS)


@functools.lru_cache(maxsize=32768)
def says_line(text: str, words: frozenset[str] | None = None) -> Says | None:
    """Read "Jane says:", "Jan schrieb:", "Jane on Sep 21, 3:05 PM said:", "Jane wrote on DATE:".

    Args:
        words: the line's tokens when the caller has them (saves tokenising again).
    """
    if len(text) > 160 or _SAYS_GATE.isdisjoint(words if words is not None else tokens(text)):
        return None
    m = _SAYS_RE.match(text.strip())
    if not m:
        return None
    return Says(m.group("name").strip(), (m.group("date1") or m.group("date2") or "").strip(),
                m.group("rest").strip())


#: Lines that say a comment answers someone: "In reply to Jane", "Antwort an Jan".
_REPLY_TO_RE = re.compile(
    r"^(?:in reply to|replying to|reply to|in response to|responding to|antwort an|antwort auf|"
    r"als antwort auf|en réponse à|réponse à|in antwoord op|reactie op|en respuesta a|respuesta a|"
    r"in risposta a|risposta a|em resposta a|resposta a|w odpowiedzi na|odpowiedź dla|"
    r"odpowiedź na|↪|↳|re:)\s*@?(?P<name>.{1,60}?)\s*[:.]?$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=32768)
def reply_to_name(text: str) -> str | None:
    """The name in a "Reply to Jane" / "In reply to Jane." / "Antwort an Jan" line, or None."""
    m = _REPLY_TO_RE.match(text.strip())
    return m.group("name").strip() if m else None


#: Quote openers in comments: "Jane said:", "Quote from Jane", "Originally Posted by Jane".
_QUOTE_RE = re.compile(
    r"^(?:(?:quote|quoting|zitat|citation|citazione|cita|citação|cytat)\s*(?:from|von|de|di|od)?\s*"
    r"[:\-]?\s*(?P<n1>.{1,60}?)|(?:originally posted by|ursprünglich geschrieben von|"
    r"message d'origine de|posted by)\s+(?P<n2>.{1,60}?)|(?P<n3>.{1,60}?)\s+(?:said|wrote|says|"
    r"schrieb|sagte|a écrit|écrit|a dit|schreef|escribió|ha scritto|escreveu|napisał|napisała)"
    r"(?:\s+(?:on|am|le)\s+.{4,60}?)?)\s*[:.…]*\s*(?:click to expand\.*)?$",
    re.IGNORECASE,
)
#: Lines that end a quoted block (forum software prints them under the quote).
QUOTE_END_PHRASES = ["click to expand...", "click to expand", "klicken zum ausklappen",
                     "cliquez pour agrandir...", "cliquez pour développer...", "expand..."]
_QUOTE_END = frozenset(QUOTE_END_PHRASES)


@functools.lru_cache(maxsize=32768)
def quote_opener(text: str) -> str | None:
    """The quoted author's name in "Jane said:" / "Quote from Jane" (None when not a quote
    opener). A bare "Quote:" gives an empty name."""
    t = text.strip()
    if len(t) > 100 or not t:
        return None
    low = t.casefold().rstrip(" :")
    if low in ("quote", "zitat", "citation", "cita", "citação", "cytat", "citazione"):
        return ""
    m = _QUOTE_RE.match(t)
    if not m or not (t.endswith((":", "…", "...")) or "expand" in low or m.group("n2")):
        return None
    return (m.group("n1") or m.group("n2") or m.group("n3") or "").strip()


def is_quote_end(text: str) -> bool:
    return norm(text) in _QUOTE_END or text.strip().casefold() in _QUOTE_END


# --------------------------------------------------------------------------------------------
# Page furniture

#: Headers of teaser blocks (other articles), matched at the start of a short line.
TEASER_HEADERS = [
    # en
    "you may also like", "you might also like", "you may like", "you might like", "also read",
    "related", "related posts", "related articles", "related stories", "related content",
    "related news", "related topics", "related coverage", "related reading", "more like this",
    "read more", "read next", "read also", "more from", "more on", "more in", "more news",
    "more stories", "more articles", "more to read", "latest", "latest news", "latest posts",
    "latest articles", "latest stories", "latest contents", "latest content", "recent posts",
    "recent articles", "recent news", "trending", "trending now", "trending stories", "popular",
    "popular posts", "popular stories", "most popular", "most read", "most viewed",
    "most shared", "most commented", "recommended", "recommended for you", "recommended stories",
    "see also", "don't miss", "dont miss", "editor's picks", "editors' picks", "top stories",
    "top news", "what to read next", "further reading", "elsewhere on", "from the web",
    "sponsored stories", "around the web", "in case you missed it", "vaguely related posts",
    "similar posts", "previous post", "next post", "older post", "newer post", "previous article",
    "next article", "older article", "newer article", "previous story", "next story",
    "up next", "watch next", "more videos", "videos", "the latest", "popular now",
    # de
    "das könnte sie auch interessieren", "das könnte dich auch interessieren", "mehr zum thema",
    "lesen sie auch", "lies auch", "auch interessant", "ähnliche beiträge", "ähnliche artikel",
    "verwandte artikel", "verwandte beiträge", "weitere artikel", "weitere beiträge",
    "meistgelesen", "meistgelesene artikel", "meistkommentiert", "neueste artikel",
    "neueste beiträge", "aktuelle beiträge", "artikel aus der gleichen kategorie",
    "empfehlungen", "mehr aus", "mehr von", "weiterlesen", "top-artikel", "beliebte beiträge",
    # fr
    "sur le même sujet", "à lire aussi", "a lire aussi", "lire aussi", "à lire également",
    "lire la suite", "articles similaires", "articles liés", "les plus lus", "les plus partagés",
    "les plus commentés", "dans la même rubrique", "sur le même thème", "voir aussi",
    "à découvrir", "a découvrir", "nos recommandations", "derniers articles", "dernières actualités",
    "à la une", "ailleurs sur le web", "vous aimerez aussi", "vous aimerez peut-être",
    # nl
    "gerelateerd", "gerelateerde artikelen", "lees meer", "lees ook", "meer nieuws",
    "meest gelezen", "meer over", "populair",
    # es / it / pt / pl
    "leer más", "lee también", "te puede interesar", "artículos relacionados", "más leídas",
    "lo más leído", "leggi anche", "articoli correlati", "potrebbe interessarti", "i più letti",
    "leia mais", "leia também", "veja também", "relacionadas", "notícias relacionadas",
    "mais lidas", "mais lidas em", "principais do dia", "zobacz też", "zobacz także",
    "czytaj także", "czytaj też", "podobne wpisy", "podobne artykuły", "najczęściej czytane",
    "polecane",
    # cjk
    "関連記事", "関連ニュース", "おすすめ記事", "人気記事", "アクセスランキング", "관련기사", "관련 기사",
    "많이 본 뉴스", "추천 기사", "相关文章", "相关新闻", "相關新聞", "推荐阅读", "熱門新聞",
]
# Phrases that need a topic after them ("More in Politics"); single words must stand alone.
_TEASER_WITH_TOPIC = frozenset(["more from", "more on", "more in", "mehr aus", "mehr von", "meer over",
                                "mais lidas em", "elsewhere on", "the latest"])

#: Share-bar link words.
SHARE_WORDS = [
    "share", "share this", "share this article", "share this story", "share on facebook",
    "share on twitter", "share on x", "share on linkedin", "share via email", "share:", "tweet",
    "facebook", "twitter", "x", "linkedin", "whatsapp", "pinterest", "email", "e-mail", "mail",
    "print", "reddit", "digg", "stumbleupon", "delicious", "google", "google+", "google buzz",
    "buzz", "messenger", "telegram", "copy link", "copy", "more…", "more...", "more", "flipboard",
    "tumblr", "xing", "mastodon", "bluesky", "threads", "hacker news", "pocket", "embed",
    "sms", "instagram", "youtube", "rss", "teilen", "drucken", "link kopieren", "artikel teilen",
    "partager", "imprimer", "envoyer", "copier le lien", "compartilhe", "compartilhar",
    "copiar link", "compartir", "imprimir", "condividi", "stampa", "udostępnij", "drukuj",
    "delen", "printen", "link kopiëren", "kopiuj link", "share to twitter", "share to facebook",
    "share to pinterest", "email this", "blogthis!", "print this", "e-mail this",
]
_SHARE = frozenset(SHARE_WORDS)

#: Newsletter, subscription and social-follow promotions.
NEWSLETTER_PHRASES = [
    "subscribe", "subscribe to our newsletter", "sign up for our newsletter", "newsletter",
    "newsletters", "get the latest", "sign up", "subscribe now", "subscribe today",
    "subscribe via email", "subscribe by email", "subscribe in a reader", "subscribe to",
    "get our email updates", "email updates", "in your inbox", "delivered to your inbox",
    "follow us", "follow us on", "like us on facebook", "become a fan", "stay updated",
    "stay connected", "get alerts", "join our mailing list", "enter your email",
    "newsletter abonnieren", "jetzt abonnieren", "abonnieren", "abonnez-vous",
    "inscrivez-vous", "s'abonner", "recevoir la newsletter", "abonneer", "aanmelden",
    "assine", "suscríbete", "iscriviti", "subskrybuj", "zapisz się", "folgen sie uns",
    "suivez-nous", "volg ons", "síguenos", "seguici", "siga a folha", "obserwuj nas",
]
_NEWSLETTER_RE = re.compile(r"(?:^|\b)(?:" + _alts(NEWSLETTER_PHRASES) + r")(?:\b|$)", re.IGNORECASE)
_FOLLOW_RE = re.compile(
    r"\b(?:follow|folge|folgen|suivez|volg|sigue|segui|siga)\b.{0,60}\b(?:on|auf|sur|op|en|su|no|"
    r"na)\s+(?:twitter|facebook|instagram|x|linkedin|threads|bluesky|mastodon)\b",
    re.IGNORECASE,
)

#: Cookie and consent notices.
COOKIE_WORDS = ["cookie", "cookies", "consent", "einwilligung", "consentement", "toestemming",
                "datenschutzeinstellungen", "privacy settings", "privacy einstellungen"]
_COOKIE_RE = re.compile(r"\b(?:" + _alts(COOKIE_WORDS) + r")\b", re.IGNORECASE)
# A cookie word alone may be a recipe: a notice also speaks of use, consent or settings.
_CONSENT_RE = re.compile(
    r"\b(?:use|uses|using|accept|agree|consent|privacy|policy|settings|verwendet|nutzt|akzept\w*|"
    r"einverstanden|einstellungen|datenschutz|utilise|utilisons|accepter|accepte|paramètres|"
    r"politique|gebruikt|accepteren|instellingen|usa|utiliza|aceptar|utilizza|accetta|usamos|"
    r"aceitar|używa|akceptuj\w*|ok|close|schließen|fermer)\b",
    re.IGNORECASE,
)

#: Disclaimers, copyright and sponsorship notices: phrases that may stand anywhere in a line…
DISCLAIMER_PHRASES = [
    "all rights reserved", "alle rechte vorbehalten", "tous droits réservés", "todos los derechos",
    "todos os direitos", "tutti i diritti", "wszelkie prawa", "alle rechten voorbehouden", "©",
    "is submitted by", "submitted by our", "for illustrative purposes", "not indicative of",
    "views expressed", "does not necessarily reflect", "do not necessarily reflect",
    "this post may contain affiliate", "affiliate links", "creative commons", "creative-commons",
]
#: … phrases that open such a line…
DISCLAIMER_OPENERS = [
    "copyright", "disclaimer", "haftungsausschluss", "avertissement", "powered by", "hosted by",
    "hosting by", "produced by", "designed by", "this work is licensed", "licensed under",
    "the views expressed", "die meinung", "les propos",
]
#: … and words that are the whole line.
DISCLAIMER_LINES = [
    "advertisement", "advertisements", "anzeige", "werbung", "reklame", "publicité", "publicidade",
    "publicidad", "pubblicità", "reklama", "advertentie", "sponsored", "gesponsert",
    "sponsored content", "paid content", "terms of use", "privacy policy", "terms of service",
    "impressum", "datenschutz", "datenschutzerklärung", "imprint", "legal notice",
    "mentions légales", "privacy", "cookie policy", "ad", "ads",
]
_DISCLAIMER_ANY_RE = re.compile(r"(?:" + _alts(DISCLAIMER_PHRASES) + r")", re.IGNORECASE)
_DISCLAIMER_OPEN_RE = re.compile(r"^\W*(?:" + _alts(DISCLAIMER_OPENERS) + r")\b", re.IGNORECASE)
_DISCLAIMER_LINES = frozenset(DISCLAIMER_LINES)


_DISCLAIMER_LOWER = tuple(p.casefold() for p in DISCLAIMER_PHRASES)


def _is_disclaimer(t: str, nt: str, words: int) -> bool:
    if words <= 4 and nt in _DISCLAIMER_LINES:
        return True
    if words > 45:
        return False
    low = t.casefold()
    if any(p in low for p in _DISCLAIMER_LOWER):
        return True
    return _DISCLAIMER_OPEN_RE.match(t) is not None


#: Tag, label and category lines (a prefix, then the list).
TAG_PREFIXES = [
    "tags", "tag", "tagged", "tagged with", "tagged as", "labels", "label", "filed under",
    "posted in", "categories", "category", "topics", "topic", "keywords", "schlagwörter",
    "schlagworte", "stichwörter", "stichworte", "themen", "thema", "kategorie", "kategorien",
    "abgelegt unter", "veröffentlicht in", "étiquettes", "mots-clés", "mots clés", "catégories",
    "catégorie", "thèmes", "rubrique", "tagi", "kategoria", "etiquetas", "etiquetado",
    "categorías", "categoria", "categorie", "argomenti", "etichette", "tópicos relacionados",
    "assuntos", "trefwoorden", "onderwerpen", "categorieën", "labels:",
]
_TAG_RE = re.compile(r"^(?:" + _alts(TAG_PREFIXES) + r")\s*[:：]", re.IGNORECASE)
_TAG_PREFIX = PrefixIndex(TAG_PREFIXES)
_TAG_GLUED_RE = re.compile(r"^(?:TAGS|TAGGED|LABELS|THEMEN|TAGI)[A-Z#]", re.UNICODE)

#: Author boxes after the article.
AUTHOR_BOX_PHRASES = [
    "about the author", "about the authors", "about author", "author bio", "author profile",
    "more articles by", "read more articles by", "view all posts by", "all posts by",
    "more posts by", "more from this author", "show all articles of", "articles by",
    "über den autor", "über die autorin", "über die autoren", "zum autor", "zur autorin",
    "alle beiträge von", "alle artikel von", "mehr von", "à propos de l'auteur",
    "à propos de l’auteur", "l'auteur", "tous les articles de", "over de auteur",
    "sobre el autor", "sobre la autora", "sobre o autor", "sull'autore", "o autorze",
    "ask joe a question",
]
_AUTHOR_BOX = PrefixIndex(AUTHOR_BOX_PHRASES)

#: Words that introduce a byline.
BYLINE_PREFIXES = [
    "by", "posted by", "written by", "started by", "thread starter", "asked by", "submitted by",
    "words by", "story by", "report by", "reporting by",
    "author", "authors", "von", "geschrieben von", "verfasst von", "autor", "autorin", "autoren",
    "text", "par", "publié par", "posté par", "écrit par", "auteur", "auteurs", "door", "geschreven door",
    "gepost door", "eingestellt von", "gepostet von",
    "por", "escrito por", "di", "scritto da", "autore", "napisał", "napisała", "autorka",
    "reporter", "redakteur", "redaktion", "redactie",
]
#: Byline words that are also ordinary nouns ("Text", "Redaktion"): they count only with a colon.
BYLINE_LABELS = frozenset(["author", "authors", "autor", "autorin", "autoren", "text", "auteur", "auteurs",
                           "autore", "autorka", "reporter", "redakteur", "redaktion", "redactie"])
_BYLINE_RE = re.compile(
    r"^(?:[•·\-–—|]\s*)?(?P<word>" + _alts(BYLINE_PREFIXES) + r")\s*(?P<colon>[:：])?\s+(?P<name>\S.{0,80})$",
    re.IGNORECASE,
)
_BYLINE_BARE_RE = re.compile(r"^(?:[•·\-–—|]\s*)?(?:" + _alts(BYLINE_PREFIXES) + r")\s*[:：]?$",
                             re.IGNORECASE)


def _tag_line(low: str, first: str) -> bool:
    p = _TAG_PREFIX.match(low, first)
    return p is not None and low[len(p.rstrip(":：")):].lstrip().startswith((":", "："))


@functools.lru_cache(maxsize=32768)
def byline_name(text: str) -> str | None:
    """The name after a byline word ("By Jane Doe", "Von Jan", "Par Jean", "Autor: Jan"), or
    "" for a byline word alone on its line ("By"), or None."""
    t = text.strip()
    if len(t) > 130 or t[:1].isdigit():
        return None
    if _BYLINE_BARE_RE.match(t):
        return ""
    m = _BYLINE_RE.match(t)
    if not m or (m.group("word").casefold() in BYLINE_LABELS and not m.group("colon")):
        return None
    return m.group("name").strip()


#: Reading-time notes ("4 min read", "Lesezeit: 3 Min.", "2 min de lecture").
_READING_RE = re.compile(
    r"(?:(?:(?<=(?:19|20)\d\d)|\b)\d{1,3}\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?\.?|minuten|minutes?)\s*(?:read|reading|lesezeit|"
    r"de lecture|de leitura|de lectura|di lettura|leestijd|czytania|leer|lezen)\b|"
    r"\b(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tempo de leitura|"
    r"tiempo de lectura|tempo di lettura|leestijd|czas czytania)\s*[:：]?\s*\d+)",
    re.IGNORECASE,
)


def is_reading_time(text: str) -> bool:
    return len(text) < 80 and _READING_RE.search(text) is not None


def reading_time_span(text: str) -> tuple[int, int] | None:
    """Where a reading-time note stands in a line ("10/30/20242 min read" → the "2 min read")."""
    m = _READING_RE.search(text)
    return (m.start(), m.end()) if m else None


#: Labels before a date that is the site's, not the article's ("Today : Oct 18, 2024").
SITE_DATE_LABELS = ["today", "heute", "aujourd'hui", "aujourd’hui", "vandaag", "hoy", "oggi",
                    "hoje", "dziś", "dzisiaj", "current date", "date du jour"]
_SITE_DATE_RE = re.compile(r"^\W*(?:" + _alts(SITE_DATE_LABELS) + r")\b", re.IGNORECASE)
#: Labels of an update time, not the first publication.
UPDATED_LABELS = ["updated", "last updated", "last modified", "modified", "aktualisiert",
                  "zuletzt aktualisiert", "stand", "mis à jour", "mise à jour", "bijgewerkt",
                  "actualizado", "aggiornato", "atualizado", "zaktualizowano", "edited", "geändert"]
_UPDATED_RE = re.compile(r"\b(?:" + _alts(UPDATED_LABELS) + r")\b", re.IGNORECASE)

#: Words that may stand around a date on a dateline or comment header and carry no name.
DATE_LABEL_WORDS = frozenset("""
on at am um le la el il à a as às op om o w posted published publié publiée veröffentlicht
erstellt gepubliceerd publicado pubblicato opublikowano date datum data fecha updated
aktualisiert modified uhr h heure hrs hr et and und y e i at: on: den der die das du des de
van het the du der of jour day tag dia giorno dnia data: published: posted: date: datum: le:
mis jour stand last edited geändert bijgewerkt actualizado aggiornato atualizado publication
publikacji oryginału original originally first erstveröffentlichung ago vor il y hace há fa temu
geleden zuletzt dernière heures ora ore time zeit hora godz godz. pm am a.m. p.m. gmt utc cet
cest est edt pst pdt bst mez mesz ist ist. min. min
""".split())

#: Weekday names and abbreviations (stripped next to dates).
WEEKDAYS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
sat sun montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so
lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim maandag dinsdag
woensdag donderdag vrijdag zaterdag zondag lunes martes miércoles jueves viernes sábado domingo
lunedì martedì mercoledì giovedì venerdì sabato domenica segunda-feira terça-feira
quarta-feira quinta-feira sexta-feira segunda terça quarta quinta sexta poniedziałek wtorek
środa czwartek piątek sobota niedziela pon wt śr czw pt sob ndz
""".split())
_WEEKDAY_GLUED_RE = re.compile(
    r"(?<=[a-z0-9_\])])(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|Mo|Di|Mi|Do|Fr|Sa|So)\.?,?$"
)


def strip_glued_weekday(name: str) -> str:
    """"safiSat" → "safi": a weekday glued to a name when the page printed them without a gap."""
    return _WEEKDAY_GLUED_RE.sub("", name)


#: Image captions, credits and placeholders.
CAPTION_PREFIXES = [
    "image", "image:", "image placeholder", "image via", "image credit", "image source", "photo",
    "photo:", "photo by", "photo credit", "photos", "photograph", "photograph:", "picture",
    "pictured", "credit", "credits", "illustration", "illustration:", "source:", "via",
    "getty images", "foto", "foto:", "fotos", "bild", "bild:", "bildquelle", "quelle:",
    "crédit", "crédit photo", "crédits", "photo :", "imagem", "imagem:", "zdjęcie", "fot.",
    "afbeelding", "beeld:", "immagine", "imagen", "[photo", "(photo", "(foto", "click to enlarge",
    "bild vergrößern", "agrandir", "zoom", "enlarge", "view image", "open image", "vergrößern",
    "galerie", "gallery", "slideshow", "video:", "watch:", "listen:", "audio:", "embedded video",
    "below is a video", "watch the video", "ouvir o texto", "hören", "écouter",
    "photo courtesy", "courtesy of", "image courtesy",
]
_CAPTION = PrefixIndex(CAPTION_PREFIXES)
_CREDIT_TAIL_RE = re.compile(
    r"(?:\((?:photo|foto|image|bild|credit|afp|ap|reuters|dpa|getty)[^)]*\)|"
    r"\b(?:photo|foto|bild|image|credit)\s*:\s*\S.{0,60}|/\s*(?:getty images|afp|reuters|ap|dpa|"
    r"shutterstock|istock)\b.{0,30})\s*\.?$",
    re.IGNORECASE,
)

#: Navigation words (menus, paging, breadcrumbs).
NAV_WORDS = [
    "home", "menu", "search", "search for", "skip to content", "skip to main content",
    "skip navigation", "main menu", "navigation", "close", "open", "back", "back to top", "top",
    "next", "previous", "prev", "older", "newer", "older posts", "newer posts", "page", "pages",
    "all posts", "archives", "archive", "contact", "about", "about us", "login", "logout",
    "sign in", "register", "account", "my account", "startseite", "suche", "suchen", "zurück",
    "weiter", "nach oben", "accueil", "rechercher", "retour", "suivant", "précédent",
    "fermer", "ouvrir", "zoeken", "inicio", "buscar", "cerca", "início", "szukaj",
    "strona główna", "więcej", "meer", "mehr", "plus", "más", "altro", "mais",
    "loading...", "ładowanie...", "chargement...", "wird geladen...", "laden...",
]
_NAV = frozenset(NAV_WORDS)
_NAV_RE = re.compile(
    r"^(?:«.*|.*»|‹.*|.*›|.*\s«|»\s.*|←.*|.*→|(?:previous|next|prev|older|newer)\s+(?:story|post|article|entry|"
    r"page)\s*[:»›]?.*|pages?\s*[:]?\s*(?:\d+\s*)+.*|page \d+ of \d+|seite \d+ von \d+|"
    r"(?:home|startseite|accueil|inicio|início)\s*[»›>/|].*|skip to .*)$",
    re.IGNORECASE,
)

#: Editor's notes that stand before an article, read as its standfirst.
EDITOR_NOTE_PREFIXES = ["editor's note", "editors' note", "editors note", "editor’s note",
                        "editors’ note", "note from the editor", "anmerkung der redaktion",
                        "hinweis der redaktion", "note de la rédaction", "nda", "noot van de redactie",
                        "nota del editor", "nota de la redacción", "nota da redação",
                        "nota della redazione", "od redakcji"]
_EDITOR_NOTE_RE = re.compile(r"^(?:" + _alts(EDITOR_NOTE_PREFIXES) + r")\s*[:：]", re.IGNORECASE)


def is_editor_note(text: str) -> bool:
    return _EDITOR_NOTE_RE.match(text.strip()) is not None


#: Names that stand for anonymous commenters.
ANONYMOUS_NAMES = frozenset(
    "anonymous anon guest anonym anonyme anonymer gast invité anónimo anonimo anônimo anonimowy "
    "gość anoniem unknown".split()
)
#: Lower-case particles allowed inside personal names.
NAME_PARTICLES = frozenset(
    "von van der den de da di du del della dos das do la le les of the and y e bin ibn al el ter "
    "ten zu vom".split()
)


# --------------------------------------------------------------------------------------------
# Language of a page (for day/month order and the Article.language field)

#: Frequent function words per language, written for this project. A page's language is the
#: one whose words are most frequent among its first few thousand words.
LANGUAGE_WORDS = {
    "en": "the and of to is that for with was on are this have from but not they which were",
    "de": "der die und das ist nicht mit sich auf für den ein eine dem auch wird von sind zu",
    "fr": "le la les et des est une pour dans que qui pas sur avec sont par plus ce du",
    "nl": "de het een van en niet dat is op te zijn voor met ook maar dit wordt naar",
    "es": "el la los las de que y en es por para una con del se no al como más",
    "it": "il la che di e è per non una sono con del della gli le anche come più nel",
    "pt": "o a os as de que e em um uma para com não do da dos das é por mais",
    "pl": "i w na nie się z że do jest to o jak ale po co tak za od",
}
_LANG_SETS = {lang: frozenset(words.split()) for lang, words in LANGUAGE_WORDS.items()}
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def guess_language(text: str, *, sample: int = 3000) -> str | None:
    """The language code whose common words are most frequent in ``text`` (None when there
    are too few words to tell, or the script is not Latin)."""
    head = text[:sample]
    if not head.isascii():
        kana = len(_KANA_RE.findall(head))
        hangul = len(_HANGUL_RE.findall(head))
        han = len(_HAN_RE.findall(head))
        if hangul > 200 or kana > 200 or han > 400:
            return "ko" if hangul >= max(kana, han / 4) else "ja" if kana > 50 else "zh"
    words = _tokens_lower(head.casefold())
    if len(words) < 30:
        return None
    freq = Counter(words)
    counts = {lang: sum(freq[w] for w in vocab) for lang, vocab in _LANG_SETS.items()}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 0.05 * len(words) else None


# --------------------------------------------------------------------------------------------
# One call per line

_CODE_RE = re.compile(r"[{};]\s*$|^\s*[}\])]|\w\([^)]*\)\s*[;{]|"
                      r"\b(?:var|let|const|function|return|def|import)\s+\w|"
                      r"\w+\s*=\s*[\w\"'\[{(]|//\s|/\*|=>")

_MARKUP_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")

CATEGORIES = (
    "comment_header", "form", "action", "avatar", "teaser", "share", "newsletter", "cookie",
    "disclaimer", "tags", "author_box", "reading_time", "caption", "nav", "url", "markup",
)
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$|^[\w.-]+\.(?:com|org|net|de|fr|nl|pl|uk|io|info|"
                     r"es|it|pt|br|eu|ch|at|be)(?:/\S*)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=32768)
def is_action(text: str) -> bool:
    """True for a line made only of comment action links and counts ("Reply", "Like · 3",
    "Reply ↓", "4 0 Flag as Offensive", "#12")."""
    t = text.strip()
    if not t or len(t) > 80:
        return False
    n = norm(t)
    if n in _ACTIONS or (not n and any(ch in t for ch in "▲▼↑↓👍👎#")):
        return True
    parts = [p for p in _ACTION_SPLIT_RE.split(t) if p]
    if len(parts) == 1:
        parts = t.split()
        if len(parts) > 6:
            return False
    ok = 0
    for p in parts:
        pn = norm(p)
        if not pn and not any(ch in p for ch in "▲▼↑↓👍👎♥❤★☆"):
            continue  # a separator glyph: neither an action nor content
        if pn in _ACTIONS or _COUNT_TOKEN_RE.match(p.strip()):
            ok += 1
        elif " " in p.strip() and all(norm(w) in _ACTIONS or _COUNT_TOKEN_RE.match(w) or not norm(w)
                                      for w in p.split()):
            ok += 1  # "Like (4)", "Reply 2"
        else:
            return False
    return ok > 0


_TEASER = PrefixIndex(TEASER_HEADERS)


def _teaser_split(nt: str) -> tuple[str, str] | None:
    toks = _TOKEN_RE.findall(nt)
    first = toks[0] if toks else ""
    head = _TEASER.match(nt, first)
    if head is None:
        return None
    return head, nt[len(head):]


def _is_teaser_header(nt: str) -> bool:
    split = _teaser_split(nt)
    if split is None:
        return False
    if nt.endswith((".", "!", "?")) and len(nt.split()) > 3:
        return False  # a sentence ("More on this at the bottom.")
    head, raw_rest = split
    rest = raw_rest.strip(" :()0123456789")
    if raw_rest.lstrip().startswith(":") and 0 < len(rest.split()) <= 12:
        return True  # "Read more: Ten walks for a rainy afternoon", a link to another story
    if head in _TEASER_WITH_TOPIC:
        return 0 < len(rest.split()) <= 5
    if " " not in head:
        return not rest
    return len(rest.split()) <= 3 and not rest.startswith(("'", "-"))


def is_teaser_header(text: str) -> bool:
    """A header of a block of other articles ("Related", "You May Also Like", "Lesen Sie auch")."""
    return len(text) <= 120 and _is_teaser_header(norm(text))


def teaser_link(text: str) -> bool:
    """A teaser header followed by one linked headline on the same line ("Read more: Cash is
    back"): a single link inside an article, not the start of a block."""
    split = _teaser_split(norm(text))
    return split is not None and bool(split[1].strip(" :()0123456789")) and split[0] not in _TEASER_WITH_TOPIC


#: The "Reply" link itself, which closes a comment on most systems.
REPLY_ACTIONS = frozenset(["reply", "reply ↓", "antworten", "répondre", "reageer", "reageren",
                           "beantwoorden", "responder", "rispondi", "odpowiedz", "responder",
                           "log in to reply", "login to reply", "reply to this comment"])


def is_reply_action(text: str) -> bool:
    """True for a line that is (or ends with) a comment's "Reply" link."""
    n = norm(text)
    if n in REPLY_ACTIONS:
        return True
    parts = [norm(p) for p in _ACTION_SPLIT_RE.split(text.strip()) if norm(p)]
    return bool(parts) and is_action(text) and any(p in REPLY_ACTIONS for p in parts)


def is_action_word(word: str) -> bool:
    """One word (or count) of the action links, without the line-level parsing."""
    w = word.strip()
    if w.casefold().strip(_EDGE_PUNCT) in _ACTIONS:
        return True
    return w[:1].isdigit() and _COUNT_TOKEN_RE.match(w) is not None


def is_share_line(text: str) -> bool:
    """A line of share links ("Facebook Twitter WhatsApp", "Share: Twitter | Facebook")."""
    t = text.strip()
    if not t or len(t) > 120:
        return False
    n = norm(t)
    if n in _SHARE:
        return True
    parts = [p for p in re.split(r"\s*[|·•/,]\s*|\s+", t) if p.strip(":")]
    if len(parts) < 2:
        return False
    known = 0
    for p in parts:
        pn = norm(p)
        if pn in _SHARE or pn + ":" in _SHARE or not pn:
            known += 1
    return known >= max(2, int(0.8 * len(parts)))


# Gates: the words a line must contain before the regexes of a category are tried.
_FORM_FIRST = _first_tokens(FORM_PHRASES)
_LOGIN_GATE = frozenset(["sign", "log", "logged", "login", "register", "anmelden", "registrieren",
                         "einloggen",
                         "se", "connexion", "s'inscrire", "inloggen", "registreren", "iniciar",
                         "regístrate", "accedi", "registrati", "entrar", "cadastre-se", "zaloguj",
                         "zarejestruj"])
_ACTION_TOKENS = _all_tokens(ACTION_WORDS)
_SHARE_TOKENS = _all_tokens(SHARE_WORDS)
_TAG_FIRST = _first_tokens(TAG_PREFIXES)
_AUTHOR_BOX_FIRST = _first_tokens(AUTHOR_BOX_PHRASES)
_TEASER_FIRST = _first_tokens(TEASER_HEADERS)
_NAV_FIRST = frozenset(["previous", "next", "prev", "older", "newer", "page", "pages", "seite", "home",
                        "startseite", "accueil", "inicio", "início", "skip"])
_CAPTION_FIRST = _first_tokens(CAPTION_PREFIXES) | {"photo", "foto", "image"}
_COOKIE_TOKENS = _all_tokens(COOKIE_WORDS)
_FOLLOW_GATE = frozenset(["follow", "folge", "folgen", "suivez", "volg", "sigue", "segui", "siga"])
# Words too common to gate on ("get", "in", "all"): the other words of the phrases do it.
_COMMON = frozenset("a an the in on to of for by up our us your you now today via is are do does not all "
                    "this that with get like de la le les des du der die das den von und et y e o i w "
                    "z na se em um uma una un une il el".split())
_NEWSLETTER_GATE = _all_tokens(NEWSLETTER_PHRASES) - _COMMON
_DISCLAIMER_GATE = (_all_tokens(DISCLAIMER_PHRASES) | _all_tokens(DISCLAIMER_OPENERS)) - _COMMON
_CREDIT_GATE = frozenset(["photo", "foto", "image", "bild", "credit", "afp", "ap", "reuters", "dpa", "getty",
                          "shutterstock", "istock"])
_READING_GATE = frozenset(["min", "mins", "minute", "minutes", "minuten", "lesezeit", "lesedauer", "temps",
                           "tempo", "tiempo", "leestijd", "czas", "read", "reading"])
_AVATAR_GATE = frozenset(["avatar", "profile", "profilbild", "benutzerbild", "photo", "foto", "user",
                          "awatar", "gravatar"])
_CODE_CHARS = frozenset("{};=")


def line_cue(text: str) -> str | None:
    """The furniture category of one line (see :data:`CATEGORIES`), or None for content."""
    return classify(text)[0]


def classify(text: str) -> tuple[str | None, Header | None, str, frozenset[str]]:
    """One pass over a line: its furniture category, the comment header it may be, its
    normalised text (:func:`norm`) and its word tokens (empty for long lines). Short lines are
    cached: pages repeat their link words many times."""
    if len(text) <= 160:
        return _classify_cached(text)
    return _classify(text)


@functools.lru_cache(maxsize=32768)
def _classify_cached(text: str) -> tuple[str | None, Header | None, str, frozenset[str]]:
    return _classify(text)


_NO_TOKENS: frozenset[str] = frozenset()


def _classify(text: str) -> tuple[str | None, Header | None, str, frozenset[str]]:
    t = text.strip()
    if not t:
        return None, None, "", _NO_TOKENS
    n = len(t)
    low = t.casefold()
    if "  " in t or "\u00a0" in t:
        nt = norm(t)
    else:
        nt = low.translate(_TRANSLATE).strip(_EDGE_PUNCT)
    if n > 240:
        # A long line is content unless it is a notice; no need to read its words one by one.
        if "<" in t and len(_MARKUP_RE.findall(t[:2000])) >= 2:
            return "markup", None, nt, _NO_TOKENS
        notice = "cookie" in low or "consent" in low or "einwillig" in low
        if n < 700 and notice and _CONSENT_RE.search(low):
            return "cookie", None, nt, _NO_TOKENS
        return None, None, nt, _NO_TOKENS
    if n > 160:
        return _long_category(t, n, nt, low), (comment_header(t) if t[:1].isdigit() else None), nt, _NO_TOKENS
    toks = _tokens_lower(low)
    wset = frozenset(toks)
    h = None
    if n <= 200 and (not _HEADER_GATE.isdisjoint(wset) or (t[:1].isdigit() and t.endswith(":"))):
        h = comment_header(t)
    return _category(t, n, nt, h, low, toks, wset), h, nt, wset


_FOLLOW_WORDS = ("follow", "folge", "suivez", "volg", "sigue", "segui", "siga")
_CREDIT_WORDS = ("photo", "foto", "image", "bild", "credit", "afp", "reuters", "getty", "dpa",
                 "shutterstock", "istock", "/")


def _long_category(t: str, n: int, nt: str, low: str) -> str | None:
    """The few categories a line of 160–240 characters can have, by substring tests (a sentence
    this long is never a link, a menu item or a header)."""
    if "<" in t and len(_MARKUP_RE.findall(t)) >= 2:
        return "markup"
    if ("{" in t or ";" in t or "=" in t or "}" in t) and _CODE_RE.search(t):
        return None
    if ("cookie" in low or "consent" in low or "einwillig" in low) and _CONSENT_RE.search(low):
        return "cookie"
    if any(w in low for w in _FOLLOW_WORDS) and _FOLLOW_RE.search(t):
        return "newsletter"
    if _is_disclaimer(t, nt, t.count(" ") + 1):
        return "disclaimer"
    if n < 200 and any(w in low for w in _CREDIT_WORDS) and _CREDIT_TAIL_RE.search(t):
        return "caption"
    return None


def _category(t: str, n: int, nt: str, h: Header | None, low: str, toks: list[str],
              wset: frozenset[str]) -> str | None:
    if "<" in t and len(_MARKUP_RE.findall(t[:2000])) >= 2:
        return "markup"  # HTML source printed as text (a noscript warning, a tracking pixel)
    if n > 240:
        # Only long notices are worth a look at this length.
        if wset & _COOKIE_TOKENS and _CONSENT_RE.search(low) and n < 700:
            return "cookie"
        return None
    if ("." in t or "/" in t) and " " not in t and _URL_RE.match(t):
        return "url"
    if not _CODE_CHARS.isdisjoint(t) and _CODE_RE.search(t):
        return None  # a line of program code: content, whatever words it contains
    first = toks[0] if toks else ""
    words = len(toks)
    if n <= 120 and words <= 14:
        if h is not None and h.strength == 2:
            return "comment_header"
        if nt in _FORM or (first in _FORM_FIRST and _FORM_PREFIX.match(nt, first)):
            return "form"
        if nt in REPLY_ACTIONS:
            return "action"
        if words <= 10 and wset & _LOGIN_GATE and _LOGIN_RE.search(t) and not t.endswith("?"):
            return "form"
        if words <= 8 and all(tok in _ACTION_TOKENS or tok.isdigit() for tok in toks) and is_action(t):
            return "action"
        if wset & _AVATAR_GATE or "'s " in low:
            if _AVATAR_RE.match(nt):
                return "avatar"
        if words and sum(1 for tok in toks if tok in _SHARE_TOKENS) * 5 >= 3 * words and is_share_line(t):
            return "share"
        if (first in _TAG_FIRST and _tag_line(low, first)) or (t[:1] in "TLt" and _TAG_GLUED_RE.match(t)):
            return "tags"
        if wset & _READING_GATE and is_reading_time(t):
            return "reading_time"
        if first in _AUTHOR_BOX_FIRST and _AUTHOR_BOX.match(nt, first):
            return "author_box"
        if nt in _NAV or ((first in _NAV_FIRST or _NAV_CHARS.intersection(t)) and _NAV_RE.match(t)):
            return "nav"
        if (first in _TEASER_FIRST or not first.isascii()) and _is_teaser_header(nt) \
                and not (t.rstrip("*").endswith((".", "!", "?")) and words > 3):
            return "teaser"
        if words <= 12 and (_CAPTION.match(low, first) or (t[:1] in "[(" and _CAPTION.match(low[1:], first))):
            return "caption"
    if wset & _COOKIE_TOKENS and _CONSENT_RE.search(low):
        return "cookie"
    if wset & _FOLLOW_GATE and _FOLLOW_RE.search(t):
        return "newsletter"
    if n <= 160 and not t.endswith("?") and not _NEWSLETTER_GATE.isdisjoint(wset):
        m = _NEWSLETTER_RE.search(t)
        if m and (words <= 12 or m.start() == 0):
            return "newsletter"
    if (not _DISCLAIMER_GATE.isdisjoint(wset) or "©" in t or (words <= 4 and nt in _DISCLAIMER_LINES)) \
            and _is_disclaimer(t, nt, words):
        return "disclaimer"
    if n < 200 and (wset & _CREDIT_GATE or "/" in t) and _CREDIT_TAIL_RE.search(t):
        return "caption"
    return None


_NAV_CHARS = frozenset("«»‹›←→")
_FURNITURE_WORDS = _FORM | _ACTIONS | _NAV | _SHARE


def is_furniture_word(text: str) -> bool:
    """A line that is one of the known link words (a cheap stand-in for :func:`line_cue`)."""
    return norm(text) in _FURNITURE_WORDS


def is_site_date_label(text: str) -> bool:
    return _SITE_DATE_RE.match(text) is not None


def is_updated_label(text: str) -> bool:
    return _UPDATED_RE.search(text) is not None
