"""Hostile input everywhere, opened in Chromium: nothing runs, nothing active reaches the DOM.

Every field a user controls (article title, text, outlet, author and URL; notes, which are
Markdown; themes; actor names and spellings; speakers; dossier names and descriptions;
uploaded file names; review reasons; search terms and filter values) is filled with the
payloads of tests/fixtures/xss_payloads.txt, then every page that shows them is opened.

On each page the browser must not have called a sink (alert, confirm, prompt, print,
`window.__xss`), shown a dialog or reported a Content-Security-Policy violation, and the
DOM must hold only the app's own scripts, no event-handler attribute, no `javascript:`,
`vbscript:` or `data:` document URL, and no injected frame, object, embed, base, meta
refresh or style element. The payloads must also be visible as text on the pages that
show them, so a field that silently vanished would not pass for one safely escaped.
"""

import datetime
from html import escape
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from annotations.importers.cleaning import normalize_text
from annotations.models import Entity, ImportBatch, Theme
from annotations.normalization import normalize_name
from annotations.services import articles, dossiers, highlights, mentions, registry, review
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "xss_payloads.txt"
PAYLOADS = [
    line
    for line in PAYLOAD_FILE.read_text(encoding="utf-8").split("\n")
    if line and not line.startswith("#")
]

# Runs before any page script in every document: records each call of a sink, here and
# (through the exposed binding) in the test, even when the page navigates right after.
HOOKS = """
(() => {
  const calls = [];
  Object.defineProperty(window, "__xssCalls", { value: calls });
  const report = (kind, args) => {
    const entry = kind + "(" + Array.from(args, String).join(", ") + ")";
    calls.push(entry);
    try { if (window.__xssReport) window.__xssReport(entry); } catch (error) { /* closed */ }
  };
  for (const name of ["alert", "confirm", "prompt", "print", "__xss"]) {
    const sink = function () { report(name, arguments); };
    Object.defineProperty(window, name, { value: sink, writable: false, configurable: false });
  }
  document.addEventListener("securitypolicyviolation", (event) => {
    report("csp", [event.violatedDirective, event.blockedURI, event.sample]);
  });
})();
"""

# What the DOM must not contain. Returns one line per problem found.
AUDIT = r"""
() => {
  const problems = [];
  const show = (element) => element.outerHTML.slice(0, 160);
  const own = location.origin + "/static/";
  for (const script of document.querySelectorAll("script")) {
    const src = script.getAttribute("src");
    if (!src || !new URL(src, location.href).href.startsWith(own) || script.textContent.trim()) {
      problems.push("foreign script: " + show(script));
    }
  }
  // The page's own stylesheets and, in its head, its icon; the origin check below covers both.
  const active = "iframe, frame, frameset, object, embed, applet, base, portal, style, " +
    "meta[http-equiv], link:not([rel=stylesheet]):not(head > link[rel=icon])";
  for (const element of document.querySelectorAll(active)) {
    problems.push("injected element: " + show(element));
  }
  for (const link of document.querySelectorAll("link")) {
    if (new URL(link.href, location.href).origin !== location.origin) {
      problems.push("foreign stylesheet: " + show(link));
    }
  }
  const urlAttributes = new Set([
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "codebase", "cite", "ping", "lowsrc", "dynsrc", "srcset", "manifest", "icon", "to",
    "from", "values", "by",
  ]);
  const dangerousUrl =
    /^(javascript|vbscript|livescript|mocha):|^data:(?!image\/(png|gif|jpe?g|webp)[;,])/;
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on") || /^(data-)?hx-on/.test(name) || name === "srcdoc") {
        problems.push("attribute " + name + " on " + show(element));
      } else if (urlAttributes.has(name) || name.endsWith(":href")) {
        // What a browser ignores when it reads a URL's scheme: case, whitespace, controls.
        const value = attribute.value.toLowerCase().replace(/[\u0000-\u0020\u007f-\u00a0\s]/g, "");
        if (dangerousUrl.test(value)) problems.push("URL in " + name + " of " + show(element));
      }
    }
  }
  return problems;
}
"""


def _collapsed(text: str) -> str:
    return " ".join(text.split()).casefold()


