import shlex
import subprocess


def status(repo):
    # ruleid: B043
    out = subprocess.check_output("git status --short", cwd=repo)
    # ruleid: B043
    subprocess.run('make -j4 all', check=True)
    return out


def status_ok(repo, cmd):
    # ok: B043
    out = subprocess.check_output(["git", "status", "--short"], cwd=repo)
    # ok: B043
    subprocess.run("make -j4 all", shell=True, check=True)
    # ok: B043
    subprocess.run("make", check=True)
    # ok: B043
    subprocess.run(shlex.split(cmd))
    return out
