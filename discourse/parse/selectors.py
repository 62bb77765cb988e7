"""Where things are on an HTML page, as data: comment systems tried from specific to generic,
hints for each comment's author, time and text, action links, furniture around the article body,
and the phrases pages use to declare their comment count.

Everything here is data read by short loops in ``htmlcomments.py``, ``htmlbody.py`` and
``htmlmeta.py``. Selectors are CSS (cssselect); patterns are regular expressions matched against
lower-cased id/class strings or element text. Word lists cover English, German, French, Dutch,
Spanish, Italian, Portuguese and Polish comment UIs; add words here, not in the loops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------
# Comment systems
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentSystem:
    """One way pages mark up their reader comments.

    Attributes:
        name: stable name, reported in ``Comment.meta["system"]``.
        region: CSS selector of the element(s) holding the comment list.
        item: CSS selector of one comment inside the region; ``"dl-pairs"`` reads ``dt``/``dd``
            sibling pairs (Blogger classic); empty means "detect items generically".
        author, time, text: CSS selectors tried before the generic hints below.
    """

    name: str
    region: str
    item: str = ""
    author: tuple[str, ...] = ()
    time: tuple[str, ...] = ()
    text: tuple[str, ...] = ()


#: Tried in order; the first system whose region holds comments wins.
COMMENT_SYSTEMS: tuple[CommentSystem, ...] = (
    CommentSystem(
        "blogger-classic",
        "dl#comments-block",
        "dl-pairs",
        author=("dt a[rel~=nofollow]:not(.avatar-hovercard)", "dt a:not(.avatar-hovercard)", "dt"),
        time=(".comment-timestamp a", ".comment-timestamp"),
        text=("dd.comment-body", "dd"),
    ),
    CommentSystem(
        "blogger",
        ".comments .comment-thread, #comments .comment-thread",
        "li.comment",
        author=(".comment-block .user a", ".comment-block .user", ".user"),
        time=(".datetime a", ".datetime"),
        text=(".comment-content",),
    ),
    CommentSystem(
        "disqus-noscript",
        "#dsq-comments, ul.dsq-comments",
        "li[id^='dsq-comment-']",
        author=(".dsq-comment-header cite", "cite", ".dsq-comment-header"),
        time=(".dsq-comment-meta a", ".dsq-comment-meta"),
        text=(".dsq-comment-message", ".dsq-comment-body"),
    ),
    CommentSystem(
        "disqus-embed",
        "#post-list, ul.post-list",
        "li.post",
        author=(".post-byline .author a", ".post-byline .author", ".author"),
        time=("a.time-ago", ".post-meta time", ".post-meta"),
        text=(".post-message", ".post-body"),
    ),
    CommentSystem(
        "wordpress",
        "ol.commentlist, ul.commentlist, div.commentlist, ol.comment-list, ul.comment-list, "
        "div.comment-list, ol.comments-list, ul.comments-list, #commentlist, #commentList, "
        "#comments-list, ol.comments",
    ),
    CommentSystem(
        "microdata",
        "[itemtype$='schema.org/Comment'], [itemtype$='schema.org/Comment/']",
        "[itemtype$='schema.org/Comment'], [itemtype$='schema.org/Comment/']",
        author=(
            "[itemprop=author] [itemprop=name]",
            "[itemprop=creator] [itemprop=name]",
            "[itemprop=author]",
            "[itemprop=creator]",
        ),
        time=("[itemprop=dateCreated]", "[itemprop=datePublished]", "[itemprop=commentTime]"),
        text=("[itemprop=text]", "[itemprop=commentText]", "[itemprop=description]"),
    ),
    CommentSystem(
        "phpbb",
        "#page-body, .forumbg, .topic, #posts, .posts, .thread",
        "div.post.bg1, div.post.bg2, div.post[id^='p'], li.postcontainer, li.postbit, "
        "div[id^='post_message_'], article.post, div.postbit, .message[data-author], "
        "article.message, .topic-post",
        author=(
            ".postprofile dt a.username",
            ".postprofile .username",
            ".author strong a",
            ".author strong",
            "a.username",
            ".username",
            ".postauthor",
            ".popupmenu .username",
            ".message-name",
            "[data-author]",
            ".names .username",
            ".author",
        ),
        time=(".author time", "time", ".postdate", ".date", ".author"),
        text=(
            ".postbody .content",
            ".postbody",
            ".post-content",
            ".postcontent",
            ".message-body",
            ".bbWrapper",
            ".cooked",
            ".content",
        ),
    ),
    CommentSystem("generic", ""),
)

#: id/class words that mark a generic comment region (matched against lower-cased id + class).
REGION_RE = re.compile(
    r"comment|kommentar|commentaire|reactie|reaction|respons|discussion|disqus|dsq-|replies|"
    r"talkback|leserbrief|opinion|feedback|guestbook|forum|thread|lesermeinung|reacties|"
    r"komentarz|comentario"
)
#: Regions that list other articles' comments, forms, counts and live blogs: never a thread.
REGION_EXCLUDE_RE = re.compile(
    r"recent|latest|popular|most[-_]?(?:commented|read|discussed)|top[-_]?comments|widget|"
    r"sidebar|teaser|related|comment[-_]?(?:form|respond|count|link|rss|feed|policy|rules|"
    r"guidelines|closed|button|icon|number|nav|pagination|subscribe)|respond|reply[-_]?form|"
    r"no-?comments|live[-_]?(?:blog|update|post|ticker|feed|event)|liveblog|timeline|"
    r"newsletter|login|signin|share"
)
#: Ancestors that put a region out of the article's discussion (sidebars, footers, widgets).
#: Matched per id/class token: "sidebar-left" is a sidebar, "has-sidebar" (a layout) is not.
REGION_ANCESTOR_EXCLUDE_RE = re.compile(
    r"^(?:sidebar|aside|secondary|widget-area|recent[-_]?comments|recentcomments|teasers?|"
    r"related|related-posts|liveblog|live-blog|live-ticker)(?:[-_].*)?$"
)
#: Ancestors that exclude a region only when they do not also hold the article (Blogger puts
#: the whole post in a "widget Blog"; sidebars are widgets too).
REGION_ANCESTOR_WEAK_RE = re.compile(r"^(?:widget|widgets|footer|site-footer)(?:[-_].*)?$")
#: What marks the article itself inside an ancestor.
ARTICLE_MARKERS = "h1, [itemprop=articleBody], .post-body, .entry-content, .article-body, .post-content"
REGION_EXCLUDE_TAGS = frozenset({"aside", "nav", "footer", "form", "header"})

#: Element ids that mark one comment ("comment-123", "li-comment-5", "dsq-comment-9", "r_20279888").
ITEM_ID_RE = re.compile(
    r"^(?:li-|div-)?(?:comment|comments|cmt|reply|reaction|reactie|dsq-comment|msg|message|"
    r"post|p|c|r|kommentar|commentaire)[-_]?[0-9a-f]{1,40}$"
)
#: Class tokens that mark one comment.
ITEM_CLASS_TOKENS = frozenset(
    {
        "comment",
        "reactie",
        "reaction",
        "dsq-comment",
        "comment-item",
        "commentitem",
        "comment-wrapper",
        "comment-container",
        "single-comment",
        "comment-entry",
        "commententry",
        "kommentar",
        "commentaire",
        "comment-thread-item",
        "js-comment",
        "c-comment",
        "comment_item",
        "comment-row",
        "usercomment",
        "comment-node",
        "comment-wrap",
    }
)
#: Attributes whose presence marks one comment.
ITEM_ATTRS = ("data-comment-id", "data-commentid", "data-reaction-id", "data-cid", "data-comment")
#: Class tokens of things that are parts of a comment, never a whole one.
ITEM_PART_RE = re.compile(
    r"^(?:comment|comments)[-_](?:body|content|text|author|meta|metadata|date|time|footer|"
    r"header|avatar|reply|actions|tools|vote|votes|like|likes|link|edit|awaiting|form|title|"
    r"count|list)$"
)

# ---------------------------------------------------------------------------------------------
# Fields of one comment (generic hints, tried after a system's own selectors)
# ---------------------------------------------------------------------------------------------

AUTHOR_HINTS: tuple[str, ...] = (
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    "[itemprop=creator]",
    ".comment-author .fn",
    ".comment-author cite",
    ".vcard .fn",
    "cite.fn",
    ".fn",
    ".comment-author-name",
    ".comment_author",
    ".comment-author",
    ".commentauthor",
    ".author-name",
    ".authorName",
    ".author_name",
    ".userName",
    ".username",
    ".user-name",
    ".user_name",
    ".user-link",
    ".userLink",
    ".nickname",
    ".nick",
    ".commenter",
    ".poster",
    ".name",
    ".author",
    ".user",
    ".autor",
    ".auteur",
    ".nutzer",
    ".benutzer",
    ".pseudo",
    ".nom",
    ".naam",
    ".gebruiker",
    ".usuario",
    ".utente",
    ".uzytkownik",
    "a.url[rel~=external]",
    "cite",
    "strong",
    "b",
)
TIME_HINTS: tuple[str, ...] = (
    "time[datetime]",
    "[itemprop=dateCreated]",
    "[itemprop=datePublished]",
    "abbr[title]",
    "[data-timestamp]",
    "[data-time]",
    "[data-utime]",
    "[data-date]",
    ".comment-date",
    ".comment_date",
    ".commentdate",
    ".comment-time",
    ".comment-timestamp",
    ".comment-metadata",
    ".commentmetadata",
    ".comment-meta",
    ".comment-info",
    ".date",
    ".time",
    ".timestamp",
    ".datetime",
    ".published",
    ".posted",
    ".datum",
    ".zeit",
    ".heure",
    ".fecha",
    ".data",
    ".datum-tijd",
    ".meta",
    "a.comment-link",
    "a[href*='#comment']",
    "small",
)
TEXT_HINTS: tuple[str, ...] = (
    "[itemprop=text]",
    "[itemprop=commentText]",
    ".comment-content",
    ".comment_content",
    ".commentcontent",
    ".comment-text",
    ".comment_text_body",
    ".comment-body",
    ".comment_body",
    ".commentbody",
    ".reactieContent",
    ".reaction-content",
    ".comment-message",
    ".message-body",
    ".message",
    ".comment-entry",
    ".text",
    ".content",
    "blockquote.entry-content",
    ".entry-content",
    ".comment_text",
    ".kommentartext",
    ".kommentar-text",
    ".texte",
    ".commentaire-texte",
    ".reactie-tekst",
    ".tekst",
    ".texto",
    ".testo",
    ".body",
)
#: Attributes that carry machine times, read before any text.
TIME_ATTRS = ("datetime", "content", "data-timestamp", "data-time", "data-utime", "data-date", "title")

#: Elements inside a comment that are never its text: avatars, actions, votes, forms, scripts.
ITEM_DROP_RE = re.compile(
    r"(?:^|[\s_-])(?:reply|replies-link|reply-link|comment-reply-link|reply-button|actions?|"
    r"tools|toolbar|vote|votes|voting|rating|ratings|ratings-area|like|likes|report|flag|share|"
    r"sharing|permalink|edit-link|comment-edit-link|avatar|avatar-image-container|thumb|"
    r"usericonsmall|reactieFooter|reactiefooter|comment-footer-actions|item-control|"
    r"comment-awaiting-moderation|offensive-link|strikecount|explanation|screen-reader-text|"
    r"sr-only|visually-hidden|loginLink|loginlink|moderation-button|comment-subscribe)(?:$|[\s_-])",
)
ITEM_DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "img",
        "svg",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "picture",
    }
)

#: Whole-element texts that are action links, not comment text (matched case-insensitively).
ACTION_WORDS: frozenset[str] = frozenset(
    w.strip()
    for w in """
    reply|replies|reply to this|reply to this comment|reply ↓|↓ reply|like|likes|unlike|dislike|
    report|report abuse|report comment|flag|flag as inappropriate|flag as offensive|share|
    permalink|link|quote|edit|delete|hide|collapse|expand|show more|show less|read more|
    more|load more|vote up|vote down|upvote|downvote|helpful|not helpful|recommend|
    log in to reply|login to reply|sign in to reply|write a comment|profile|view profile|
    antworten|antwort|melden|gefällt mir|teilen|zitieren|bearbeiten|löschen|empfehlen|
    répondre|signaler|j'aime|partager|citer|modifier|supprimer|
    reageer|reageren|beantwoorden|rapporteer|delen|citeer|
    responder|denunciar|compartir|citar|me gusta|
    rispondi|segnala|condividi|cita|mi piace|
    odpowiedz|zgłoś|udostępnij|cytuj|lubię to|
    translate|übersetzen|traduire
    """.replace("\n", "").split("|")
    if w.strip()
)
ACTION_RE = re.compile(
    r"^\s*(?:[↓↑↩⤷»›•·|]\s*)?(?:"
    + "|".join(re.escape(w) for w in sorted(ACTION_WORDS, key=len, reverse=True))
    + r")\s*(?:[↓↑↩⤷»›]\s*)?(?:\(\d+\)|\d+)?\s*$",
    re.IGNORECASE,
)
#: A vote count or score standing alone ("12", "+3", "-1", "▲ 4").
COUNT_ONLY_RE = re.compile(r"^\s*[▲▼↑↓+\-−]?\s*\d{1,6}\s*[▲▼↑↓]?\s*$")

#: Header phrases around an author name: "X says:", "X said...", "X wrote on DATE:",
#: "X schreibt:", "X a écrit :", "X pisze...", "on DATE said:". Removed from author and text.
SAYS_RE = re.compile(
    r"(?:^|\s+)(?:(?:(?:on|am|le|op|el|il|em|at)\s+.{0,60}?\s+)?(?:says|said|wrote|writes|replied|responded|commented|schreibt|schrieb|sagt|"
    r"meint|antwortet|kommentiert|a écrit|écrit|dit|a dit|a répondu|zegt|schreef|reageerde|"
    r"escribió|dice|dijo|scrive|ha scritto|disse|escreveu|pisze|napisał|napisała)\b"
    r"(?:\s+(?:on|am|le|op|el|il|em|at|um)\b.*?)?\s*[:：.…]*|(?:posted|published|geschrieben)"
    r"\b\s*:?.*)\s*$",
    re.IGNORECASE,
)
#: The bare say-verb, to tell a header line from a sentence.
SAYS_WORD_RE = re.compile(
    r"\b(?:says|said|wrote|writes|schreibt|schrieb|sagt|meint|a écrit|écrit|a dit|zegt|schreef|"
    r"escribió|dice|dijo|scrive|disse|escreveu|pisze|napisał|napisała)\b\s*(?:[:.…]|$)",
    re.IGNORECASE,
)
#: Prefixes before an author name ("By", "Von", "Par", "Door", "Posted by", "Kommentar von").
AUTHOR_PREFIX_RE = re.compile(
    r"^\s*(?:posted by|comment by|kommentar von|commentaire de|written by|by|von|par|door|por|"
    r"di|od|from)\s*:?\s+",
    re.IGNORECASE,
)
#: "In reply to X", "@X", "Antwort an X", "Réponse à X": a reply marker in a comment's header.
REPLY_TO_RE = re.compile(
    r"^\s*(?:in reply to|reply to|replying to|antwort an|antwort auf|als antwort auf|"
    r"réponse à|en réponse à|reactie op|en respuesta a|in risposta a|em resposta a|"
    r"odpowiedź do|@)\s*:?\s*(?P<name>[^\n,:]{1,60})",
    re.IGNORECASE,
)
#: Quotes of other comments inside a comment ("X wrote:", "Zitat von X", "X a écrit :").
QUOTE_SELECTORS: tuple[str, ...] = (
    "blockquote",
    ".quote",
    ".bbcode_quote",
    ".bbCodeQuote",
    ".quotecontent",
    ".quoted",
    "q.comment-quote",
    ".comment-quote",
    ".reply-quote",
)
QUOTE_AUTHOR_RE = re.compile(
    r"^\s*(?:quote|zitat|citation|cita|citação|cytat)?\s*(?:from|von|de|van|od)?\s*:?\s*"
    r"(?P<name>[^\n:]{1,60}?)\s+(?:wrote|said|schrieb|a écrit|écrit|schreef|escribió|scrive|"
    r"escreveu|napisał|napisała|pisze)\s*:?\s*$",
    re.IGNORECASE,
)
#: Notes a site adds inside a comment ("[Edited by X on DATE]", "Last edited by …").
EDIT_NOTE_RE = re.compile(
    r"^\s*\[?(?:reactie gewijzigd door|edited by|last edited by|zuletzt bearbeitet|"
    r"bearbeitet von|modifié par|editado por|modificato da|edytowany przez)\b.*$",
    re.IGNORECASE,
)

#: "16 Comments", "Comments (3)", "3 thoughts on …", "Reacties (29)", "4 Kommentare",
#: "7 Comment Responses to …", "16 Responses to …", "2 réponses à …".
COUNT_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\W*(?P<n>\d{1,6})\s+(?:reader\s+)?(?:comments?|comment responses|responses?|"
        r"replies|reply|thoughts|reactions?|opinions?|kommentare?|leserkommentare?|"
        r"antworten|commentaires?|réponses?|reacties|reactie|comentarios?|respuestas?|"
        r"commenti|commento|risposte|comentários?|komentarz[ey]?|komentarzy|odpowiedzi)\b",
        r"^\W*(?:comments?|responses?|replies|reactions?|kommentare?|leserkommentare?|antworten|"
        r"commentaires?|réponses?|reacties|comentarios?|commenti|comentários?|komentarze|"
        r"odpowiedzi|discussion|diskussion)\s*[(\[:]?\s*(?P<n>\d{1,6})\s*[)\]]?\s*$",
        r"^\W*(?P<n>\d{1,6})\s+\w+\s+(?:comments?|responses?|kommentare?|commentaires?|"
        r"reacties)\b",
        r"^\W*(?:one|a single)\s+(?P<one>comments?|response|reply|thought|kommentar|"
        r"commentaire|reactie)\b",
        r"^\W*(?:ein|un|une|een|jeden)\s+(?P<one>kommentar|commentaire|reactie|komentarz)\b",
    )
)
#: Where a declared count is looked for: headings and count elements near the thread.
COUNT_ELEMENT_RE = re.compile(
    r"comments?[-_]?(?:title|count|number|header|heading|headline)|count|reactioncount|"
    r"responses|comments-head"
)
#: "No comments", "Keine Kommentare", "Aucun commentaire", "Geen reacties": a declared zero.
NO_COMMENTS_RE = re.compile(
    r"^\W*(?:no comments?|no responses|be the first to comment|keine kommentare|"
    r"noch keine kommentare|aucun commentaire|pas de commentaire|geen reacties|"
    r"sin comentarios|nessun commento|sem comentários|brak komentarzy)\W*$",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Article body
# ---------------------------------------------------------------------------------------------

#: Containers that usually hold exactly the article text, most specific first.
BODY_SELECTORS: tuple[str, ...] = (
    "[itemprop=articleBody]",
    "[itemprop=blogPost] [itemprop=articleBody]",
    ".article-body",
    ".article__body",
    ".articleBody",
    ".article-content",
    ".article__content",
    ".article-text",
    ".articletext",
    ".story-body",
    ".story-content",
    ".story__body",
    ".entry-content",
    ".post-content",
    ".post-body",
    ".post-entry",
    ".postbody",
    ".single-content",
    ".content-body",
    ".news-body",
    ".text-content",
    ".field-name-body",
    ".c-article-body",
    ".td-post-content",
    ".blog-post-body",
    ".entry-body",
    ".post-text",
    ".articleContent",
    ".articlebody",
    "#article-body",
    "#articleBody",
    "#story-body",
    ".entry",
    "article",
    "main",
    "[role=main]",
)
#: Class/id tokens of furniture inside or around the body (matched per token, lower-cased).
FURNITURE_RE = re.compile(
    r"^(?:.*[-_])?(?:share|sharing|sharebar|social|socials|sociable|addthis|shariff|"
    r"related|relatedposts|rp4wp|yarpp|jp-relatedposts|recommended|recirc|more-stories|"
    r"newsletter|subscribe|subscription|signup|promo|promotion|advert|advertisement|ads|ad|"
    r"adsense|sponsor|sponsored|banner|cookie|cookies|consent|gdpr|paywall|sidebar|widget|"
    r"breadcrumb|breadcrumbs|tags|tag-list|taglist|tagcloud|categories|category|cat-links|"
    r"tag-links|byline|author-box|authorbox|author-bio|author-info|about-author|authorinfo|"
    r"post-author|entry-author|bio|postmeta|post-meta|entry-meta|article-meta|meta|metadata|"
    r"dateline|timestamp|navigation|nav|pagination|pager|post-nav|postnav|nextprev|"
    r"prev-next|footer|caption|wp-caption-text|credit|credits|copyright|rating|ratings|"
    r"toolbar|print|menu|popup|modal|overlay|skip|outbrain|taboola|ob-widget|trending|"
    r"most-read|mostread|popular|comments|comment|disqus|respond|greet|greet_block|"
    r"wp-greet-box|audio-player|font-size|fontsize|hidden|visually-hidden|screen-reader-text|"
    r"sr-only|print-only|noprint|read-more|readmore|see-also|also-read|inline-related|"
    r"teaser|teasers|embed-related|gallery-related|video-related|follow|donate|support-us)$"
)
#: Tags that are never body text.
BODY_DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "nav",
        "aside",
        "footer",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "video",
        "audio",
        "figcaption",
        "label",
        "dialog",
        "menu",
    }
)
#: Block-level tags: each starts a new paragraph when linearising the body.
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "hr",
        "address",
        "center",
        "details",
        "summary",
        "caption",
    }
)
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})

#: Leading body lines that are metadata, not text (bylines, dates, reading times, credits).
LEADING_FURNITURE_RE = re.compile(
    r"^(?:by\s|von\s|par\s|door\s|posted\s|published\s|updated\s|veröffentlicht|aktualisiert|"
    r"publié|mis à jour|photo\b|foto\b|image\b|bild\b|credit\b|source:|quelle:|\d+\s*min(?:ute)?s?\s+read|"
    r"lesezeit|temps de lecture|advertisement|anzeige|publicité|listen\b|hören\b|écouter\b)",
    re.IGNORECASE,
)
#: Trailing body lines that start the page's furniture (tags, share bars, sign-ups, bios).
TRAILING_FURNITURE_RE = re.compile(
    r"^(?:tags?\s*:|filed under|posted in|categories\s*:|category\s*:|share this|share on|"
    r"related\b|read more\b|read also|see also|more from|next story|previous story|"
    r"about the author|schlagwörter|themen\s*:|mehr zum thema|weiterlesen|lesen sie auch|"
    r"teilen\b|mots-clés|à lire aussi|lire aussi|partager|voir aussi|gerelateerd|"
    r"lees ook|\[?photo\s*:|\[?image\s*:|\[?foto\s*:|copyright\b|©|all rights reserved|"
    r"subscribe\b|sign up\b|newsletter\b|follow us|folgen sie|suivez-nous|"
    r"this (?:article|post|story) (?:was|has been) (?:edited|updated|corrected))",
    re.IGNORECASE,
)
#: A line made of dashes, rules or asterisks: a separator before footnotes or bios.
SEPARATOR_RE = re.compile(r"^[\s\-–—_=*~·•]{3,}$")

# ---------------------------------------------------------------------------------------------
# Article metadata
# ---------------------------------------------------------------------------------------------

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "techarticle",
        "scholarlyarticle",
        "socialmediaposting",
        "discussionforumposting",
        "report",
        "webpage",
        "liveblogposting",
        "posting",
        "creativework",
        "medicalscholarlyarticle",
    }
)
BYLINE_SELECTORS: tuple[str, ...] = (
    "[itemprop=author] [itemprop=name]",
    "[rel=author]",
    ".byline .author",
    ".byline a",
    ".author-name",
    ".byline",
    ".author .fn",
    ".entry-author .fn",
    ".post-author .fn",
    ".vcard .fn",
    ".author",
)
STANDFIRST_SELECTORS: tuple[str, ...] = (
    "[itemprop=description]",
    ".standfirst",
    ".article-standfirst",
    ".dek",
    ".article-dek",
    ".subheadline",
    ".sub-headline",
    ".subtitle",
    ".article-subtitle",
    ".lead",
    ".article-lead",
    ".lede",
    ".intro",
    ".article-intro",
    ".teaser-text",
    ".summary",
    ".article-summary",
    ".excerpt",
    ".kicker-text",
    ".chapo",
    ".article__chapo",
)
DATE_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "published_time",
)
#: Separators between a headline and the site name in ``<title>``.
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ", " · ", ": ")
