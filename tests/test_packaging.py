"""What `pip install` puts in a user's environment: one top-level name, with its data files."""

import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_installs_one_top_level_package_with_its_data(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            str(ROOT),
            "-w",
            str(tmp_path),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("newsqa-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"newsqa"}  # no bare `index`, `qa` or `eval`
    for data in (
        "newsqa/qa/models/reader.json",
        "newsqa/qa/api/static/index.html",
        "newsqa/eval/questions.jsonl",
        "newsqa/eval/baseline.json",
        "newsqa/eval/data/xquad/LICENSE-CC-BY-SA-4.0.txt",
    ):
        assert data in names, data
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "qa = newsqa.qa.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def _pins(lines: list[str]) -> dict[str, str]:
    found = (re.fullmatch(r"\s*\"?([A-Za-z0-9_.\-\[\]]+)==([^\";\s]+)\"?,?\s*", line) for line in lines)
    return {canonicalize_name(m.group(1).split("[")[0]): m.group(2) for m in found if m}


def test_every_direct_pin_agrees_with_the_constraints_and_the_environment_is_the_pinned_one() -> None:
    constraints = _pins((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    direct = _pins([*project["dependencies"], *project["optional-dependencies"]["dev"]])
    assert len(direct) > 40 and len(constraints) > len(direct)
    assert {
        name: (version, constraints.get(name)) for name, version in direct.items() if constraints.get(name) != version
    } == {}
    installed = {name: metadata.version(name).split("+")[0] for name in constraints}
    assert {
        name: (version, installed[name]) for name, version in constraints.items() if installed[name] != version
    } == {}
