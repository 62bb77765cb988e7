"""What single lines of a dump are taken for: cue categories, comment headers, names, "says"
lines, reply marks and quote openers (tables of inputs and expected readings)."""

from __future__ import annotations

import pytest

from discourse.parse import cues
from discourse.parse.dumplines import is_separator, name_like, split_lines


@pytest.mark.parametrize(
    ("line", "count", "strength"),
    [
        ("16 Comments", 16, 2),
        ("Comments (3)", 3, 2),
        ("3 thoughts on “Why I Stopped Digging”", 3, 2),
        ("7 Comment Responses to “CoffeeScript: A New Language”", 7, 2),
        ("One Response to “A winter morning”", 1, 2),
        ("4 Kommentare zu „Mit dem Lastenrad“", 4, 2),
        ("Kommentare (12)", 12, 2),
        ("12 commentaires", 12, 2),
        ("Reacties (29)", 29, 2),
        ("11 komentarze:", 11, 2),
        ("Commenti (4)", 4, 2),
        ("No comments:", 0, 2),
        ("Keine Kommentare", 0, 2),
        ("Replies: 3", 3, 2),
        ("Kommentare", None, 1),
        ("Join the discussion", None, 1),
        ("48 mental poops:", 48, 1),
    ],
)
def test_comment_headers(line: str, count: int | None, strength: int) -> None:
    h = cues.comment_header(line)
    assert h is not None and h.count == count and h.strength == strength


@pytest.mark.parametrize(
    "line",
    [
        "Recent Comments",
        "Neueste Kommentare",
        "Derniers commentaires",
        "Comments are closed.",
        "Subscribe to: Post Comments (Atom)",
        "Kommentare als RSS",
        "Most commented",
        "Antworten",
        "Reply",
        "The comment section is a place to discuss",
        "Comment policy",
    ],
)
def test_not_comment_headers(line: str) -> None:
    h = cues.comment_header(line)
    assert h is None or h.strength < 2 and line not in ("Antworten", "Reply")
    assert cues.line_cue(line) != "comment_header"


def test_a_header_quoting_the_title_gives_it() -> None:
    assert (
        cues.comment_header("16 Responses to “NBA Schoolyard Rankings”").quoted_title
        == "NBA Schoolyard Rankings"
    )


@pytest.mark.parametrize(
    ("line", "category"),
    [
        ("Reply", "action"),
        ("Antworten", "action"),
        ("Répondre", "action"),
        ("Reageer", "action"),
        ("Like · Reply · 3", "action"),
        ("▲ 42 ▼", "action"),
        ("• Reply • Share ›", "action"),
        ("Flag as Offensive", "action"),
        ("#12", "action"),
        ("Image placeholder", "action"),
        ("Jane Doe's avatar", "avatar"),
        ("Leave a Reply", "form"),
        ("Schreibe einen Kommentar", "form"),
        ("Laisser un commentaire", "form"),
        ("Your email address will not be published. Required fields are marked *", "form"),
        ("blog comments powered by Disqus", "form"),
        ("You must be logged in to comment.", "form"),
        ("Facebook Twitter WhatsApp", "share"),
        ("Share", "action"),
        ("Teilen", "action"),
        ("Tags: compost, no-dig", "tags"),
        ("Schlagwörter: Fahrrad", "tags"),
        ("Labels: autumn", "tags"),
        ("4 min read", "reading_time"),
        ("Lesezeit: 4 Min.", "reading_time"),
        ("2 min de lecture", "reading_time"),
        ("About the Author", "author_box"),
        ("Über den Autor", "author_box"),
        ("You May Also Like", "teaser"),
        ("Related", "teaser"),
        ("Lesen Sie auch", "teaser"),
        ("À lire aussi", "teaser"),
        ("More in Politics", "teaser"),
        ("Latest Contents", "teaser"),
        ("Subscribe to our Newsletter", "newsletter"),
        ("Follow Jane Doe on Twitter.", "newsletter"),
        (
            "This website uses cookies to improve your experience. By continuing you accept our policy.",
            "cookie",
        ),
        ("© 2024 Example Media. All rights reserved.", "disclaimer"),
        ("Advertisement", "disclaimer"),
        ("Photo by Jane Doe, public domain.", "caption"),
        ("Image: Reuters", "caption"),
        ("https://www.youtube.com/watch?v=abc123", "url"),
        ("« Older post", "nav"),
        ('<div class="alert"><p>JavaScript is off</p></div>', "markup"),
    ],
)
def test_line_categories(line: str, category: str) -> None:
    assert cues.line_cue(line) == category


