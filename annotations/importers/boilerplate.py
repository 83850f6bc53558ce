"""Removing the junk that scrapers keep around an article's plain text.

Ad markers, share buttons, cookie notices, newsletter prompts, comment forms and
"related articles" blocks, in French and English. Matching is by whole line against a
folded key (casefolded, accents and decoration stripped), so it stays cheap on bulk
imports and conservative: a sentence that merely mentions Twitter is never dropped.
"""

from __future__ import annotations

import re
import unicodedata

# Lines are compared by a folded key: stripped of decoration, casefolded, accents removed.
_DECORATION = " \t\u00a0\u202f-–—•·*>»«<|:=_#[](){}!.…,;/\\+~"
# Typographic punctuation to ASCII before accents are stripped, so separators survive.
_PUNCTUATION = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "–": "-", "—": "-", "»": ">", "«": "<", "…": "..."}
)
_KEY_MAX = 600  # longer lines are article paragraphs; never fold them


def _fold(line: str) -> str:
    key = line.strip(_DECORATION).casefold().translate(_PUNCTUATION)
    if not key.isascii():
        # Accents go; so does any non-Latin letter, which no pattern here needs.
        key = unicodedata.normalize("NFD", key).encode("ascii", "ignore").decode("ascii")
    return " ".join(key.split())


_AD_MARKERS = frozenset(
    {
        "ad",
        "ads",
        "advertisement",
        "advertising",
        "publicite",
        "sponsored",
        "sponsorise",
        "sponsored content",
        "contenu sponsorise",
        "paid content",
        "partner content",
        "contenu partenaire",
        "story continues below advertisement",
        "article continues below advertisement",
        "continue reading below",
        "skip advertisement",
        "la suite apres cette publicite",
        "la suite apres la publicite",
        "la suite de l'article apres cette publicite",
        "fin de la publicite",
        "read more",
        "lire la suite",
    }
)

# Share buttons: a short line made only of these words, with at least one "core" word.
_SHARE_CORE = frozenset(
    {
        "share",
        "shares",
        "sharing",
        "partager",
        "partagez",
        "partages",
        "partage",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "tweet",
        "tweeter",
        "email",
        "e-mail",
        "mail",
        "courriel",
        "imprimer",
        "print",
        "linkedin",
        "pinterest",
        "telegram",
        "reddit",
        "messenger",
        "flipboard",
        "bluesky",
        "threads",
        "mastodon",
        "sms",
    }
)
_SHARE_FILLER = frozenset(
    {
        "on",
        "sur",
        "via",
        "par",
        "by",
        "this",
        "cet",
        "ce",
        "cette",
        "article",
        "story",
        "page",
        "the",
        "le",
        "la",
        "l'article",
        "lien",
        "link",
        "copy",
        "copier",
        "envoyer",
        "send",
        "share-this",
        "and",
        "et",
        "ou",
        "or",
    }
)
_SHARE_SPLIT = re.compile(r"[\s|/·•,:]+")
_SHARE_LINE_MAX = 80

_COMMENT_HEADINGS = frozenset(
    {
        "leave a reply",
        "leave a reply cancel reply",
        "leave a comment",
        "post a comment",
        "add a comment",
        "join the conversation",
        "comments",
        "0 comments",
        "no comments",
        "votre commentaire",
        "laisser un commentaire",
        "laisser un commentaire annuler la reponse",
        "laissez un commentaire",
        "ajouter un commentaire",
        "commentaires",
        "0 commentaire",
        "aucun commentaire",
        "reagissez",
        "reagir",
    }
)
# Sentences of comment forms, dropped wherever they appear: no article says them.
_COMMENT_FORM_LINES = frozenset(
    {
        "cancel reply",
        "annuler la reponse",
        "please enter your comment",
        "please enter your name here",
        "you have entered an incorrect email address",
        "post comment",
        "submit comment",
        "publier le commentaire",
        "envoyer le commentaire",
        "laisser un commentaire",
        "required fields are marked",
        "les champs obligatoires sont indiques avec",
    }
)
_COMMENT_FORM_PREFIXES = (
    "save my name, email, and website",
    "save my name, email and website",
    "enregistrer mon nom, mon e-mail et mon site",
    "enregistrer mon nom, mon courriel et mon site",
    "enregistrer mon nom, mon adresse",
    "your email address will not be published",
    "votre adresse e-mail ne sera pas publiee",
    "votre adresse email ne sera pas publiee",
    "votre adresse de messagerie ne sera pas publiee",
    "this site uses akismet",
    "ce site utilise akismet",
    "notify me of follow-up comments",
    "notify me of new posts",
    "prevenez-moi de tous les nouveaux commentaires",
    "prevenez-moi de tous les nouveaux articles",
)
# Field labels: only dropped right after a comment heading, where they are the form.
_COMMENT_FIELDS = frozenset(
    {
        "comment",
        "your comment",
        "commentaire",
        "name",
        "nom",
        "pseudo",
        "email",
        "e-mail",
        "courriel",
        "adresse e-mail",
        "adresse de messagerie",
        "website",
        "site",
        "site web",
        "site internet",
        "url",
    }
)

