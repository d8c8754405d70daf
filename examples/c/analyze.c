/*
 * Analyse a directory with libconclave and print its findings, one per line:
 *   path:line:column rule severity message
 * then the totals. Exit status: 0 no finding, 1 findings, 2 error.
 *
 *   ./build.sh && ./out/analyze ../sample-project
 */
#include <stdio.h>
#include <stdlib.h>

#include "conclave.h"

static int fail(const char *what, conclave_status status) {
    fprintf(stderr, "%s failed (%s): %s\n", what, conclave_status_name(status),
            conclave_last_error_message());
    return 2;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : ".";
    conclave_engine *engine = NULL;
    conclave_report *report = NULL;
    conclave_status status = conclave_engine_new("{\"threads\": 2}", &engine);
    if (status != CONCLAVE_OK) return fail("conclave_engine_new", status);

    status = conclave_engine_analyze_path(engine, path, &report);
    if (status != CONCLAVE_OK) {
        conclave_engine_free(engine);
        return fail("conclave_engine_analyze_path", status);
    }

    size_t len = 0, counted = 0, by_severity[5] = {0};
    conclave_report_findings_len(report, &len);
    for (size_t i = 0; i < len; i++) {
        conclave_finding f;
        status = conclave_report_finding(report, i, &f);
        if (status != CONCLAVE_OK) break;
        if (f.suppressed) continue;
        printf("%s:%u:%u %s %s %s\n", f.path, f.line, f.column, f.rule_id, f.severity_name,
               f.message);
        counted++;
        by_severity[f.severity]++;
    }
    printf("%zu findings (critical %zu, high %zu, medium %zu, low %zu, info %zu), %zu suppressed\n",
           counted, by_severity[CONCLAVE_SEVERITY_CRITICAL], by_severity[CONCLAVE_SEVERITY_HIGH],
           by_severity[CONCLAVE_SEVERITY_MEDIUM], by_severity[CONCLAVE_SEVERITY_LOW],
           by_severity[CONCLAVE_SEVERITY_INFO], len - counted);

    conclave_report_free(report);
    conclave_engine_free(engine);
    if (conclave_live_objects() != 0) {
        fprintf(stderr, "leak: %zu conclave objects not freed\n", conclave_live_objects());
        return 2;
    }
    if (status != CONCLAVE_OK) return fail("conclave_report_finding", status);
    return counted > 0 ? 1 : 0;
}