@pytest.mark.parametrize(
    "line",
    [
        "The council said the contract includes payments for delays.",
        "Related matters were discussed at length by the committee last week.",
        "More on this at the bottom.**",
        "These cookies are best eaten warm from the oven.",
        "var form = new FormData(document.getElementById('login-form'));",
        "What I changed",
        "Via his lawyer, the suspect said on Monday that he had nothing to do with the robbery.",
    ],
)
def test_content_lines_have_no_category(line: str) -> None:
    assert cues.line_cue(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jason Brown", True),
        ("sebati", True),
        ("Megan (Best of Fates)", True),
        ("Kev D.", True),
        ("AreWeFriendsJack?", True),
        ("Maximilian Steinbeis", True),
        ("da]v[ax", True),
        ("this will be interesting", False),
        ("Hey!", False),
        ("Reply", False),
        ("Enjoy.", False),
        ("The ferry users' association pointed out", False),
        ("2024", False),
        ("https://example.com", False),
    ],
)
def test_name_like(line: str, expected: bool) -> None:
    assert name_like(line) is expected


@pytest.mark.parametrize(
    ("line", "name", "date"),
    [
        ("Vinny C said...", "Vinny C", ""),
        ("Dave says:", "Dave", ""),
        ("Jens Hoffmann sagt:", "Jens Hoffmann", ""),
        ("Claire Fabre dit :", "Claire Fabre", ""),
        ("Anna pisze...", "Anna", ""),
        ("Anonym hat gesagt…", "Anonym", ""),
        ("Jan zei...", "Jan", ""),
        ("Beltway Greg on Sep 21, 3:05 PM said:", "Beltway Greg", "Sep 21, 3:05 PM"),
        (
            "Alexander Petrov wrote on March 11th, 2015 at 02:57:",
            "Alexander Petrov",
            "March 11th, 2015 at 02:57",
        ),
    ],
)
def test_says_lines(line: str, name: str, date: str) -> None:
    says = cues.says_line(line)
    assert says is not None and says.name == name and says.date_text == date


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("In reply to Tom Gardner.", "Tom Gardner"),
        ("Antwort an Jens", "Jens"),
        ("↪ sarah_k", "sarah_k"),
        ("En réponse à Claire", "Claire"),
        ("Reply", None),
        ("I reply to everyone.", None),
    ],
)
def test_reply_to_lines(line: str, name: str | None) -> None:
    assert cues.reply_to_name(line) == name


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("kestrel_77 said:", "kestrel_77"),
        ("Quote from signal_box_sam:", "signal_box_sam"),
        ("Originally Posted by Jan", "Jan"),
        ("Zitat von Jan:", "Jan"),
        ("Quote:", ""),
        ("Same here, I think.", None),
    ],
)
def test_quote_openers(line: str, name: str | None) -> None:
    assert cues.quote_opener(line) == name


def test_lines_keep_indentation_and_paragraph_gaps() -> None:
    lines = split_lines("Title\n\n\n    • Jane Doe\n\tText here.\r\nMore")
    assert [ln.text for ln in lines] == ["Title", "Jane Doe", "Text here.", "More"]
    assert lines[1].gap_before == 2 and lines[1].bullet and lines[1].indent == 4
    assert lines[2].indent == 4 and lines[3].gap_before == 0


def test_repeated_lines_are_counted() -> None:
    lines = split_lines("Menu\nNews\nA headline here\nNews\nA headline here\nA headline here")
    assert [ln.repeats for ln in lines] == [1, 2, 3, 2, 3, 3]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("———", True), ("* * *", True), ("-------------", True), ("--", False), ("A - B", False)],
)
def test_separators(line: str, expected: bool) -> None:
    assert is_separator(line) is expected


def test_dates_inside_links_and_long_sentences_are_not_datelines() -> None:
    [url, sentence, dateline] = split_lines(
        "http://example.com/2010/02/08/coding\n"
        "On 8 August 2009 we published the first proper post, which was about a ruling of the court.\n"
        "Posted on March 3, 2023 by Helen Marsh"
    )
    assert url.dates == [] and sentence.date_kind is None
    assert (
        dateline.dates
        and dateline.date_rest == "Posted by Helen Marsh"
        or "Helen Marsh" in dateline.date_rest
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le jardin est beau et les tomates sont rouges dans le potager de la maison. " * 5, "fr"),
        ("Der Garten ist schön und die Tomaten sind rot, das ist nicht zu übersehen. " * 5, "de"),
        ("The garden is lovely and the tomatoes are red, which is not what they were. " * 5, "en"),
        ("短い", None),
    ],
)
def test_page_language(text: str, expected: str | None) -> None:
    assert cues.guess_language(text) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Posted 10/30/2024", "fr", False),
        ("Le 30/10/2024", "en", True),
        ("Le 10/02/2024", "fr", True),
        ("On 10/02/2024", "en", False),
        ("no dates", None, None),
    ],
)
def test_day_or_month_first(text: str, language: str | None, expected: bool | None) -> None:
    from discourse.parse.dumplines import day_first

    assert day_first(text, language) is expected
