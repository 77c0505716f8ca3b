"""A dossier's outcome, as a task hands it back to the flow. Its own light module: the flow's process
unpickles outcomes sent back by Dask workers and should not need the whole pipeline to do it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DossierOutcome:
    dossier_id: str
    source: str
    state: str
    reason: str | None = None
    detail: str | None = None
    files: int = 0
    unchanged: bool = False  # a re-run found the same content already final in this batch
    parts: tuple["DossierOutcome", ...] = ()  # a box file (state split): the dossiers cut from it

    def flat(self) -> list["DossierOutcome"]:
        """This outcome and those of the dossiers cut from it."""
        return [self, *self.parts]
