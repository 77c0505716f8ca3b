"""Every Tesseract call goes through ocr/ (ocr/tesseract.py), so the OCR options, timeouts and the
tests' replay apply to all of them: no pytesseract and no `tesseract` subprocess elsewhere."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".git", ".venv", "node_modules"}
# the benches run plain `tesseract -l vie` on purpose: it is the baseline sohoa is compared with
ALLOWED = {"bench/ocr_bench.py", "bench/scale_bench.py", "bench/page_profile.py"}  # their baseline: the plain command
_RUNNERS = {"run", "Popen", "call", "check_call", "check_output", "system", "popen", "getoutput",
            "getstatusoutput", "create_subprocess_exec", "create_subprocess_shell"}


def tesseract_calls(source: str) -> list[int]:
    """Line numbers of pytesseract imports and of process launches whose command is tesseract."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "pytesseract" for a in node.names):
            found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pytesseract":
            found.append(node.lineno)
        elif isinstance(node, ast.Call) and _name(node.func) in _RUNNERS:
            words = [c.value for arg in node.args for c in ast.walk(arg)
                     if isinstance(c, ast.Constant) and isinstance(c.value, str)]
            if any(w.split()[:1] and Path(w.split()[0]).name == "tesseract" for w in words):
                found.append(node.lineno)
    return found


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def test_the_check_finds_each_way_of_calling_tesseract():
    assert tesseract_calls("import pytesseract\n") == [1]
    assert tesseract_calls("from pytesseract import image_to_string\n") == [1]
    assert tesseract_calls("import subprocess\nsubprocess.run(['tesseract', 'in.png', '-'])\n") == [2]
    assert tesseract_calls("import os\nos.system('/usr/bin/tesseract in.png out')\n") == [2]
    assert tesseract_calls("db.set_pages(did, pages, engine='tesseract')\n") == []  # a name, not a call
    assert tesseract_calls("subprocess.run(['alembic', 'upgrade', 'head'])\n") == []


def test_no_tesseract_call_outside_ocr():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "ocr" or SKIP & set(rel.parts) or str(rel) in ALLOWED:
            continue
        lines = tesseract_calls(path.read_text(encoding="utf-8"))
        offenders += [f"{rel}:{n}" for n in lines]
    assert offenders == []
