import dataclasses
import json
import sys
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotations.importers.base import ImportFailure, checked_language
from annotations.intake import items_from_sources
from annotations.models import Dossier
from annotations.services import imports, restore


class Command(BaseCommand):
    help = (
        "Import articles from files, folders (recursively), zips, JSONL/CSV sets and URLs. "
        "Prints one line per item and the totals; exits 1 when any item failed. A JSONL "
        "backup's annotations come in as the --user's pending highlights; --restore brings "
        "back their authors, reviews and dates."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--dossier", help="Add the articles to this dossier (created if new).")
        parser.add_argument("--user", help="Record this user as the importer.")
        parser.add_argument("--language", default="", help="Language code when not detected.")
        parser.add_argument("--dry-run", action="store_true", help="Extract but save nothing.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="A known URL with a new text replaces the stored text (highlights re-anchored); "
            "needs --user of an editor.",
        )
        parser.add_argument(
            "--restore",
            dest="full_restore",
            action="store_true",
            help="Restore JSONL backups in full: authors (unknown ones created as inactive "
            "users), review states, reviewers, dates, theme colours, actors' identifiers and "
            "spellings. With --user, that user must be staff.",
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="With --dry-run: one JSON object per article.",
        )

    def handle(
        self,
        *args,
        sources,
        dossier,
        user,
        language,
        dry_run,
        as_json,
        update,
        full_restore,
        **options,
    ):
        if as_json and not dry_run:
            raise CommandError("--json goes with --dry-run.")
        try:
            language = checked_language(language)
        except ImportFailure as failure:
            raise CommandError(f"--language: {failure}") from None
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user called “{user}”.")
        items = items_from_sources(sources, language=language)
        if dry_run:
            failed = self._dry_run(items, as_json=as_json)
        else:
            target = None
            if dossier:
                target, _ = Dossier.objects.get_or_create(
                    name=dossier, defaults={"created_by": importer}
                )
            try:
                failed = self._import(items, importer, target, update, full_restore)
            except PermissionDenied as refusal:
                raise CommandError(str(refusal)) from refusal
        if failed:
            sys.exit(1)

    def _progress(self, items):
        # A bar on standard error for interactive runs; the per-item lines stay on stdout.
        return tqdm(items, unit=" items", file=sys.stderr, disable=None, leave=False)

    def _dry_run(self, items, *, as_json: bool) -> int:
        failed = 0
        for item in self._progress(items):
            if item.draft is None:
                failed += 1
                self.stderr.write(f"failed     {item.source}: {item.error}")
                continue
            if as_json:
                record = dataclasses.asdict(item.draft)
                record.pop("annotations", None)
                record["published"] = (
                    item.draft.published.isoformat() if item.draft.published else None
                )
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            else:
                self.stdout.write(f"extracted  {item.source}: {item.draft.title}")
        return failed

    def _import(self, items, importer, dossier, update: bool, full_restore: bool) -> int:
        totals = Counter()
        tally = restore.RestoreTally()
        outcomes = imports.articles_import(
            items=self._progress(items),
            created_by=importer,
            dossier=dossier,
            update_existing=update,
            full_restore=full_restore,
            tally=tally,
        )
        for outcome in outcomes:
            totals[outcome.status] += 1
            if outcome.status == "imported":
                line = (
                    f"imported   {outcome.source} → #{outcome.article.pk} {outcome.article.title}"
                )
                if outcome.message:
                    line += f" ({outcome.message})"
            elif outcome.status == "updated":
                line = f"updated    {outcome.source} → #{outcome.article.pk}: {outcome.message}"
            elif outcome.status == "duplicate":
                line = f"duplicate  {outcome.source}: {outcome.message}"
            else:
                line = f"failed     {outcome.source}: {outcome.message}"
            self.stdout.write(line)
        updated = f", {totals['updated']} updated" if update else ""
        self.stdout.write(
            f"{totals['imported']} imported{updated}, {totals['duplicate']} duplicates, "
            f"{totals['failed']} failed"
        )
        if tally.by_status:
            verb = "Restored" if full_restore else "Imported as pending"
            self.stdout.write(f"{verb} from backups: {tally.describe()}")
        return totals["failed"]