_RELATED_HEADINGS = frozenset(
    {
        "related",
        "related articles",
        "related posts",
        "related stories",
        "related content",
        "related news",
        "latest",
        "latest articles",
        "latest news",
        "latest stories",
        "latest posts",
        "recent posts",
        "more stories",
        "more articles",
        "most read",
        "most popular",
        "popular posts",
        "recommended",
        "recommended for you",
        "you may also like",
        "you might also like",
        "read also",
        "also read",
        "see also",
        "read next",
        "trending",
        "trending now",
        "articles similaires",
        "articles lies",
        "articles recents",
        "articles populaires",
        "a lire aussi",
        "lire aussi",
        "a lire egalement",
        "lire egalement",
        "a voir aussi",
        "voir aussi",
        "sur le meme sujet",
        "sur le meme theme",
        "dans la meme rubrique",
        "derniers articles",
        "dernieres actualites",
        "dernieres infos",
        "les plus lus",
        "les plus partages",
        "les articles les plus lus",
        "vous aimerez aussi",
        "vous aimerez egalement",
        "vous pourriez aussi aimer",
        "a decouvrir aussi",
        "nos dernieres publications",
        "plus d'articles",
    }
)
_RELATED_PREFIXES = ("more from ", "more on ", "more in ")
# "Lire aussi : Un autre titre" on one line: a link to another article.
# A hyphen counts as a separator only after a space: "related-party" is a word.
_RELATED_INLINE = re.compile(
    r"(?:(?:a )?(?:lire|voir) (?:aussi|egalement)|(?:read|see) (?:also|more)|also read|related)"
    r"(?:\s*[:>|]|\s+-)"
)
_HEADLINE_MAX = 150

_COOKIE_BUTTONS = frozenset(
    {
        "accept",
        "accepter",
        "tout accepter",
        "accept all",
        "accept all cookies",
        "accept cookies",
        "accepter les cookies",
        "accepter et fermer",
        "refuser",
        "tout refuser",
        "reject all",
        "decline",
        "j'accepte",
        "i accept",
        "i agree",
        "ok",
        "got it",
        "manage preferences",
        "manage cookies",
        "cookie settings",
        "gerer mes preferences",
        "gerer les cookies",
        "parametrer les cookies",
        "parametres des cookies",
        "personnaliser",
        "continuer sans accepter",
    }
)
# A cookie banner says both what the site does and what the reader may do about it; an
# article about cookies, or a quote, rarely says both in one short paragraph.
_COOKIE_NOTICE = re.compile(
    r"\b(?:ce|notre) site (?:web |internet )?utilise des (?:cookies|temoins)\b|"
    r"\bnous utilisons des (?:cookies|temoins)\b|"
    r"\bwe use cookies\b|\bthis (?:web)?site uses cookies\b|"
    r"\bby continuing to (?:browse|use) (?:this|our|the) (?:web)?site\b|"
    r"\ben poursuivant (?:votre|la) navigation\b"
)
_COOKIE_CONSENT = re.compile(
    r"\b(?:accept|agree|consent|acceptez|accepter|consentement|politique|policy|settings|"
    r"parametres|parametrer|preferences|en savoir plus|learn more|experience|navigation|"
    r"browsing|personnaliser|manage)"
)
_COOKIE_NOTICE_MAX = 400

_NEWSLETTER_LINES = frozenset(
    {
        "newsletter",
        "newsletters",
        "subscribe",
        "sign up",
        "s'inscrire",
        "je m'inscris",
        "je m'abonne",
        "s'abonner",
        "abonnez-vous",
        "inscrivez-vous",
        "votre adresse e-mail",
        "votre adresse email",
        "your email address",
        "your email",
        "enter your email",
        "enter your email address",
        "email address",
    }
)
_NEWSLETTER_PROMPT = re.compile(
    r"\b(?:inscrivez-vous|abonnez-vous|subscribe|sign up|signup|get|recevez)\b.{0,60}"
    r"\bnewsletters?\b|\bnewsletters?\b.{0,40}\b(?:inscrivez-vous|abonnez-vous|subscribe|sign up)\b"
)
_NEWSLETTER_MAX = 250

_DROP, _COMMENT_HEADING, _RELATED_HEADING = 1, 2, 3


# Lines longer than a share-button row are only folded when one of these appears in
# them (or, for the start-of-line rules, in their first characters): most lines are
# article sentences, and folding every one would dominate the cost of a bulk import.
_LONG_LINE_HINTS = (
    "cookie",
    "témoin",
    "temoin",
    "newsletter",
    "save my name",
    "enregistrer mon nom",
    "email address",
    "adresse e-mail",
    "adresse email",
    "adresse de messagerie",
    "akismet",
    "notify me",
    "prévenez-moi",
    "prevenez-moi",
    "required fields",
    "champs obligatoires",
)
_LONG_LINE_HEAD_HINTS = ("lire", "voir", "read", "see", "related", "also")
_HEAD = 24


