#!/usr/bin/env python3
"""Re-quantises a GGUF file with llama.cpp's own quantiser, so that both engines can be compared on
other formats of the same model: q4_0 and q8_0 turn every tensor into that format (`pure`);
q4_k_m is llama.cpp's usual mix (Q4_K/Q6_K where rows are whole 256-value blocks, fallbacks such
as Q5_0 and Q8_0 elsewhere).

usage: requantize.py IN OUT q4_0|q8_0|q4_k_m"""
import sys

import llama_cpp

FTYPES = {
    "q4_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0,
    "q8_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0,
    "q4_k_m": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_K_M,
}

src, dst, kind = sys.argv[1:4]
params = llama_cpp.llama_model_quantize_default_params()
params.ftype = FTYPES[kind]
params.allow_requantize = True
params.pure = kind != "q4_k_m"
params.nthread = 2
if llama_cpp.llama_model_quantize(src.encode(), dst.encode(), params) != 0:
    sys.exit(f"quantising {src} to {kind} failed")
