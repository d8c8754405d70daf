/*
 * Overhead of the C API against the Rust API for analyze_source.
 *
 * For each input file: the same text analysed N times through conclave_engine_analyze_source
 * (+ conclave_report_free), and N times by Engine::analyze_source looping inside the library
 * (conclave_bench_analyze_source_rust), alternating, for several rounds; the medians per call
 * are compared. Prints a Markdown table. See README-c.md (c.sh builds and runs it).
 *
 *   c-bench LANGUAGE ROUNDS FILE...
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conclave.h"

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n) { free(text); text = NULL; }
    fclose(f);
    if (text) { text[n] = 0; *len = (size_t)n; }
    return text;
}

static void check(conclave_status s, const char *what) {
    if (s != CONCLAVE_OK) {
        fprintf(stderr, "%s: %s\n", what, conclave_last_error_message());
        exit(2);
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s LANGUAGE ROUNDS FILE...\n", argv[0]);
        return 2;
    }
    const char *language = argv[1];
    int rounds = atoi(argv[2]);
    conclave_engine *engine = NULL;
    check(conclave_engine_new("{\"threads\": 1}", &engine), "conclave_engine_new");
    printf("| input | lines | Rust API µs/call | C API µs/call | overhead |\n");
    printf("|---|---:|---:|---:|---:|\n");
    for (int a = 3; a < argc; a++) {
        size_t len = 0;
        char *text = read_file(argv[a], &len);
        if (!text) { fprintf(stderr, "cannot read %s\n", argv[a]); return 2; }
        size_t lines = 0;
        for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
        /* About 0.2 s per side per round. */
        uint64_t probe = 0;
        check(conclave_bench_analyze_source_rust(engine, language, text, len, 5, &probe), "probe");
        uint32_t n = (uint32_t)(200000000u / (probe / 5 + 1)) + 1;
        uint64_t *rust = calloc((size_t)rounds, sizeof *rust), *c = calloc((size_t)rounds, sizeof *c);
        for (int r = 0; r < rounds; r++) {
            uint64_t ns = 0;
            check(conclave_bench_analyze_source_rust(engine, language, text, len, n, &ns), "rust");
            rust[r] = ns / n;
            uint64_t start = now_ns();
            for (uint32_t i = 0; i < n; i++) {
                conclave_report *report = NULL;
                check(conclave_engine_analyze_source(engine, language, text, len, NULL, &report),
                      "conclave_engine_analyze_source");
                conclave_report_free(report);
            }
            c[r] = (now_ns() - start) / n;
        }
        qsort(rust, (size_t)rounds, sizeof *rust, cmp_u64);
        qsort(c, (size_t)rounds, sizeof *c, cmp_u64);
        double rm = (double)rust[rounds / 2], cm = (double)c[rounds / 2];
        const char *name = strrchr(argv[a], '/');
        printf("| %s | %zu | %.1f | %.1f | %+.1f%% |\n", name ? name + 1 : argv[a], lines,
               rm / 1000.0, cm / 1000.0, (cm - rm) / rm * 100.0);
        free(rust);
        free(c);
        free(text);
    }
    conclave_engine_free(engine);
    return 0;
}
