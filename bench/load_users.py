"""Simulated analysts and editors for `bench/load.py` (a locustfile; not run on its own).

The plan (articles with selectable passages, pending quotes, and a logged-in session per
user, made by the driver through the real login page) comes from the JSON file in
LOAD_PLAN; every highlight the server acknowledges (302 after the POST) is
appended to LOAD_ACKS with its unique note, so the driver can check each is stored once.
"""

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
ACKS = open(os.environ["LOAD_ACKS"], "a", encoding="utf-8")  # noqa: SIM115
# One greenlet runs at a time: a shared iterator hands each pending quote to one editor.
PENDING = iter(PLAN["pending"])
# Seconds each user waits between actions ("1,5" by default; lower is a stress test).
THINK = [float(bound) for bound in os.environ.get("LOAD_THINK", "1,5").split(",")]
ANALYSTS = itertools.cycle(PLAN["analysts"])
EDITORS = itertools.cycle(PLAN["editors"])


class Analyst(HttpUser):
    """Reads articles, highlights and tags passages, browses and exports quotes."""

    weight = 4
    wait_time = between(*THINK)
    usernames = ANALYSTS

    def on_start(self):
        # The stack runs as in production behind a TLS proxy: say so.
        address = self.host.split("://")[1]
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": f"https://{address}"})
        host = address.split(":")[0]
        cookies = PLAN["sessions"][next(self.usernames)]
        for name, value in cookies.items():
            self.client.cookies.set(name, value, domain=host)
        self.csrf_token = cookies["csrftoken"]

    def post_form(self, path, data, *, name, expect):
        data = {**data, "csrfmiddlewaretoken": self.csrf_token}
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} instead of {expect}")
            self.keep_cookies_over_loopback()
            return response

    def keep_cookies_over_loopback(self):
        # Cookies the server sets are marked Secure (it believes it is behind TLS).
        for cookie in self.client.cookies:
            cookie.secure = False

    def get(self, path, *, name, params=None):
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/login/" in response.url:
                response.failure(f"{response.status_code} at {response.url}")
            self.keep_cookies_over_loopback()
            return response

    @task(6)
    def open_article(self):
        article = random.choice(PLAN["articles"])
        self.get(f"/articles/{article['id']}/", name="open article")

    @task(4)
    def highlight_and_tag(self):
        article = random.choice(PLAN["articles"])
        passage = random.choice(article["passages"])
        marker = f"load-{uuid.uuid4().hex}"
        response = self.post_form(
            f"/articles/{article['id']}/annotations/",
            {
                "start_utf16": passage["start_utf16"],
                "end_utf16": passage["end_utf16"],
                "exact": passage["exact"],
                "themes": random.choice(PLAN["themes"]),
                "actors": random.choice(PLAN["actors"]),
                "note": marker,
            },
            name="create and tag annotation",
            expect=302,
        )
        if response.status_code == 302:
            ACKS.write(marker + "\n")
            ACKS.flush()

    @task(4)
    def browse_quotes(self):
        params = random.choice(
            [
                {},
                {"theme": random.choice(PLAN["themes"])},
                {"actor": random.choice(PLAN["actors"]), "status": "approved"},
                {"q": random.choice(PLAN["search_words"])},
            ]
        )
        self.get("/quotes/", params=params, name="browse quotes")

    @task(2)
    def browse_articles(self):
        self.get(
            "/articles/",
            params={"theme": random.choice(PLAN["themes"]), "annotated": "on"},
            name="browse articles",
        )

    @task(1)
    def export_csv(self):
        self.get(
            "/export/annotations.csv",
            params={"theme": random.choice(PLAN["themes"]), "status": "approved"},
            name="export CSV",
        )


class Editor(Analyst):
    """Works through the review queue: reads it, approves or rejects quotes."""

    weight = 1
    usernames = EDITORS

    @task(3)
    def review_queue(self):
        self.get("/review/", name="review queue")

    @task(5)
    def review_one(self):
        pk = next(PENDING, None)
        if pk is None:
            return
        decision = random.choice(["approved", "approved", "rejected"])
        self.post_form(
            f"/annotations/{pk}/review/",
            {"decision": decision, "reason": "Hors sujet" if decision == "rejected" else "",
             "version": 1},
            name="review quote",
            expect=302,
        )  # fmt: skip
