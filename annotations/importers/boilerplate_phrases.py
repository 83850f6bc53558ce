"""What boilerplate.py recognises as junk: the lines, headings and patterns, in French and
English, matched against a folded key (casefolded, accents and decoration stripped).

Data only: adding a phrase here needs no change to the logic.
"""

import re

AD_MARKERS = frozenset(
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
SHARE_CORE = frozenset(
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

SHARE_FILLER = frozenset(
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

SHARE_SPLIT = re.compile(r"[\s|/·•,:]+")

SHARE_LINE_MAX = 80

COMMENT_HEADINGS = frozenset(
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
COMMENT_FORM_LINES = frozenset(
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

COMMENT_FORM_PREFIXES = (
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
COMMENT_FIELDS = frozenset(
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

RELATED_HEADINGS = frozenset(
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

RELATED_PREFIXES = ("more from ", "more on ", "more in ")

# "Lire aussi : Un autre titre" on one line: a link to another article.
# A hyphen counts as a separator only after a space: "related-party" is a word.
RELATED_INLINE = re.compile(
    r"(?:(?:a )?(?:lire|voir) (?:aussi|egalement)|(?:read|see) (?:also|more)|also read|related)"
    r"(?:\s*[:>|]|\s+-)"
)

HEADLINE_MAX = 150

COOKIE_BUTTONS = frozenset(
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
COOKIE_NOTICE = re.compile(
    r"\b(?:ce|notre) site (?:web |internet )?utilise des (?:cookies|temoins)\b|"
    r"\bnous utilisons des (?:cookies|temoins)\b|"
    r"\bwe use cookies\b|\bthis (?:web)?site uses cookies\b|"
    r"\bby continuing to (?:browse|use) (?:this|our|the) (?:web)?site\b|"
    r"\ben poursuivant (?:votre|la) navigation\b"
)

COOKIE_CONSENT = re.compile(
    r"\b(?:accept|agree|consent|acceptez|accepter|consentement|politique|policy|settings|"
    r"parametres|parametrer|preferences|en savoir plus|learn more|experience|navigation|"
    r"browsing|personnaliser|manage)"
)

COOKIE_NOTICE_MAX = 400

NEWSLETTER_LINES = frozenset(
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

NEWSLETTER_PROMPT = re.compile(
    r"\b(?:inscrivez-vous|abonnez-vous|subscribe|sign up|signup|get|recevez)\b.{0,60}"
    r"\bnewsletters?\b|\bnewsletters?\b.{0,40}\b(?:inscrivez-vous|abonnez-vous|subscribe|sign up)\b"
)

NEWSLETTER_MAX = 250

# Lines longer than a share-button row are only folded when one of these appears in
# them (or, for the start-of-line rules, in their first characters): most lines are
# article sentences, and folding every one would dominate the cost of a bulk import.
LONG_LINE_HINTS = (
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

LONG_LINE_HEAD_HINTS = ("lire", "voir", "read", "see", "related", "also")

HINT_HEAD_LENGTH = 24
