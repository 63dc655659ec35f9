"""Catalogue pages: the lens list, a lens with its pillar × phase matrix, the import page."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from catalog import lensformat, permissions, selectors
from catalog.lensformat.nonechoice import looks_like_none


@login_required
def lens_list(request):
    lenses = selectors.lens_list_for_user(request.user)
    return render(request, "catalog/lens_list.html", {"lenses": lenses})


@login_required
def lens_detail(request, slug: str):
    lens = selectors.lens_get_for_user(request.user, slug)
    versions = list(selectors.versions_for_user(request.user, lens))
    label = request.GET.get("version") or ("latest" if lens.published_count else "draft")
    try:
        found = selectors.lens_version_get_for_user(request.user, lens, label)
    except selectors.VersionNotFound as missing:
        if missing.latest is None:
            raise
        # A stale "?version=draft" link (the draft was published or discarded).
        messages.info(
            request,
            f"There is no draft of this lens any more: it has been published or discarded. "
            f"This is the latest published version, {missing.latest.version}.",
        )
        query = urlencode({"version": missing.latest.version})
        return redirect(f"{reverse('lens-detail', args=[lens.slug])}?{query}")
    version = selectors.lens_version_tree(found)
    questions = list(version.questions.all())
    pillars = list(version.pillars.all())
    phases = list(version.phases.all())
    phase_ids = {phase.key: phase.pk for phase in phases}
    # A practice sits in its own phases where the lens places practices (the Generative AI
    # Lens, where one may sit in two), otherwise in its question's phase.
    cells = Counter(
        (question.pillar_id, phase_id)
        for question in questions
        for choice in question.choices.all()
        if not choice.is_none
        for phase_id in ([phase_ids[key] for key in choice.phases] or [question.phase_id])
    )
    phase_names = {phase.key: phase.name for phase in phases}
    for question in questions:
        for choice in question.choices.all():
            choice.phase_names = [phase_names[key] for key in choice.phases]
    per_pillar = Counter(
        question.pillar_id
        for question in questions
        for choice in question.choices.all()
        if not choice.is_none
    )
    # Practices without a phase get a column of their own, so every row adds up.
    columns = [phase.pk for phase in phases]
    if phases and any(phase_id is None for _, phase_id in cells):
        columns.append(None)
    matrix = [
        {
            "pillar": pillar,
            "cells": [cells.get((pillar.pk, column), 0) for column in columns],
            "total": per_pillar[pillar.pk],
        }
        for pillar in pillars
    ]
    phase_totals = [sum(row["cells"][i] for row in matrix) for i in range(len(columns))]
    by_pillar = [
        {"pillar": pillar, "questions": [q for q in questions if q.pillar_id == pillar.pk]}
        for pillar in pillars
    ]
    context = {
        "lens": lens,
        "version": version,
        "versions": versions,
        "phases": phases,
        "unphased_column": None in columns,
        "matrix": matrix,
        "phase_totals": phase_totals,
        "practice_total": sum(per_pillar.values()),
        "counted_twice": sum(cells.values()) > sum(per_pillar.values()),
        "by_pillar": by_pillar,
        "can_manage": permissions.can_manage(request.user, lens),
        "aws_fit_changes": lensformat.aws_fit_changes(version.document),
        "none_suspects": [
            {"question": question.key, "choice": choice.key, "title": choice.title}
            for question in questions
            for choice in question.choices.all()
            if looks_like_none({"id": choice.key, "title": choice.title})
        ],
    }
    return render(request, "catalog/lens_detail.html", context)


@login_required
def lens_import(request):
    lens = None
    if slug := request.GET.get("lens"):
        lens = selectors.lens_get_for_user(request.user, slug)
        if not permissions.can_manage(request.user, lens):
            raise PermissionDenied("Only the owner of this lens (or staff) may import a draft.")
    targets = selectors.lenses_manageable_by(request.user)
    return render(request, "catalog/lens_import.html", {"lens": lens, "targets": targets})
