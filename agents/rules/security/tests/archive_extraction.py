import tarfile
import zipfile


def unpack(upload, dest):
    with tarfile.open(upload) as tar:
        # ruleid: S037
        tar.extractall(dest)
    with tarfile.open(upload) as tar:
        # ok: S037
        tar.extractall(dest, filter="data")
    with tarfile.open(upload) as tar:
        # ruleid: S037
        tar.extractall(path=dest, filter="fully_trusted")
    with tarfile.open(upload) as tar:
        # ruleid: S037
        tar.extract(tar.getmember("a"), dest)
    with tarfile.open(upload) as tar:
        # ok: S037
        tar.extractall(dest, filter=tarfile.data_filter)
    with zipfile.ZipFile(upload) as zf:
        # ok: S037
        zf.extractall(dest)
