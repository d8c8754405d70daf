import codecs
import csv
import json
import os


def read_version(path):
    # ruleid: B033
    return open(path).read().strip()


def read_settings(path):
    # ruleid: B033
    return json.load(open(path, encoding="utf-8"))


def read_rows(path):
    # ruleid: B033
    return list(csv.reader(codecs.open(path, "r", "utf-8")))


def append_line(path, line):
    # ruleid: B033
    open(path, "a").write(line + "\n")


def git_head():
    # ruleid: B033
    return os.popen("git rev-parse HEAD").read().strip()


def read_settings_safely(path):
    # ok: B033
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def touch(path):
    # ok: B033
    open(path, "a").close()


def read_fd(path):
    # ok: B033
    fd = os.open(path, os.O_RDONLY)
    return fd


def open_for_caller(path):
    # ok: B033
    return open(path)
