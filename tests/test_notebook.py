"""notebooks/explore.ipynb runs top to bottom, headless, on the kernel of this test's Python, and each of
its seven steps (build, named queries, SPARQL, trace, timeline, ego network, confidence) shows what it says."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"
KERNEL = "newsgraph-test"


@pytest.fixture
def kernel_here(tmp_path, monkeypatch):
    """A kernel spec that runs this interpreter (the venv), found before any user-wide "python3"."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "newsgraph test", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return KERNEL


CHECK = """
import json
print(json.dumps({
    "articles": len(articles),
    "meeting_columns": list(meetings.columns), "meetings": len(meetings),
    "roles": len(roles), "role_people": sorted(set(roles["person"].dropna())), "quotes": len(quotes), "pairs": len(pairs),
    "pair_events_min": int(pairs["events"].min()) if len(pairs) else 0,
    "participant": fact["participant"], "traced_sentence": traced["sentence"],
    "traced_article": traced["article"], "fact_article": fact["article"],
    "offsets": [int(traced["start"]), int(traced["end"])],
    "person": person, "dated": len(dated),
    "ego_nodes": ego.number_of_nodes(), "ego_has_centre": centre in ego,
    "counts": {n: [len(named[n]), len(confident[n])] for n in named},
    "confident_min": min((float(c) for df in confident.values() for c in df["confidence"]), default=1.0),
}))
"""


def _outputs(nb: nbformat.NotebookNode, tag: str) -> list[dict]:
    """The outputs of the code cell tagged ``tag`` (each step's cell carries one tag)."""
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag}"
    return cells[0].outputs


def _html(outputs: list[dict]) -> str:
    return "\n".join(o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}))


def test_explore_notebook_teaches_each_step(kernel_here):
    """Runs the notebook headless and checks what each of its seven steps shows, then its variables."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK, metadata={"tags": ["check"]}))
    client = nbclient.NotebookClient(nb, kernel_name=kernel_here, timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    facts = json.loads("".join(o["text"] for o in _outputs(nb, "check") if o.output_type == "stream"))

    # 1. the store holds the seed, plus 15 corpus records when the shared corpus is here
    shared = NOTEBOOK.parent.parent.parent / "shared" / "corpus" / "bbc_diplomacy_selected.jsonl"
    assert facts["articles"] == (16 if shared.is_file() else 1)
    # 2. named queries as DataFrames, shown as tables with their columns
    assert facts["meetings"] > 0 and facts["roles"] > 0 and facts["quotes"] > 0
    assert {"event", "kind", "participant", "date", "sentence", "article", "confidence"} <= set(
        facts["meeting_columns"])
    assert "<th>participant</th>" in _html(_outputs(nb, "meetings"))
    assert "Ali Larijani" in facts["role_people"]  # the seed article's central actor
    assert "<th>title</th>" in _html(_outputs(nb, "roles"))
    assert "<th>speaker</th>" in _html(_outputs(nb, "quotes"))
    # 3. the custom SPARQL counts events per pair of participants
    assert facts["pairs"] > 0 and facts["pair_events_min"] >= 1
    assert "<th>events</th>" in _html(_outputs(nb, "sparql"))
    # 4. the traced sentence names the fact's participant and comes from the fact's article
    assert facts["participant"] in facts["traced_sentence"]
    assert facts["traced_article"] == facts["fact_article"]
    assert 0 <= facts["offsets"][0] < facts["offsets"][1]
    # 5. the timeline is an image of a person's dated facts
    assert facts["dated"] > 0
    assert any("image/png" in o.get("data", {}) for o in _outputs(nb, "timeline"))
    # 6. the ego network has the person and neighbours; the interactive view is inline and offline
    assert facts["ego_has_centre"] and facts["ego_nodes"] >= 2
    frames = [o["data"]["text/html"] for o in _outputs(nb, "ego-view") if "text/html" in o.get("data", {})]
    assert len(frames) == 1 and frames[0].startswith("<iframe srcdoc=")
    assert "vis.Network" in frames[0] and "https://cdn" not in frames[0]
    # 7. the confidence filter keeps no more rows than it was given, all at 0.8 or above
    assert all(0 <= kept <= total for total, kept in facts["counts"].values())
    assert facts["confident_min"] >= 0.8
    assert "&gt;= 0.8" in _html(_outputs(nb, "confidence"))


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
