import io
import pickle
import cPickle
import dill
import json
import marshal
import shelve

import jsonpickle
import numpy as np
import pandas as pd
import torch
import yaml
from pickle import Unpickler
from yaml import SafeLoader


def read_session(blob):
    # ruleid: S030
    return pickle.loads(blob)


def read_file(path):
    with open(path, "rb") as fh:
        # ruleid: S030
        data = pickle.load(fh)
    # ruleid: S030
    other = cPickle.loads(data["inner"])
    # ruleid: S030
    obj = dill.loads(other)
    return obj


def chained(stream):
    # ruleid: S030
    first = pickle.Unpickler(stream).load()
    # ruleid: S030
    second = Unpickler(io.BytesIO(stream.read())).load()
    # ruleid: S030
    code = marshal.loads(stream.read())
    return first, second, code


def stores(name, payload):
    # ruleid: S030
    with shelve.open(name) as db:
        db["x"] = 1
    # ruleid: S030
    obj = jsonpickle.decode(payload)
    # ruleid: S030
    obj2 = jsonpickle.unpickler.decode(payload)
    # ruleid: S030
    frame = pd.read_pickle(name)
    return obj, obj2, frame


def models(path):
    # ruleid: S030
    state = torch.load(path)
    # ruleid: S030
    state = torch.load(path, map_location="cpu", weights_only=False)
    # ok: S030
    state = torch.load(path, map_location="cpu", weights_only=True)
    # ruleid: S030
    arr = np.load(path, allow_pickle=True)
    # ok: S030
    arr = np.load(path)
    return state, arr


def configs(text, stream):
    # ruleid: S030
    a = yaml.load(text)
    # ruleid: S030
    b = yaml.load(text, Loader=yaml.Loader)
    # ruleid: S030
    c = yaml.load(stream, yaml.FullLoader)
    # ruleid: S030
    d = yaml.unsafe_load(text)
    # ruleid: S030
    e = yaml.full_load(text)
    # ruleid: S030
    f = list(yaml.load_all(stream))
    # ok: S030
    g = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: S030
    h = yaml.load(text, Loader=yaml.CSafeLoader)
    # ok: S030
    i = yaml.load(text, SafeLoader)
    # ok: S030
    j = yaml.safe_load(text)
    # ok: S030
    k = list(yaml.load_all(stream, Loader=yaml.SafeLoader))
    return a, b, c, d, e, f, g, h, i, j, k


def fine(blob, text):
    # pickle.loads(blob) is what we used to do
    # ok: S030
    value = json.loads(blob)
    # ok: S030
    blob2 = pickle.dumps(value)
    # ok: S030
    message = "never call pickle.loads on user data"
    # ok: S030
    loaded = json.load(io.StringIO(text))
    # ok: S030
    dumped = yaml.dump(value)
    return blob2, message, loaded, dumped
