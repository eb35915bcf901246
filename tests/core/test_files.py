"""Files are built in the data directory and renamed into place; killed processes' leftovers go."""

import os
import subprocess
import sys
import tempfile

import pytest

from doorstep.core.files import file_build, tmp_dir, tmp_root, tmp_setup, tmp_sweep


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_a_file_appears_only_when_complete(data_dir):
    target = data_dir / "media" / "bundle.csv"
    with file_build(target=target) as part:
        assert part.parent.parent == tmp_dir()  # built inside the data directory, not /tmp
        part.write_text("name,postcode\n")
        assert not target.exists()
    assert target.read_text() == "name,postcode\n"
    assert list(tmp_dir().iterdir()) == []


def test_a_build_that_fails_leaves_the_old_file_and_no_part(data_dir):
    target = data_dir / "media" / "bundle.csv"
    target.parent.mkdir()
    target.write_text("the previous bundle\n")
    with pytest.raises(RuntimeError), file_build(target=target) as part:
        part.write_text("half a bun")
        raise RuntimeError("killed part way")
    assert target.read_text() == "the previous bundle\n"
    assert list(tmp_dir().iterdir()) == []


def test_leftovers_of_dead_processes_are_swept_and_live_ones_kept(data_dir):
    mine = tmp_dir()
    (mine / "in-progress.pdf").write_text("%PDF")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_root() / f"{os.uname().nodename}-{gone.stdout.strip()}"
    dead.mkdir()
    (dead / "signers.pdf").write_text("names and addresses")
    other_machine = tmp_root() / "elsewhere-1"
    other_machine.mkdir()
    assert tmp_sweep() == [dead]
    assert (mine / "in-progress.pdf").exists()
    assert other_machine.exists()


def test_temporary_files_go_to_the_data_directory(data_dir, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)
    monkeypatch.delenv("TMPDIR", raising=False)  # restored after the test
    folder = tmp_setup()
    with tempfile.NamedTemporaryFile() as handle:
        assert os.path.dirname(handle.name) == str(folder)
    assert str(folder).startswith(str(data_dir))