class Guard:
    """Opens pages with the sinks hooked, and audits each one after it has loaded."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        self.reported: list[str] = []
        self.dialogs: list[str] = []
        self.failures: list[str] = []
        self.pages_checked = 0
        page.expose_function("__xssReport", self._report)
        page.add_init_script(HOOKS)
        page.on("dialog", self._dialog)

    def _report(self, call: str) -> None:
        self.reported.append(call)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def visit(self, path: str, *, expect_text=(), status: int = 200, shows_payload=True) -> None:
        response = self.page.goto(self.base_url + path)
        if response is None or response.status != status:
            got = response.status if response else "no response"
            self.failures.append(f"{path}: HTTP {got}, expected {status}")
        self.audit(path, expect_text=expect_text, shows_payload=shows_payload)

    def audit(self, where: str, *, expect_text=(), shows_payload=True) -> None:
        """Check the current DOM, and that `expect_text` is shown (escaped, as text)."""
        self.pages_checked += 1
        self.page.wait_for_load_state("load")
        problems = list(self.page.evaluate(AUDIT))
        problems += [f"sink called: {call}" for call in self.page.evaluate("window.__xssCalls")]
        problems += [f"sink reported: {call}" for call in self.reported]
        problems += [f"dialog: {dialog}" for dialog in self.dialogs]
        self.reported.clear()
        self.dialogs.clear()
        shown = _collapsed(self.page.evaluate("document.body.innerText"))
        problems += [
            f"not shown as text: {text!r}" for text in expect_text if _collapsed(text) not in shown
        ]
        if shows_payload and not any(_collapsed(payload) in shown for payload in PAYLOADS):
            problems.append("no payload is shown as text on this page")
        self.failures += [f"{where}: {problem}" for problem in problems]

    def assert_clean(self, minimum_pages: int) -> None:
        assert not self.failures, "\n".join(self.failures)
        assert self.pages_checked >= minimum_pages


def _payload(index: int) -> str:
    return PAYLOADS[index % len(PAYLOADS)]


def _offsets(paragraphs: list[str], index: int) -> tuple[int, int]:
    start = sum(len(paragraph) + 2 for paragraph in paragraphs[:index])
    return start, start + len(paragraphs[index])


# Stored straight into the database, past the URL validation of every form and importer,
# as rows restored from elsewhere could be: the page must still not make them links.
ARTICLE_URLS = [
    'https://example.org/a?x="><svg/onload=window.__xss(301)>',
    "https://example.org/b#'-window.__xss(302)-'",
    "javascript:window.__xss(303)",
    " JaVaScRiPt:window.__xss(304)",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3MoMzA1KTwvc2NyaXB0Pg==",
    "vbscript:msgbox(306)",
]


def _hostile_world(analyst, editor):
    """Six articles, 24 quotes, 120 themes, 60 actors with 60 spellings, six dossiers, an
    import report, an actor merge and a "tag every mention" run, all made of payloads."""
    count = len(PAYLOADS)
    actor_names, alias_names = PAYLOADS[0::2], PAYLOADS[1::2]
    world = SimpleNamespace(articles=[], annotations=[], paragraphs={})
    world.dossiers = [
        dossiers.dossier_create(
            user=analyst,
            name=_payload(7 * n + 3),
            description=" ".join(_payload(7 * n + 4 + k) for k in range(3)),
        )
        for n in range(6)
    ]
    now = timezone.now()
    for n in range(6):
        rotated = PAYLOADS[n * 20 :] + PAYLOADS[: n * 20]
        text = normalize_text(
            "\n\n".join([f"Article {n}: the corpus from payload {n * 20}."] + rotated)
        )
        article = ArticleFactory(
            title=_payload(3 * n),
            outlet=articles.outlet_get_or_create(name=_payload(3 * n + 1)),
            author=_payload(3 * n + 2),
            url=ARTICLE_URLS[n],
            text=text,
            published=now - datetime.timedelta(days=30 * n),
            imported_by=analyst,
        )
        world.articles.append(article)
        world.paragraphs[article.pk] = text.split("\n\n")
        world.dossiers[n].articles.add(article, world.articles[n - 1])
    # Every hostile name is an actor of kind "other", whatever its guess would be.
    kinds = {normalize_name(name): "other" for name in actor_names}
    for n, article in enumerate(world.articles):
        paragraphs = world.paragraphs[article.pk]
        for k in range(4):
            index = 4 * n + k
            start, end = _offsets(paragraphs, 1 + (index * 5 + k) % count)
            # Windows of six overlap by one, so Markdown spread over two payloads (a
            # reference link and its definition) always meets in some note.
            note = "\n\n".join([*PAYLOADS[index * 5 : index * 5 + 6], f"Note marker {index}"])
            world.annotations.append(
                highlights.annotation_create(
                    article=article,
                    author=analyst,
                    start=start,
                    end=end,
                    themes=[_payload(index * 5 + j) for j in range(5)],
                    actors=[actor_names[(index * 5 + j) % len(actor_names)] for j in range(5)],
                    speaker=actor_names[(index * 5 + 2) % len(actor_names)],
                    actor_kinds=kinds,
                    note=note,
                )
            )
    # Reviews with hostile reasons: approved, rejected, and rejected then reopened.
    for index, annotation in enumerate(world.annotations):
        reason = _payload(7 * index + 1)
        if index % 3 == 0:
            review.annotation_review(
                annotation=annotation, reviewer=editor, to_status="rejected", reason=reason
            )
            if index % 6 == 0:
                review.annotation_review(
                    annotation=annotation,
                    reviewer=editor,
                    to_status="pending",
                    reason=_payload(7 * index + 2),
                )
        elif index % 3 == 1:
            review.annotation_review(
                annotation=annotation, reviewer=editor, to_status="approved", reason=reason
            )
    world.actors = [registry.entity_find(name=name) for name in actor_names]
    for entity, alias in zip(world.actors, alias_names, strict=True):
        registry.entity_alias_add(entity=entity, name=alias)
    for n, entity in enumerate(world.actors[:12]):
        Entity.objects.filter(pk=entity.pk).update(description=_payload(5 * n + 11))
    world.themes = list(Theme.objects.order_by("pk"))
    for n, theme in enumerate(world.themes[:12]):
        Theme.objects.filter(pk=theme.pk).update(
            description=_payload(5 * n + 12), parent=world.themes[n + 12]
        )
    merged = registry.entity_get_or_create(name=_payload(1) + " (merged)")
    registry.entity_merge(user=editor, survivor=world.actors[0], merged=merged)
    world.tagging = mentions.mention_tagging_start(
        user=analyst, entity=world.actors[1], dossier=world.dossiers[0]
    )
    mentions.mention_tagging_run(tagging=world.tagging)
    world.batch = ImportBatch.objects.create(
        created_by=analyst,
        dossier=world.dossiers[1],
        status=ImportBatch.Status.FAILED,
        finished=now,
        error="The import stopped: " + _payload(40),
        file_names=[{"name": _payload(i), "stored": ""} for i in range(0, count, 4)],
        report=[
            {
                "source": _payload(i),
                "status": ("imported", "duplicate", "failed")[i % 3],
                "message": _payload(i + 1) if i % 3 else "",
                "article_id": world.articles[i % 6].pk,
                "title": world.articles[i % 6].title,
            }
            for i in range(0, count, 4)
        ],
    )
    return world


def _query(**params) -> str:
    return "?" + urlencode(params, doseq=True)


@pytest.fixture
def world(analyst, editor):
    return _hostile_world(analyst, editor)


def test_pages_an_analyst_opens_keep_every_payload_inert(logged_in_page, live_server, world):
    guard = Guard(logged_in_page, live_server.url)
    articles, quotes, actors, themes = world.articles, world.annotations, world.actors, world.themes
    rejected = quotes[6]  # rejected, then reopened: two hostile reasons in its history

    guard.visit("/", expect_text=[articles[0].title])
    guard.visit("/articles/", expect_text=[a.title for a in articles] + [articles[1].outlet.name])
    # Snippets (marked matches around escaped text) come from the database's own search.
    guard.visit("/articles/" + _query(q="corpus"), expect_text=[a.title for a in articles])
    expect(logged_in_page.locator(".snippet mark").first).to_be_visible()
    guard.visit("/articles/" + _query(q=PAYLOADS[0]), shows_payload=False)
    guard.visit("/articles/" + _query(q=PAYLOADS[50], dossier=world.dossiers[0].pk))
    guard.visit("/articles/" + _query(language=PAYLOADS[51], q=PAYLOADS[52]), shows_payload=False)
    guard.visit("/quotes/", expect_text=[articles[0].outlet.name])
    guard.visit("/quotes/" + _query(q="window xss script"))
    guard.visit("/quotes/" + _query(q=PAYLOADS[13] + " OR " + PAYLOADS[88]))
    guard.visit(
        "/quotes/" + _query(theme=themes[0].name, actor=actors[0].name),
        expect_text=[themes[0].name, actors[0].name],
    )
    guard.visit(
        "/quotes/"
        + _query(
            actor=PAYLOADS[1], speaker=actors[2].name, status=["rejected", "approved", "pending"]
        )
    )
    # The speaker's quotes name it on their cards (outlets are typed, no longer listed).
    guard.visit(
        "/quotes/" + _query(speaker=actors[2].name, status=["rejected", "approved", "pending"]),
        expect_text=[actors[2].name],
    )
    guard.visit(
        "/quotes/" + _query(outlet=articles[2].outlet.name, status="rejected"),
        expect_text=[articles[2].outlet.name, articles[2].title],
    )
    guard.visit("/quotes/" + _query(page=PAYLOADS[56], size=PAYLOADS[57], since=PAYLOADS[60]))
    for n, article in enumerate(articles):
        paragraphs = world.paragraphs[article.pk]
        guard.visit(
            article.get_absolute_url(),
            expect_text=[
                article.title,
                article.author,
                article.outlet.name,
                paragraphs[1],
                paragraphs[-1],
                article.url[:40],
                f"Note marker {4 * n}",
                quotes[4 * n].themes.first().name,
            ],
        )
    guard.visit(f"/articles/{articles[0].pk}/suggestions/", expect_text=[actors[0].name])
    guard.visit(
        rejected.get_absolute_url(),
        expect_text=[rejected.exact, _payload(7 * 6 + 1), _payload(7 * 6 + 2), "Note marker 6"],
    )
    guard.visit(quotes[1].get_absolute_url(), expect_text=[quotes[1].exact, quotes[1].speaker.name])
    guard.visit(f"/annotations/{quotes[4].pk}/edit/", expect_text=[quotes[4].article.title])
    guard.visit("/themes/", expect_text=[theme.name for theme in themes[:40]])
    for theme in themes[:3]:
        theme.refresh_from_db()
        guard.visit(
            theme.get_absolute_url(),
            expect_text=[theme.name, theme.description, theme.parent.name],
        )
    guard.visit("/actors/?size=200", expect_text=[actor.name for actor in actors[:30]])
    guard.visit("/actors/?kind=other")
    for n, actor in enumerate(actors[:3]):
        actor.refresh_from_db()
        guard.visit(
            actor.get_absolute_url(),
            expect_text=[actor.name, actor.description, PAYLOADS[2 * n + 1]],
        )
    guard.visit(f"/actors/{actors[1].slug}/tag-every-mention/", expect_text=[actors[1].name])
    guard.visit(
        f"/actors/{actors[1].slug}/tag-every-mention/" + _query(dossier=world.dossiers[0].pk),
        expect_text=[actors[1].name],
    )
    guard.visit(
        world.tagging.get_absolute_url(), expect_text=[actors[1].name, world.dossiers[0].name]
    )
    guard.visit("/dossiers/", expect_text=[dossier.name for dossier in world.dossiers])
    for dossier in world.dossiers[:3]:
        guard.visit(
            dossier.get_absolute_url(),
            expect_text=[
                dossier.name,
                dossier.description,
                *(a.title for a in dossier.articles.all()),
            ],
        )
    guard.visit("/import/", shows_payload=False)
    guard.visit(
        world.batch.get_absolute_url(),
        expect_text=[world.batch.error] + [entry["source"] for entry in world.batch.report],
    )
    guard.visit("/themes/" + PAYLOADS[50].replace("/", "") + "/", status=404, shows_payload=False)
    guard.visit("/no-such-page/" + PAYLOADS[12], status=404, shows_payload=False)
    guard.assert_clean(minimum_pages=35)


def _log_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")


def test_pages_an_editor_opens_keep_every_payload_inert(page, live_server, world):
    guard = Guard(page, live_server.url)
    _log_in(page, live_server.url, "eddie")
    quotes, actors, themes = world.annotations, world.actors, world.themes

    guard.visit(
        "/review/",
        expect_text=[quotes[0].exact, quotes[0].article.title, "Note marker 0", "Note marker 2"],
    )
    guard.visit(
        "/review/" + _query(theme=themes[10].name, actor=actors[12].name, q=PAYLOADS[9]),
        shows_payload=False,
    )
    guard.visit(
        "/review/" + _query(status="rejected", speaker=actors[17].name),
        expect_text=[quotes[3].exact, actors[17].name],
    )
    guard.visit("/review/" + _query(status="approved", outlet=world.articles[0].outlet_id))
    guard.visit(quotes[3].get_absolute_url(), expect_text=[quotes[3].exact, _payload(7 * 3 + 1)])
    guard.visit(quotes[5].get_absolute_url(), expect_text=[quotes[5].exact, "Note marker 5"])
    guard.visit(f"/annotations/{quotes[5].pk}/edit/?from=review", expect_text=[quotes[5].exact])
    guard.visit(
        actors[0].get_absolute_url(), expect_text=[actors[0].name, _payload(1) + " (merged)"]
    )
    guard.visit(f"/articles/{world.articles[1].pk}/edit/", expect_text=[world.articles[1].title])
    guard.visit(themes[1].get_absolute_url(), expect_text=[themes[1].name])

    # Reject from the queue by keyboard, the reason a payload; the row re-renders in place.
    guard.visit("/review/" + _query(status="pending"))
    row = page.locator("[data-review-row]").first
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.keyboard.type(PAYLOADS[0])
    page.keyboard.press("Enter")
    expect(row).to_contain_text("Rejected by eddie")
    guard.audit("/review/ after a rejection")

    # A spelling and a description typed into the actor page.
    guard.visit(actors[3].get_absolute_url())
    alias = PAYLOADS[40] + " (spelling)"
    page.fill("#new-alias", alias)
    page.locator("#new-alias").press("Enter")
    page.wait_for_load_state("load")
    guard.audit("actor page after adding a spelling", expect_text=[alias])
    page.locator("details.manage summary").click()
    page.fill("details.manage textarea[name=description]", PAYLOADS[63])
    page.locator("details.manage").get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")
    guard.audit("actor page after an edit", expect_text=[PAYLOADS[63]])
    guard.assert_clean(minimum_pages=14)


def _without_commas(payloads):
    # Theme and actor fields take comma-separated names.
    return [payload for payload in payloads if "," not in payload]


def test_payloads_typed_into_forms_and_uploaded_stay_inert(logged_in_page, live_server, analyst):
    page = logged_in_page
    guard = Guard(page, live_server.url)

    # Paste an article: first with a `javascript:` address, refused, the form shown again.
    title, outlet, author = PAYLOADS[6], PAYLOADS[51], PAYLOADS[53]
    guard.visit("/articles/new/", shows_payload=False)
    page.fill("#id_title", title)
    page.fill("#id_outlet", outlet)
    page.fill("#id_author", author)
    page.fill("#id_text", "\n\n".join(PAYLOADS[:40]))
    page.fill("#id_url", "javascript:window.__xss(501)")
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state("load")
    guard.audit("paste form refused", shows_payload=False)
    page.fill("#id_url", 'https://example.org/p?x="><svg/onload=window.__xss(502)>')
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/articles/*/")
    guard.audit("pasted article", expect_text=[title, outlet, author, PAYLOADS[1], PAYLOADS[39]])

    # A dossier created through its form.
    guard.visit("/dossiers/", shows_payload=False)
    page.fill("#id_name", PAYLOADS[94])
    page.fill("#id_description", PAYLOADS[95])
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/dossiers/*/")
    guard.audit("new dossier", expect_text=[PAYLOADS[94], PAYLOADS[95]])

    # Files with hostile names, and an HTML page whose metadata and body are hostile.
    hostile_html = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<title>&lt;img src=x onerror=window.__xss(601)&gt; report</title>"
        "<meta property='og:site_name' content='&quot;&gt;&lt;svg onload=window.__xss(602)&gt;'>"
        "<meta name='author' content='&lt;script&gt;window.__xss(603)&lt;/script&gt;'>"
        "<meta http-equiv='refresh' content='0;url=javascript:window.__xss(604)'>"
        "<base href='javascript:window.__xss(605)//'><script>window.__xss(606)</script>"
        "</head><body onload='window.__xss(607)'><article>"
        "<h1>&lt;img src=x onerror=window.__xss(601)&gt; report</h1>"
        + "".join(f"<p>{escape(payload)}</p>" for payload in PAYLOADS[90:])
        # Markup from here on: what the importer keeps of it is text.
        + "".join(f"<p>{payload}</p>" for payload in PAYLOADS[60:90])
        + "</article></body></html>"
    )
    files = [
        ("<img src=x onerror=window.__xss(611)>.txt", "text/plain", "\n\n".join(PAYLOADS[40:60])),
        ("'-window.__xss(612)-' <svg onload=window.__xss(613)>.html", "text/html", hostile_html),
        ("<iframe srcdoc='<img src=x onerror=window.__xss(614)>'>.pdf", "application/pdf", "%PDF"),
    ]
    guard.visit("/import/", shows_payload=False)
    page.set_input_files(
        "input[name=files]",
        [
            {"name": name, "mimeType": kind, "buffer": data.encode("utf-8")}
            for name, kind, data in files
        ],
    )
    page.select_option("#id_dossier", label=PAYLOADS[94])
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/import/*/")
    report = page.locator("#import-report")
    expect(report).to_contain_text("2 imported, 0 duplicates, 1 failed")
    guard.audit(
        "import report",
        expect_text=[
            files[0][0],
            files[1][0],
            files[2][0],
            PAYLOADS[94],
        ],
    )
    report.get_by_role("link", name="<img src=x onerror=window.__xss(601)> report").click()
    page.wait_for_url("**/articles/*/")
    guard.audit(
        "imported HTML page",
        expect_text=[
            "<img src=x onerror=window.__xss(601)> report",
            '"><svg onload=window.__xss(602)>',
            PAYLOADS[90],
            PAYLOADS[-1],
        ],
    )

    # Tags, speaker and note typed into the reader's edit form, swapped in by htmx.
    article = articles.article_create(
        text="\n\n".join(PAYLOADS[20:30]), title=PAYLOADS[21], created_by=analyst
    )
    quote = highlights.annotation_create(
        article=article, author=analyst, start=0, end=len(article.text.split("\n\n")[0])
    )
    names = _without_commas(PAYLOADS[100:112])
    note = "\n\n".join([*PAYLOADS[110:], "Typed note marker"])
    guard.visit(article.get_absolute_url(), expect_text=[PAYLOADS[21]])
    page.locator(f"#annotation-{quote.pk} [data-edit-link]").click()
    form = page.locator(f"#edit-annotation-{quote.pk}")
    form.locator("[name$=themes]").fill(", ".join(names[:5]))
    form.locator("[name$=actors]").fill(", ".join(names[5:]))
    form.locator("[name$=speaker]").fill(names[6])
    form.locator("[name$=note]").fill(note)
    form.get_by_role("button", name="Save changes").click()
    expect(page.locator(f"#annotation-{quote.pk}")).to_contain_text("Typed note marker")
    guard.audit("reader after an edit", expect_text=[*names, "Typed note marker"])

    # Suggestions under the filters, and a search typed into the search box.
    registry.entity_alias_add(entity=registry.entity_find(name=names[5]), name=PAYLOADS[4])
    guard.visit("/quotes/")
    page.locator("#id_theme").press_sequentially(names[0][:6])
    expect(page.locator("ul.suggestions li").first).to_be_visible()
    guard.audit("theme suggestions", expect_text=[names[0]])
    page.locator("#id_actor").press_sequentially(PAYLOADS[4][:12])
    # Other hostile names may match the typed prefix and rank first: any place will do.
    expect(page.locator("#id_actor + ul.suggestions")).to_contain_text(names[5])
    guard.audit("actor suggestions", expect_text=[names[5], PAYLOADS[4]])
    page.locator("#id_actor").fill("")
    page.locator("#id_theme").fill("")
    page.locator("#id_q").press_sequentially(PAYLOADS[20])
    page.wait_for_url("**q=*")
    expect(page.locator("#results")).to_contain_text("1 quote")
    guard.audit("quotes searched by typing")
    guard.assert_clean(minimum_pages=12)
