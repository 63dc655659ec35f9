"""The one access path to lenses: who may read, who may manage."""

from __future__ import annotations

from catalog.models import Lens
from mllens.errors import PermissionDeniedError


def can_manage(user, lens: Lens) -> bool:
    """Owners manage their custom lenses; staff manage every lens.

    Shipped lenses come from the data files in the repository; staff may add versions of
    their own (such as AWS's wording of the same lens), which ``load_lenses`` leaves alone.
    Nobody deletes a shipped lens (``services.lens_delete``).
    """
    if lens.is_shipped:
        return bool(user.is_staff)
    return bool(user.is_staff or lens.owner_id == user.pk)


def ensure_can_manage(user, lens: Lens) -> None:
    """Raise ``PermissionDeniedError`` unless ``user`` may import, publish or delete ``lens``.

    Callers look the lens up through ``selectors.lens_get_for_user`` first, so a user who may
    not even read it has had a 404 before getting here.
    """
    if not can_manage(user, lens):
        raise PermissionDeniedError("Only the owner of this lens (or staff) may change it.")
