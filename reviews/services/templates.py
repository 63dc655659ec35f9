"""Review templates: creating and changing them, their answers, and applying them.

A template answer goes through the same content rules as a workload answer
(``reviews.services.answers.answer_content``); applying a template writes the workload's
answers as ordinary answer changes (new version, history row, counts, plan tracking,
activity), in a constant number of statements whatever the number of answers.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone

from catalog.choices import Risk
from catalog.question_tree import question_tree
from catalog.selectors import latest_published
from mllens.errors import ConflictError, version_check
from reviews import risk
from reviews.choices import Role, SkipReason
from reviews.models import (
    Answer,
    AnswerChange,
    ImprovementItem,
    LensReview,
    ReviewTemplate,
    TemplateAnswer,
    TemplateLens,
    TemplateMember,
    Workload,
)
from reviews.models.counts import COUNT_FIELDS
from reviews.permissions import template_get_for_user
from reviews.services.activity import activity_record
from reviews.services.answers import UNSET, answer_content, answer_state
from reviews.services.counts import pillar_counts_write
from reviews.services.locks import workload_lock

FILL_EMPTY = "fill_empty"
OVERWRITE = "overwrite"
CONTENT = ("selected_choices", "choice_statuses", "is_applicable", "reason", "notes")
EMPTY = {
    "selected_choices": [],
    "choice_statuses": {},
    "is_applicable": True,
    "reason": "",
    "notes": "",
    "risk": Risk.UNANSWERED.value,
    "version": 0,
}


def _template_lenses(template: ReviewTemplate, lenses: list) -> None:
    """Make the template's lenses exactly ``lenses``: a new one at its latest published
    version; one that stays keeps its version and answers; one that goes loses its answers."""
    have = {tl.lens_id: tl for tl in template.lenses.all()}
    wanted = {lens.pk: lens for lens in lenses}
    TemplateLens.objects.filter(template=template).exclude(lens_id__in=list(wanted)).delete()
    TemplateLens.objects.bulk_create(
        TemplateLens(template=template, lens=lens, lens_version=latest_published(lens))
        for pk, lens in wanted.items()
        if pk not in have
    )


@transaction.atomic
def template_create(*, user, name: str, description: str = "", lenses: list = ()) -> ReviewTemplate:
    """A new template; its creator is its owner."""
    template = ReviewTemplate.objects.create(name=name, description=description, created_by=user)
    TemplateMember.objects.create(template=template, user=user, role=Role.OWNER)
    _template_lenses(template, list(lenses))
    activity_record(
        actor=user,
        verb="template.create",
        obj=template,
        summary=f"created template {name}",
        data={"template": template.pk},
    )
    return template


def _locked(template_id: int) -> ReviewTemplate:
    template = ReviewTemplate.objects.select_for_update().filter(pk=template_id).first()
    if template is None:
        raise Http404("No such template.")
    return template


@transaction.atomic
def template_update(*, template: ReviewTemplate, user, expected, **changes) -> ReviewTemplate:
    """Rename, describe, or set the lenses of a template (``If-Match``: ``expected``)."""
    template = _locked(template.pk)
    version_check(expected, template.version)
    lenses = changes.pop("lenses", None)
    for field, value in changes.items():
        setattr(template, field, value)
    if lenses is not None:
        _template_lenses(template, lenses)
    template.version += 1
    template.save()
    activity_record(
        actor=user,
        verb="template.update",
        obj=template,
        summary=f"changed template {template.name}",
        data={"template": template.pk, "version": template.version},
    )
    return template


@transaction.atomic
def template_delete(*, template: ReviewTemplate, user, expected) -> None:
    """Delete a template; answers that came from it keep their content (origin cleared)."""
    template = _locked(template.pk)
    version_check(expected, template.version)
    Answer.objects.filter(template=template).update(template=None, template_version=None)
    activity_record(
        actor=user,
        verb="template.delete",
        obj=template,
        summary=f"deleted template {template.name}",
        data={"template": template.pk},
    )
    template.delete()


class TemplateAnswerConflict(ConflictError):
    """A stale ``version``: ``answer`` is the current template answer."""

    def __init__(self, answer: TemplateAnswer) -> None:
        super().__init__("The answer changed since you loaded it.")
        self.answer = answer


def template_lens_get(template: ReviewTemplate, slug: str) -> TemplateLens:
    found = (
        TemplateLens.objects.select_related("lens", "lens_version")
        .filter(template=template, lens__slug=slug)
        .first()
    )
    if found is None:
        raise Http404("This lens is not in the template.")
    return found


def template_answer_get(template_lens: TemplateLens, question_key: str) -> TemplateAnswer:
    """The pre-set answer, or an unsaved empty one (version 0) for a question of the lens."""
    node = _node(template_lens, question_key)
    answer = TemplateAnswer.objects.filter(
        template_lens=template_lens, question_key=question_key
    ).first()
    if answer is None:
        answer = TemplateAnswer(template_lens=template_lens, question_key=question_key)
    answer.question_node = node
    return answer


def _node(template_lens: TemplateLens, question_key: str):
    version = template_lens.lens_version
    node = question_tree(
        version.pk, status=version.status, digest=version.document_sha256, keys=(question_key,)
    ).get(question_key)
    if node is None:
        raise Http404("No such question in this lens.")
    return node


def template_answer_save(
    *, user, template_id: int, slug: str, question_key: str, version: int, **changes
) -> TemplateAnswer:
    """Change the pre-set answer of one question (contributors of the template).

    ``version`` must be the answer's current version (0: not pre-set yet), else
    ``TemplateAnswerConflict``. A change bumps the answer's and the template's versions.
    """
    with transaction.atomic():
        template = template_get_for_user(user, template_id, need="edit")
        template = _locked(template.pk)
        template_lens = template_lens_get(template, slug)
        answer = template_answer_get(template_lens, question_key)
        if answer.pk is not None:
            answer = TemplateAnswer.objects.select_for_update().get(pk=answer.pk)
            answer.question_node = _node(template_lens, question_key)
        if version != answer.version:
            raise TemplateAnswerConflict(answer)
        before = answer_state(answer)
        content = answer_content(
            answer.question_node, before, **{k: changes.get(k, UNSET) for k in CONTENT}
        )
        if {**before, **content} == before and answer.pk is not None:
            return answer
        for field, value in content.items():
            setattr(answer, field, value)
        answer.version = version + 1
        answer.updated_by = user
        answer.updated_at = timezone.now()
        answer.save()
        ReviewTemplate.objects.filter(pk=template.pk).update(
            version=F("version") + 1, updated_at=answer.updated_at
        )
        activity_record(
            actor=user,
            verb="template.answer.update",
            obj=template,
            summary=f"pre-set {question_key} in template {template.name}",
            data={"template": template.pk, "question": question_key, "version": answer.version},
        )
        return answer


@transaction.atomic
def template_answer_delete(
    *, user, template_id: int, slug: str, question_key: str, expected
) -> None:
    """Stop pre-setting a question (``If-Match``: the answer's version)."""
    template = _locked(template_get_for_user(user, template_id, need="edit").pk)
    answer = template_answer_get(template_lens_get(template, slug), question_key)
    if answer.pk is None:
        raise Http404("This question is not pre-set.")
    version_check(expected, answer.version)
    answer.delete()
    ReviewTemplate.objects.filter(pk=template.pk).update(version=F("version") + 1)


def template_apply(*, user, workload: Workload, template: ReviewTemplate, mode: str) -> dict:
    """Write the template's answers into the workload's reviews of the same lens versions.

    ``FILL_EMPTY`` leaves answers the workload already gave; ``OVERWRITE`` replaces them.
    Each written answer is an ordinary change (version, history, counts, plan tracking)
    that records the template and its version. Lenses the workload does not review, or
    reviews at another lens version, are reported as skipped.
    """
    with transaction.atomic():
        workload_lock(workload.pk, no_key=True)
        template_answers = list(
            TemplateAnswer.objects.filter(template_lens__template=template).select_related(
                "template_lens__lens", "template_lens__lens_version"
            )
        )
        lens_ids = {ta.template_lens.lens_id for ta in template_answers}
        reviews = {
            review.lens_id: review
            for review in LensReview.objects.select_for_update(of=("self",))
            .select_related("lens_version")
            .filter(workload=workload, lens_id__in=lens_ids)
        }
        wanted = Q(pk__in=[])
        for ta in template_answers:
            review = reviews.get(ta.template_lens.lens_id)
            if review and review.lens_version_id == ta.template_lens.lens_version_id:
                wanted |= Q(lens_review=review, question_key=ta.question_key)
        answers = {
            (a.lens_review_id, a.question_key): a
            for a in Answer.objects.select_for_update().filter(wanted)
        }
        return _apply(user, workload, template, mode, template_answers, reviews, answers)


def _apply(user, workload, template, mode, template_answers, reviews, answers) -> dict:
    applied, skipped, changes, left = [], [], [], Q(pk__in=[])
    now = timezone.now()
    touched: dict[int, LensReview] = {}
    for ta in template_answers:
        review = reviews.get(ta.template_lens.lens_id)
        slug = ta.template_lens.lens.slug
        answer = answers.get((review.pk, ta.question_key)) if review else None
        entry = {"lens": slug, "question_key": ta.question_key}
        if answer is None:
            why = SkipReason.NOT_REVIEWED if review is None else SkipReason.LENS_VERSION_DIFFERS
            skipped.append({**entry, "reason": why})
            continue
        before = answer_state(answer)
        if mode == FILL_EMPTY and {**before, "version": 0} != EMPTY:
            skipped.append({**entry, "reason": SkipReason.ANSWERED})
            continue
        version = review.lens_version
        node = question_tree(version.pk, status=version.status, digest=version.document_sha256).get(
            ta.question_key
        )
        content = answer_content(node, EMPTY, **_as_changes(ta))
        for field, value in content.items():
            setattr(answer, field, value)
        answer.template_id = template.pk
        answer.template_version = template.version
        applied.append(entry)
        if answer_state(answer) == before:
            answer.template_answer_version = answer.version
            continue
        answer.version += 1
        answer.template_answer_version = answer.version
        answer.needs_review = False
        answer.updated_by = user
        answer.updated_at = now
        changes.append(
            AnswerChange(
                answer=answer,
                version=answer.version,
                actor=user,
                before=before,
                after=answer_state(answer),
            )
        )
        if before["risk"] != answer.risk:
            risk.move(
                review.risk_summary,
                answer.pillar_key,
                answer.phase_key,
                before["risk"],
                answer.risk,
            )
            touched[review.pk] = review
        was = risk.plan_choice_keys(
            known=node.known,
            risk=before["risk"],
            selected=before["selected_choices"],
            not_applicable=before["choice_statuses"],
        )
        now_in = set(
            risk.plan_choice_keys(
                known=node.known,
                risk=answer.risk,
                selected=answer.selected_choices,
                not_applicable=answer.choice_statuses,
            )
        )
        if gone := [key for key in was if key not in now_in]:
            left |= Q(lens_review=review, question_key=answer.question_key, choice_key__in=gone)
    written = [answers[k] for k in answers if answers[k].template_id == template.pk]
    Answer.objects.bulk_update(
        written,
        [
            *CONTENT,
            "risk",
            "version",
            "needs_review",
            "updated_by",
            "updated_at",
            "template",
            "template_version",
            "template_answer_version",
        ],
    )
    AnswerChange.objects.bulk_create(changes)
    ImprovementItem.objects.filter(left).delete()
    _recount(workload, list(touched.values()))
    activity_record(
        workload=workload,
        actor=user,
        verb="template.apply",
        obj=workload,
        summary=f"applied template {template.name} (version {template.version}, "
        f"{len(applied)} answer(s))",
        data={
            "template": template.pk,
            "version": template.version,
            "mode": mode,
            "applied": len(applied),
            "changed": len(changes),
        },
    )
    return {
        "template": template.pk,
        "template_version": template.version,
        "mode": mode.upper(),
        "applied": applied,
        "skipped": skipped,
    }


def _as_changes(answer: TemplateAnswer) -> dict:
    """A template answer's content as the changes of an answer body (what a PATCH sends)."""
    return {
        "selected_choices": list(answer.selected_choices),
        "choice_statuses": {
            key: {"status": "NOT_APPLICABLE", **status}
            for key, status in answer.choice_statuses.items()
        },
        "is_applicable": answer.is_applicable,
        "reason": answer.reason,
        "notes": answer.notes,
    }


def _recount(workload: Workload, reviews: list[LensReview]) -> None:
    """Store the moved summaries, and the counts derived from them, of ``reviews`` and the
    workload (a constant number of statements)."""
    if not reviews:
        return
    deltas = risk.empty_counts()
    for review in reviews:
        totals = risk.empty_counts()
        for counts in review.risk_summary.get("pillars", {}).values():
            for level, value in counts.items():
                totals[level] += value
        for level, value in totals.items():
            deltas[level] += value - review.risk_counts[level]
            setattr(review, COUNT_FIELDS[Risk(level)], value)
        review.version += 1
    LensReview.objects.bulk_update(reviews, ["risk_summary", "version", *COUNT_FIELDS.values()])
    Workload.objects.filter(pk=workload.pk).update(
        **{COUNT_FIELDS[Risk(k)]: F(COUNT_FIELDS[Risk(k)]) + v for k, v in deltas.items() if v},
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    pillar_counts_write(reviews)
