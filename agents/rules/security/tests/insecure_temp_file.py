import os
import tempfile
import tempfile as tmp
from pathlib import Path
from tempfile import mktemp

# ruleid: S032
LOG_FILE = "/tmp/service.log"


def scratch(data):
    # ruleid: S032
    name = tempfile.mktemp(suffix=".csv")
    # ruleid: S032
    other = tmp.mktemp()
    # ruleid: S032
    bare = mktemp(".lock")
    # ruleid: S032
    legacy = os.tempnam()
    return name, other, bare, legacy


def writes(data, job):
    # ruleid: S032
    with open("/tmp/report.csv", "w") as out:
        out.write(data)
    # ruleid: S032
    with open('/var/tmp/123', 'w') as out:
        out.write(data)
    # ruleid: S032
    Path(f"/tmp/{job}.pid").write_text(str(os.getpid()))
    # ruleid: S032
    cache = "/dev/shm/cache/index"
    # ruleid: S032
    joined = os.path.join(tempfile.gettempdir(), "app.lock")
    return cache, joined


# ruleid: S032
def export(rows, target="/tmp/export.json"):
    return rows, target


def fine(data, tmp_path_factory, path):
    # ok: S032
    fd, name = tempfile.mkstemp(suffix=".csv")
    # ok: S032
    with tempfile.NamedTemporaryFile("w", dir="/tmp/app-cache") as out:
        out.write(data)
    # ok: S032
    base = tmp_path_factory.mktemp("data")
    # ok: S032
    with open("/abc/tmp", "w") as out:
        out.write(data)
    # ok: S032
    if path.startswith("/tmp/"):
        return None
    # ok: S032
    print("/tmp/report.csv is no longer used")
    # ok: S032
    directory = tempfile.gettempdir()
    # ok: S032
    mine = os.path.join(tempfile.mkdtemp(), "app.lock")
    # ok: S032
    """Files used to live in /tmp/app."""
    return fd, name, base, directory, mine
