"""What `pip install` puts in a user's environment: one top-level name, with its data files."""

import subprocess
import sys
import zipfile
from pathlib import Path

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
