"""Dossiers as claimed work items: two `sohoa ingest` of one batch at once process each dossier once."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter

from flow_helpers import CLI, COUNT_COMMAND_CALLS, WORKTREE, cli_env, counting_tesseract, page_ocr_calls

from storage import work_items
from storage.pipeline_db import PipelineDB


def test_two_runs_of_one_batch_at_once_process_each_dossier_once(sample_batch, home, tmp_path):
    folder, _ = sample_batch
    bin_dir, calls = counting_tesseract(tmp_path / "bin")
    env = cli_env(PATH=f"{bin_dir}:{cli_env()['PATH']}", SOHOA_HOME=str(home), **COUNT_COMMAND_CALLS)
    runs = [subprocess.Popen([sys.executable, *CLI, "ingest", str(folder), "--batch", "twice", "--workers", "2"],
                             cwd=WORKTREE, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(2)]
    outputs = [r.communicate(timeout=600)[0] for r in runs]
    for run, output in zip(runs, outputs):
        if run.returncode:  # shown whole under "Captured stdout": an assertion message is cut to 640 characters
            print(output)
    assert [r.returncode for r in runs] == [0, 0]

    db = PipelineDB(f"sqlite:///{home / 'pipeline.sqlite'}")
    try:
        items = work_items.states(db, "twice")
        dossiers = db.batch_status("twice")
        assert len(items) == len(dossiers) == len(list(folder.iterdir()))
        assert all(i.done and i.attempts == 1 for i in items.values())
        pids = {i.owner.split(":")[1] for i in items.values()}
        assert len(pids) == 2, "both runs must have worked on the batch"
        assert all(d.state != "processing" for d in dossiers)
        # one OCR stage per dossier that has pages, and each page image OCR'd once
        ocr_events = Counter(e.dossier_id for e in db.events(batch="twice") if e.step == "ocr")
        assert set(ocr_events.values()) == {1}
        pages = page_ocr_calls(calls)
        assert pages and len(pages) == len({sha for _, sha in pages})
        assert sum(ocr_events.values()) == len([d for d in dossiers if d.pages])
    finally:
        db.close()
