"""Scale-out: a corpus analysed by a 2-worker Dask cluster gives exactly the findings of one process."""

import sys

import pytest

from conftest import REPO

distributed = pytest.importorskip("distributed")
sys.path.insert(0, str(REPO / "examples" / "python"))
import dask_corpus  # noqa: E402

pytestmark = pytest.mark.timeout(300)


def test_two_workers_match_one_process():
    files = dask_corpus.corpus_files(
        str(REPO / "core" / "tests" / "fixtures"), str(REPO / "examples")
    )
    assert len(files) > 20
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        remote = dask_corpus.analyze_corpus(client, files)
        workers_used = len(client.scheduler_info()["workers"])
    local = dask_corpus.analyze_locally(files)
    assert workers_used == 2
    assert [f.path for f in remote] == [f.path for f in local]
    assert dask_corpus.finding_keys(remote) == dask_corpus.finding_keys(local)
    assert len(dask_corpus.finding_keys(local)) > 50
    assert remote == local
