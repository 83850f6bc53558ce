import contextlib
import pathlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from annotations.exports import backup, database_csv, jsonld
from annotations.filters import QuoteFilter
from annotations.models import Annotation, Dossier
from annotations.selectors import export_sets


class Command(BaseCommand):
    help = (
        "Export a filtered set of annotations as CSV, W3C Web Annotation JSON-LD, or a JSONL "
        "backup of articles with their annotations (which import_articles reads back). "
        "Filters mean what they mean on the quotes page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "jsonld", "jsonl"], default="csv")
        parser.add_argument("--theme", action="append", default=[], help="Theme name (repeatable)")
        parser.add_argument("--actor", action="append", default=[], help="Actor name or alias")
        parser.add_argument("--speaker", action="append", default=[])
        parser.add_argument(
            "--status", action="append", default=[], choices=Annotation.Status.values
        )
        parser.add_argument("--dossier", help="Dossier name")
        parser.add_argument("--language")
        parser.add_argument("--author", help="Username of the annotations' author")
        parser.add_argument("--since", help="Articles published on or after YYYY-MM-DD")
        parser.add_argument("--until", help="Articles published on or before YYYY-MM-DD")
        parser.add_argument("--search", help="Full-text search in quotes and notes")
        parser.add_argument("--output", "-o", help="File to write (standard output when omitted)")
        parser.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM")
        parser.add_argument(
            "--delimiter", choices=[",", ";"], default=",", help="CSV: the separator"
        )
        parser.add_argument(
            "--base-url", default=settings.NEWSROOM_BASE_URL, help="Absolute URLs start with this"
        )

    def handle(self, *args, **options):
        params = self._filter_params(options)
        quotes = QuoteFilter(params, queryset=Annotation.objects.all())
        if not quotes.is_valid():
            raise CommandError(f"Invalid filters: {quotes.errors.as_text()}")
        if unknown := quotes.unknown_names():
            raise CommandError(" ".join(unknown))
        base_url = options["base_url"].rstrip("/")
        selected = export_sets.annotations_for_export(quotes.qs)
        if options["format"] == "csv":
            self._csv(options, quotes, base_url)
            return
        if options["output"]:
            with _output(options["output"], "w", encoding="utf-8", newline="") as out:
                summary = self._write(out, options, quotes, selected, base_url, params)
            self.stderr.write(f"Exported {summary} to {options['output']}")
        else:
            self._write(_Unterminated(self.stdout), options, quotes, selected, base_url, params)

    def _csv(self, options, quotes, base_url) -> None:
        """CSV is built by the database (database_csv.fast_csv), straight into the file."""
        copy_options = {
            "base_url": base_url,
            "bom": options["bom"],
            "delimiter": options["delimiter"],
        }
        if options["output"]:
            with _output(options["output"], "wb") as out:
                database_csv.fast_csv(quotes.qs, out, **copy_options)
            self.stderr.write(f"Exported to {options['output']}")
        else:
            out = getattr(self.stdout._out, "buffer", None)
            if out is None:  # a text stream (tests): go through the streaming path
                for chunk in database_csv.iter_fast_csv(quotes.qs, **copy_options):
                    self.stdout.write(chunk.decode(), ending="")
            else:
                self.stdout.flush()
                database_csv.fast_csv(quotes.qs, out, **copy_options)
                out.flush()

    def _write(self, out, options, quotes, selected, base_url, params) -> str:
        if options["format"] == "jsonld":
            total = selected.count()
            jsonld.write_jsonld(jsonld.quote_records(selected), out, base_url=base_url, total=total)
            return f"{total} annotations"
        count = 0
        for line in backup.iter_jsonl(
            export_sets.articles_for_backup(quotes.qs if params else None)
        ):
            out.write(line)
            count += 1
        return f"{count} articles"

    def _filter_params(self, options) -> QueryDict:
        params = QueryDict(mutable=True)
        for name in ("theme", "actor", "speaker"):
            if options[name]:
                params[name] = ",".join(options[name])
        if options["status"]:
            params.setlist("status", options["status"])
        for name in ("language", "author", "since", "until"):
            if options[name]:
                params[name] = options[name]
        if options["search"]:
            params["q"] = options["search"]
        if options["dossier"]:
            dossier = Dossier.objects.filter(name=options["dossier"]).first()
            if dossier is None:
                raise CommandError(f"No dossier called “{options['dossier']}”.")
            params["dossier"] = str(dossier.pk)
        return params


@contextlib.contextmanager
def _output(path: str, mode: str, **options):
    """The file to write, removed again if the export fails: a half-written or empty file
    would pass for a result."""
    try:
        with open(path, mode, **options) as out:
            yield out
    except BaseException:
        pathlib.Path(path).unlink(missing_ok=True)
        raise


class _Unterminated:
    """Command output that adds no newline of its own to each write."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")
