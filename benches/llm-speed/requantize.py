#!/usr/bin/env python3
"""Re-quantises a GGUF file with llama.cpp's own quantiser (every tensor to one format, `pure`), so
that both engines can be compared on Q4_0 and Q8_0 weights from the same model.

usage: requantize.py IN OUT q4_0|q8_0"""
import sys

import llama_cpp

FTYPES = {"q4_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0, "q8_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0}

src, dst, kind = sys.argv[1:4]
params = llama_cpp.llama_model_quantize_default_params()
params.ftype = FTYPES[kind]
params.allow_requantize = True
params.pure = True
params.nthread = 2
if llama_cpp.llama_model_quantize(src.encode(), dst.encode(), params) != 0:
    sys.exit(f"quantising {src} to {kind} failed")
