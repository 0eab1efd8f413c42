"""Offline installation: wheels built online, installed into a fresh venv with --no-index."""
from __future__ import annotations

import subprocess
import sys
import venv

import pytest

from conftest import SCRIPTS


def run(*args, **kw):
    return subprocess.run([*map(str, args)], capture_output=True, text=True, encoding="utf-8", **kw)


@pytest.mark.slow    # pip downloads, a fresh venv
@pytest.mark.skipif(sys.platform == "win32", reason="venv layout differs; the script itself is portable")
def test_download_then_install_without_network_into_a_fresh_environment(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("schedule==1.2.2   # small, pure Python\n", encoding="utf-8")
    wheels = tmp_path / "wheels"
    got = run(sys.executable, SCRIPTS / "offline_install.py", "download", "--wheels", wheels,
              "--requirements", requirements, timeout=300)
    if got.returncode != 0 and "connection" in (got.stdout + got.stderr).lower():
        pytest.skip("no package registry reachable from this machine")
    assert got.returncode == 0, got.stderr
    assert [p.name for p in wheels.glob("*.whl")] == ["schedule-1.2.2-py3-none-any.whl"]

    env_dir = tmp_path / "office-pc"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    done = run(python, SCRIPTS / "offline_install.py", "install", "--wheels", wheels,
               "--requirements", requirements, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "检查通过" in done.stdout
    assert run(python, "-c", "import schedule; print(schedule.__name__)").stdout.strip() == "schedule"


def test_install_without_a_wheel_folder_says_what_to_do(tmp_path):
    got = run(sys.executable, SCRIPTS / "offline_install.py", "install", "--wheels", tmp_path / "none")
    assert got.returncode == 1 and "请先在能上网的电脑上运行 download" in got.stderr


def test_the_check_knows_how_to_import_every_pinned_requirement():
    got = run(sys.executable, SCRIPTS / "offline_install.py", "check")
    assert got.returncode == 0, got.stderr
    assert "检查通过" in got.stdout
