#!/usr/bin/env python3
"""One greedy generation with llama.cpp (llama-cpp-python); prints the same JSON keys as
`conclave generate --json` so the two can be tabulated side by side."""
import argparse
import json
import time

import llama_cpp

p = argparse.ArgumentParser()
p.add_argument("--model", required=True)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--max-tokens", type=int, default=128)
p.add_argument("prompt")
a = p.parse_args()

t0 = time.perf_counter()
llm = llama_cpp.Llama(model_path=a.model, n_ctx=2048, n_threads=a.threads, n_threads_batch=a.threads,
                      n_batch=512, verbose=False)
load_s = time.perf_counter() - t0
tokens = llm.tokenize(a.prompt.encode(), add_bos=False, special=True)
llama_cpp.llama_perf_context_reset(llm._ctx.ctx)
eos = llm.token_eos()


def ban_eos(_ids, logits):
    """Same as `conclave generate --ignore-eos`: exactly max_tokens are generated."""
    logits[eos] = -float("inf")
    return logits


out = []
for tok in llm.generate(tokens, temp=0.0, top_k=1, reset=True, logits_processor=[ban_eos]):
    out.append(tok)
    if len(out) >= a.max_tokens:
        break
perf = llama_cpp.llama_perf_context(llm._ctx.ctx)
print(json.dumps({
    "text": llm.detokenize(out).decode(errors="replace"),
    "prompt_tokens": len(tokens),
    "completion_tokens": len(out),
    "load_s": load_s,
    "prompt_tok_s": perf.n_p_eval / (perf.t_p_eval_ms / 1000) if perf.t_p_eval_ms else 0.0,
    "decode_tok_s": perf.n_eval / (perf.t_eval_ms / 1000) if perf.t_eval_ms else 0.0,
    "backend": "cpu",
}))
