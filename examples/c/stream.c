/*
 * Callbacks from C: runs a workflow ("review the code") over a directory and prints each event
 * as it arrives; with a model (a GGUF path or a pulled catalogue name), also streams an answer
 * token by token and stops after 40 pieces.
 *
 *   ./out/stream ../sample-project [smollm2]
 */
#include <stdio.h>
#include <string.h>

#include "conclave.h"

struct counts {
    int events;
    int pieces;
};

static int32_t on_event(const char *json, size_t len, void *user_data) {
    struct counts *counts = user_data;
    counts->events++;
    printf("event %d: %.*s\n", counts->events, (int)(len > 120 ? 120 : len), json);
    return 0;
}

static int32_t on_token(const char *text, size_t len, void *user_data) {
    struct counts *counts = user_data;
    fwrite(text, 1, len, stdout);
    fflush(stdout);
    return ++counts->pieces >= 40; /* non-zero: stop */
}

static int fail(const char *what, conclave_status status) {
    fprintf(stderr, "%s: %s: %s\n", what, conclave_status_name(status),
            conclave_last_error_message());
    return 2;
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    struct counts counts = {0, 0};
    conclave_engine *engine = NULL;
    char *report = NULL;
    conclave_status status = conclave_engine_new("{\"threads\": 2}", &engine);
    if (status != CONCLAVE_OK) return fail("conclave_engine_new", status);
    status = conclave_run_workflow(engine, "review the code", root, on_event, &counts, &report);
    conclave_engine_free(engine);
    if (status != CONCLAVE_OK) return fail("conclave_run_workflow", status);
    printf("%d events; run report: %zu bytes of JSON\n", counts.events, strlen(report));
    conclave_string_free(report);

    if (argc > 2) {
        conclave_model *model = NULL;
        status = conclave_model_load(argv[2], &model);
        if (status != CONCLAVE_OK) return fail("conclave_model_load", status);
        status = conclave_model_generate(model, "What does a linter do? One sentence.", 64,
                                         on_token, &counts, NULL);
        conclave_model_free(model);
        if (status != CONCLAVE_OK) return fail("conclave_model_generate", status);
        printf("\n%d pieces streamed\n", counts.pieces);
    }
    if (conclave_live_objects() != 0) return fail("leak check", CONCLAVE_ERR_PANIC);
    return counts.events >= 2 ? 0 : 1;
}
