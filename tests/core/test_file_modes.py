"""Files with personal data are private to the user Doorstep runs as."""

import os
import stat
import subprocess
import sys
from pathlib import Path


def test_data_folder_database_and_secret_key_are_private(tmp_path):
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["DOORSTEP_DATA_DIR"] = str(data)
    code = (
        "from doorstep.cli import main; import sys; sys.argv = ['doorstep', 'migrate', '-v', '0']; main();"
        "from django.db import connection; from django.conf import settings;"
        "connection.ensure_connection(); connection.cursor().execute('CREATE TABLE t (x)');"
        "settings.MEDIA_ROOT.mkdir(parents=True); (settings.MEDIA_ROOT / 'bundle.csv').write_text('x');"
        "import os; os._exit(0)"  # leave the -wal and -shm files behind, as a killed process would
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=tmp_path, timeout=120)  # noqa: S603
    paths = [data, data / "secret_key", data / "doorstep.sqlite3", data / "media", data / "media" / "bundle.csv"]
    paths += [p for p in data.glob("doorstep.sqlite3-*")]
    assert len(paths) >= 6, sorted(os.listdir(data))
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{Path(path).name} is {oct(mode)}"
