import json
import logging

log = logging.getLogger(__name__)


def load_settings(path, defaults):
    try:
        with open(path) as fh:
            return json.load(fh)
    # ruleid: B031
    except Exception:
        return defaults


def load_unused(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    # ruleid: B031
    except Exception as exc:
        return {}


def load_logged(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    # ok: B031
    except Exception:
        log.exception("cannot load %s", path)
        return {}


def load_reported(path, errors):
    try:
        with open(path) as fh:
            return json.load(fh)
    # ok: B031
    except Exception as exc:
        errors.append(exc)
        return {}


def load_any(path):
    try:
        return json.loads(path)
    # ruleid: B031
    except (ValueError, Exception):
        return None


def load_translated(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    # ok: B031
    except Exception as exc:
        raise RuntimeError("bad settings file %s" % path) from exc


def load_specific(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    # ok: B031
    except (OSError, ValueError):
        return {}


def load_silent(path):
    try:
        return json.loads(path)
    # ok: B031
    except Exception:
        pass


class MyException(Exception):
    pass


def load_custom(path):
    try:
        return json.loads(path)
    # ok: B031
    except MyException:
        return None


def load_documented(path):
    try:
        return json.loads(path)
    # ok: B031
    except Exception:
        # Any parse failure means "no settings": callers fall back to defaults.
        return None