def _classify(line: str, *, hinted: bool = True) -> int:
    """What a stripped, non-empty line is: 0 (keep), or one of the junk kinds.

    `hinted` false says the whole text holds none of _LONG_LINE_HINTS, which saves
    looking for them line by line.
    """
    if len(line) > _KEY_MAX:
        return 0
    if len(line) > _SHARE_LINE_MAX:
        head = line[:_HEAD].casefold()
        if not any(hint in head for hint in _LONG_LINE_HEAD_HINTS) and not (
            hinted and any(hint in line.casefold() for hint in _LONG_LINE_HINTS)
        ):
            return 0
    elif line == "Δ":
        return _DROP  # WordPress's anti-spam field label
    key = _fold(line)
    if not key:
        # Pure decoration ("* * *", "—"): separators, harmless to keep as they were.
        return 0
    if key in _AD_MARKERS or key in _COOKIE_BUTTONS or key in _NEWSLETTER_LINES:
        return _DROP
    if key in _COMMENT_HEADINGS:
        return _COMMENT_HEADING
    if key in _RELATED_HEADINGS or (key.startswith(_RELATED_PREFIXES) and len(key) < 60):
        return _RELATED_HEADING
    if key in _COMMENT_FORM_LINES or key.startswith(_COMMENT_FORM_PREFIXES):
        return _DROP
    if len(line) <= _SHARE_LINE_MAX and _is_share_line(key):
        return _DROP
    if len(line) <= _HEADLINE_MAX * 2 and _RELATED_INLINE.match(key):
        return _DROP
    if (
        len(line) <= _COOKIE_NOTICE_MAX
        and (notice := _COOKIE_NOTICE.search(key))
        and _COOKIE_CONSENT.search(key, notice.end())
    ):
        return _DROP
    if len(line) <= _NEWSLETTER_MAX and _NEWSLETTER_PROMPT.search(key):
        return _DROP
    return 0


def _is_share_line(key: str) -> bool:
    words = [word for word in _SHARE_SPLIT.split(key) if word and not word.isdigit()]
    return (
        bool(words)
        and any(word in _SHARE_CORE for word in words)
        and all(word in _SHARE_CORE or word in _SHARE_FILLER for word in words)
    )


def _is_headline(line: str) -> bool:
    # Headlines are short and do not end with a full stop; sentences do.
    return len(line) <= _HEADLINE_MAX and not line.endswith((".", ";"))


def _is_sentence_paragraph(line: str) -> bool:
    return len(line) >= 160 or (
        line.endswith((".", "!", "?", "»", "”", '"')) and len(line.split()) >= 8
    )


def remove_boilerplate(text: str) -> str:
    """Drop the junk that scrapers keep around an article's plain text.

    Removes advertisement markers, share buttons, cookie notices, newsletter prompts,
    comment forms, and "related/latest articles" blocks with their headline lines, in
    French and English. Only whole lines are removed, and only lines that match those
    patterns closely (a sentence that merely mentions Twitter stays). A comment or
    related-articles heading followed by nothing that reads like a paragraph ends the
    article: everything from it on is dropped.
    """
    lines = text.splitlines()
    lowered = text.casefold()
    hinted = any(hint in lowered for hint in _LONG_LINE_HINTS)
    keep = [True] * len(lines)
    headings = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        kind = _classify(line, hinted=hinted)
        if not kind:
            continue
        keep[index - 1] = False
        if kind == _DROP:
            continue
        headings.append(index - 1)
        if kind == _COMMENT_HEADING:
            index = _drop_following(lines, keep, index, _is_comment_field, allow_blank=True)
        else:
            index = _drop_following(lines, keep, index, _is_headline, allow_blank=False)
    if headings:
        last_paragraph = max(
            (i for i, line in enumerate(lines) if keep[i] and _is_sentence_paragraph(line.strip())),
            default=-1,
        )
        tail = next((i for i in headings if i > last_paragraph), None)
        if tail is not None:
            keep[tail:] = [False] * (len(lines) - tail)
    return "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)


def _is_comment_field(line: str) -> bool:
    return len(line) <= 60 and (_fold(line) in _COMMENT_FIELDS or _classify(line) == _DROP)


def _drop_following(lines, keep, index, belongs, *, allow_blank: bool) -> int:
    """Drop the lines after a heading while they belong to its block; return where to go on.

    Blank lines right after the heading are skipped; further blank lines end the block
    unless `allow_blank` (headline lists run line after line, form fields are spaced).
    """
    position = index
    seen_content = False
    while position < len(lines):
        line = lines[position].strip()
        if not line:
            if seen_content and not allow_blank:
                break
            position += 1
            continue
        if _classify(line) in (_COMMENT_HEADING, _RELATED_HEADING) or not belongs(line):
            break
        keep[position] = False
        seen_content = True
        position += 1
    return position
