"""Flows for the scheduled and on-demand maintenance deployments: the fixity sweep and retraining
the procedure classifier. Each calls the service that does the work and reports what it found."""
from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from prefect.events import emit_event

from sohoa.config import Settings


class FixityDamage(Exception):
    """Stored objects are missing or altered: the run fails so an automation can notify."""


@flow(name="fixity-sweep", log_prints=False)
def fixity_sweep(batch: str | None = None) -> dict[str, int]:
    """Re-hash stored objects against the pipeline database (one batch, or all)."""
    from storage.fixity import run_fixity

    report = run_fixity(Settings(), batch)
    counts = {"checked": report.checked, "missing": len(report.missing), "altered": len(report.altered)}
    lines = [f"# Fixity sweep{f' of batch {batch}' if batch else ''}", "",
             f"{counts['checked']} objects checked: {counts['missing']} missing, {counts['altered']} altered."]
    lines += [f"- missing `{k}`" for k in report.missing] + [f"- altered `{k}`" for k in report.altered]
    create_markdown_artifact("\n".join(lines) + "\n", key="fixity-sweep", description="Last fixity sweep")
    emit_event("sohoa.fixity.checked", resource={"prefect.resource.id": "sohoa.fixity"}, payload=counts)
    if report.missing or report.altered:
        raise FixityDamage(f"{counts['missing']} missing, {counts['altered']} altered objects")
    return counts


@flow(name="retrain-classifier", log_prints=False)
def retrain_classifier(truth: list[str] | None = None, reviewed: bool = True, noisy_copies: int = 2) -> str:
    """Train the procedure model on truth files and reviewers' labels; the new version becomes current."""
    from pathlib import Path

    from training.train import train_and_store

    model, key, n = train_and_store(Settings(), [Path(t) for t in truth or []], use_reviews=reviewed,
                                    noisy_copies=noisy_copies)
    create_markdown_artifact(f"# Classifier {model.version}\n\nTrained on {n} labelled dossiers; "
                             f"threshold {model.threshold:.3f}; stored as `{key}`.\n",
                             key="classifier-training", description="Last classifier training")
    return model.version
