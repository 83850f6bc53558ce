from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import tasks
from annotations.forms import MentionForm
from annotations.models import Article, Dossier, Entity, MentionTagging
from annotations.refusals import refusal_message
from annotations.selectors import mention_candidates, reading
from annotations.services import mentions
from annotations.views.articles import reader_context


def _reader_with_suggestions(request, article_pk: int, status: int = 200):
    reader = reading.article_for_reading(pk=article_pk)
    context = reader_context(reader, request.user)
    context["suggestions"] = mention_candidates.article_suggestions(article=reader.article)
    from annotations import entities

    context["ner_available"] = entities.ner_available(reader.article.language or "fr")
    template = (
        "annotations/article_detail.html#reader"
        if request.htmx
        else "annotations/article_detail.html"
    )
    return render(request, template, context, status=status)


@require_GET
def article_suggestions(request, pk: int):
    get_object_or_404(Article, pk=pk)
    return _reader_with_suggestions(request, pk)


@require_POST
def mention_decide(request, pk: int):
    """Accept or dismiss one suggestion, or all of them at once."""
    article = get_object_or_404(Article, pk=pk)
    form = MentionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["scope"] == "all":
            chosen = [
                (m["start"], m["end"], m["actor_id"], m["label"])
                for m in mention_candidates.article_suggestions(article=article)
                if data["decision"] == "dismiss" or m["actor_id"]
            ]
        else:
            chosen = [(data["start"], data["end"], data["actor_id"], data["label"])]
        try:
            for start, end, actor_id, label in chosen:
                if data["decision"] == "accept":
                    mentions.mention_accept(
                        user=request.user,
                        article=article,
                        start=start,
                        end=end,
                        actor_id=actor_id,
                        label=label,
                    )
                else:
                    mentions.mention_dismiss(
                        user=request.user, article=article, start=start, end=end
                    )
        except (ValidationError, Entity.DoesNotExist) as error:
            messages.error(request, str(error))
    return _reader_with_suggestions(request, pk)


@require_http_methods(["GET", "POST"])
def tag_every_mention(request, slug: str):
    """Preview the matches of an actor's names, then tag them all in the background."""
    entity = get_object_or_404(Entity, slug=slug)
    dossier = None
    dossier_pk = request.POST.get("dossier") or request.GET.get("dossier")
    if dossier_pk:
        dossier = get_object_or_404(Dossier, pk=dossier_pk)
    if request.method == "POST":
        try:
            tagging = mentions.mention_tagging_start(
                user=request.user, entity=entity, dossier=dossier
            )
        except ValidationError as error:
            messages.error(request, refusal_message(error))
        else:
            tasks.tag_every_mention.enqueue(tagging.pk)
            return redirect(tagging)
    context = {
        "entity": entity,
        "dossier": dossier,
        "dossiers": Dossier.objects.only("pk", "name"),
        **mention_candidates.mention_preview(entity=entity, dossier=dossier),
    }
    return render(request, "annotations/tag_every_mention.html", context)


@require_GET
def mention_tagging_detail(request, pk: int):
    tagging = get_object_or_404(MentionTagging.objects.select_related("entity", "dossier"), pk=pk)
    if tagging.created_by_id != request.user.pk and not request.user.is_staff:
        raise PermissionDenied("This run belongs to someone else.")
    template = "annotations/mention_tagging.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"tagging": tagging})
