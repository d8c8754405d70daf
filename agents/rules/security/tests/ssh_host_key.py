import subprocess

import asyncssh
import paramiko
import pysftp
from paramiko import AutoAddPolicy, RejectPolicy, WarningPolicy
from paramiko import client


def insecure(host, user, key_path):
    ssh = paramiko.SSHClient()
    # ruleid: S026
    ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    # ruleid: S026
    ssh.set_missing_host_key_policy(paramiko.WarningPolicy())
    # ruleid: S026
    ssh.set_missing_host_key_policy(AutoAddPolicy())
    # ruleid: S026
    ssh.set_missing_host_key_policy(WarningPolicy)
    ssh_client = client.SSHClient()
    # ruleid: S026
    ssh_client.set_missing_host_key_policy(client.AutoAddPolicy)
    # ruleid: S026
    ssh_client.set_missing_host_key_policy(paramiko.client.AutoAddPolicy())
    ssh.connect(host, username=user, key_filename=key_path)
    cnopts = pysftp.CnOpts()
    # ruleid: S026
    cnopts.hostkeys = None
    subprocess.run(
        # ruleid: S026
        ["ssh", "-o", "StrictHostKeyChecking=no", f"{user}@{host}", "uptime"],
        check=True,
    )
    # ruleid: S026
    subprocess.run(f"scp -o StrictHostKeyChecking=no build.tar {host}:/tmp", shell=True, check=True)


async def insecure_async(host):
    # ruleid: S026
    async with asyncssh.connect(host, known_hosts=None) as conn:
        return await conn.run("uptime")


def secure(host, user, key_path, known_hosts):
    ssh = paramiko.SSHClient()
    ssh.load_system_host_keys()
    # ok: S026
    ssh.set_missing_host_key_policy(paramiko.RejectPolicy())
    # ok: S026
    ssh.set_missing_host_key_policy(RejectPolicy)
    ssh.connect(host, username=user, key_filename=key_path)
    cnopts = pysftp.CnOpts(knownhosts=known_hosts)
    # ok: S026
    cnopts.hostkeys.load(known_hosts)
    # ok: S026
    subprocess.run(["ssh", "-o", "StrictHostKeyChecking=yes", host, "uptime"], check=True)
    # ok: S026
    subprocess.run(["ssh", "-o", "StrictHostKeyChecking=accept-new", host], check=True)
    # ok: S026
    db = connect("db.example.com", known_hosts=known_hosts)
    # ok: S026
    cache.hostkeys = load_keys()
    return db


async def secure_async(host):
    # ok: S026
    async with asyncssh.connect(host, known_hosts="/etc/ssh/ssh_known_hosts") as conn:
        return await conn.run("uptime")
