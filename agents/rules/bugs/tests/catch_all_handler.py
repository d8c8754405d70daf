import logging

log = logging.getLogger(__name__)


def run_job(job):
    try:
        job.run()
    # ruleid: B030
    except:
        log.warning("job %s failed", job)


def run_quietly(job):
    try:
        job.run()
    # ruleid: B030
    except BaseException as exc:
        log.error("job failed: %s", exc)
        return None


def run_many(job):
    try:
        job.run()
    # ruleid: B030
    except (KeyError, BaseException):
        return False


def run_with_cleanup(job):
    try:
        job.run()
    # ok: B030
    except:
        job.rollback()
        raise


def run_checked(job):
    try:
        job.run()
    # ok: B030
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        log.error("job failed: %s", exc)


def run_specific(job):
    try:
        job.run()
    # ok: B030
    except Exception:
        log.warning("job failed")


def run_ignoring(job):
    try:
        job.run()
    # ok: B030
    except:
        pass
