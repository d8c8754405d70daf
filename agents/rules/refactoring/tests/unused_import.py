import json
# ruleid: R017
import sys
# ruleid: R017
import os.path as osp
from typing import TYPE_CHECKING
# ruleid: R017
from collections import OrderedDict, defaultdict
import numpy as np
# ok: R017
from __future__ import annotations
# ok: R017
from . import helpers
# ok: R017
import xml.etree.ElementTree

__all__ = ["helpers"]


def load(path) -> "np.ndarray":
    counts = defaultdict(int)
    if TYPE_CHECKING:
        pass
    return json.loads(path), counts, xml.etree.ElementTree


try:
    # ok: R017
    from ujson import loads
except ImportError:
    # ok: R017
    from json import loads  # noqa: F401
