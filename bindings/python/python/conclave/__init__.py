"""Conclave: code intelligence for Python, JavaScript, Java, C# and Go.

The compiled engine lives in :mod:`conclave._native`; this package re-exports it.

>>> import conclave
>>> engine = conclave.Engine(threads=2)
>>> file = engine.analyze_source("def add(a, b):\\n    return a + b\\n", "python")
>>> file.metrics["functions"][0]["name"]
'add'

Every call that does real work releases the GIL, so Python threads analyse in parallel;
results (:class:`Finding`, :class:`FileReport`, :class:`Report`) are immutable and picklable,
which is what Dask and Ray need to ship them between processes.
"""

import os
import threading
from typing import Dict, Optional, Tuple, Union

from conclave._native import (
    AgentError,
    AnalysisError,
    BudgetExceeded,
    ConclaveError,
    ConfigError,
    ConsensusError,
    Engine,
    FeedbackError,
    FeedbackStore,
    FileReport,
    Finding,
    Hub,
    InputError,
    Ledger,
    LedgerError,
    Model,
    ModelError,
    ParseError,
    PlanError,
    Report,
    Response,
    Router,
    RouterError,
    SessionError,
    Subscription,
    TokenStream,
    WorkflowError,
    WorkflowRun,
    debug,
    decide,
    fix,
    models_dir,
    plan,
    pull_model,
    run,
    testgen,
    version,
)

__version__ = version()

_ENGINES: Dict[Tuple[int, Optional[int], Optional[str]], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def shared_engine(
    threads: Optional[int] = 1, config: Union[str, "os.PathLike[str]", None] = None
) -> Engine:
    """One engine per process and settings, built on first use.

    For task frameworks (Dask, Ray, multiprocessing) that call a function per batch: a new
    engine warms up its worker threads on its first files (about half a second), so tasks
    should reuse one instead of building their own. Safe to call from several threads; a
    forked child builds its own (the parent's worker threads do not survive a fork).

    >>> shared_engine() is shared_engine()
    True
    """
    key = (os.getpid(), threads, None if config is None else os.fspath(config))
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = Engine(threads=threads, config=config)
        return engine

__all__ = [
    "AgentError",
    "AnalysisError",
    "BudgetExceeded",
    "ConclaveError",
    "ConfigError",
    "ConsensusError",
    "Engine",
    "FeedbackError",
    "FeedbackStore",
    "FileReport",
    "Finding",
    "Hub",
    "InputError",
    "Ledger",
    "LedgerError",
    "Model",
    "ModelError",
    "ParseError",
    "PlanError",
    "Report",
    "Response",
    "Router",
    "RouterError",
    "SessionError",
    "Subscription",
    "TokenStream",
    "WorkflowError",
    "WorkflowRun",
    "__version__",
    "debug",
    "decide",
    "fix",
    "models_dir",
    "plan",
    "pull_model",
    "run",
    "shared_engine",
    "testgen",
    "version",
]
