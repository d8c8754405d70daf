/*
 * Feeds libconclave bad input through its C API and checks each call answers with the right
 * status and a message, never a crash: NULL pointers, invalid UTF-8, malformed JSON, unknown
 * names, double free, foreign and mistyped handles. Exit status 0 when every check passes.
 */
#include <stdio.h>
#include <string.h>

#include "conclave.h"

static int failures = 0;

static void expect(const char *what, conclave_status got, conclave_status want,
                   const char *message_part) {
    const char *message = conclave_last_error_message();
    int ok = got == want && message != NULL &&
             (message_part == NULL || strstr(message, message_part) != NULL);
    printf("%s %-44s %-30s %s\n", ok ? "ok  " : "FAIL", what, conclave_status_name(got),
           message);
    if (!ok) {
        printf("     wanted %s with a message containing \"%s\"\n", conclave_status_name(want),
               message_part ? message_part : "");
        failures++;
    }
}

int main(void) {
    conclave_engine *engine = NULL;
    conclave_report *report = NULL;
    conclave_finding finding;
    char *json = NULL;
    size_t len = 0;

    /* NULL pointers */
    expect("engine_new(out=NULL)", conclave_engine_new(NULL, NULL), CONCLAVE_ERR_NULL, "`out`");
    expect("analyze_path(engine=NULL)", conclave_engine_analyze_path(NULL, ".", &report),
           CONCLAVE_ERR_NULL, "`engine`");
    expect("report_findings_len(NULL)", conclave_report_findings_len(NULL, &len),
           CONCLAVE_ERR_NULL, "`report`");
    expect("engine_free(NULL)", conclave_engine_free(NULL), CONCLAVE_OK, NULL);
    expect("report_free(NULL)", conclave_report_free(NULL), CONCLAVE_OK, NULL);
    expect("string_free(NULL)", conclave_string_free(NULL), CONCLAVE_OK, NULL);
    expect("model_free(NULL)", conclave_model_free(NULL), CONCLAVE_OK, NULL);

    /* malformed JSON and bad options */
    expect("engine_new(truncated JSON)", conclave_engine_new("{\"threads\": ", &engine),
           CONCLAVE_ERR_JSON, "not valid JSON");
    expect("engine_new(unknown option)", conclave_engine_new("{\"thread\": 2}", &engine),
           CONCLAVE_ERR_INVALID_ARGUMENT, "unknown option");
    expect("engine_new(bad config)", conclave_engine_new("{\"config\": {\"x\": 1}}", &engine),
           CONCLAVE_ERR_CONFIG, "unknown field");
    expect("engine_new(invalid UTF-8)", conclave_engine_new("{\"a\xff\": 1}", &engine),
           CONCLAVE_ERR_UTF8, "UTF-8");
    if (engine != NULL) failures++;

    expect("engine_new(ok)", conclave_engine_new("{\"threads\": 1}", &engine), CONCLAVE_OK, "");

    /* invalid UTF-8 and unknown names */
    const char bad[] = "x = '\xc3\x28'\n";
    expect("analyze_source(invalid UTF-8)",
           conclave_engine_analyze_source(engine, "python", bad, sizeof bad - 1, NULL, &report),
           CONCLAVE_ERR_UTF8, "offset 5");
    expect("analyze_source(text=NULL, len=3)",
           conclave_engine_analyze_source(engine, "python", NULL, 3, NULL, &report),
           CONCLAVE_ERR_NULL, "`text`");
    expect("analyze_source(language=cobol)",
           conclave_engine_analyze_source(engine, "cobol", "x", 1, NULL, &report),
           CONCLAVE_ERR_INVALID_ARGUMENT, "unknown language");
    expect("analyze_path(invalid UTF-8)",
           conclave_engine_analyze_path(engine, "dir\xff", &report), CONCLAVE_ERR_UTF8, "UTF-8");
    conclave_model *model = NULL;
    expect("model_load(out=NULL)", conclave_model_load("x.gguf", NULL), CONCLAVE_ERR_NULL,
           "`out`");
    expect("model_load(missing file)", conclave_model_load("/nonexistent.gguf", &model),
           CONCLAVE_ERR_MODEL, "unknown model");
    expect("model_generate(model=NULL)",
           conclave_model_generate(model, "hi", 4, NULL, NULL, NULL), CONCLAVE_ERR_NULL,
           "`model`");

    /* a good report, then misuse of it */
    const char src[] = "def f(cmd):\n    return eval(cmd)\n";
    expect("analyze_source(ok)",
           conclave_engine_analyze_source(engine, "python", src, sizeof src - 1, "f.py", &report),
           CONCLAVE_OK, "");
    expect("report_findings_len(ok)", conclave_report_findings_len(report, &len), CONCLAVE_OK,
           "");
    expect("report_finding(index past the end)", conclave_report_finding(report, len, &finding),
           CONCLAVE_ERR_INVALID_ARGUMENT, "out of range");
    expect("engine_free(a report)", conclave_engine_free((conclave_engine *)report),
           CONCLAVE_ERR_BAD_HANDLE, "not an engine handle");
    expect("report_to_json(ok)", conclave_report_to_json(report, &json), CONCLAVE_OK, "");
    expect("string_free(ok)", conclave_string_free(json), CONCLAVE_OK, "");
    expect("string_free(again)", conclave_string_free(json), CONCLAVE_ERR_BAD_HANDLE, "not live");
    expect("string_free(a literal)", conclave_string_free((char *)"literal"),
           CONCLAVE_ERR_BAD_HANDLE, "not live");
    expect("report_free(ok)", conclave_report_free(report), CONCLAVE_OK, "");
    expect("report_free(again)", conclave_report_free(report), CONCLAVE_ERR_BAD_HANDLE,
           "not live");
    expect("report_to_json(freed)", conclave_report_to_json(report, &json),
           CONCLAVE_ERR_BAD_HANDLE, "not live");
    if (json != NULL) failures++;
    expect("report_free(garbage)", conclave_report_free((conclave_report *)(void *)0x1234567),
           CONCLAVE_ERR_BAD_HANDLE, "not live");
    expect("engine_free(ok)", conclave_engine_free(engine), CONCLAVE_OK, "");
    expect("engine_free(again)", conclave_engine_free(engine), CONCLAVE_ERR_BAD_HANDLE,
           "not live");

    size_t live = conclave_live_objects();
    printf("%s %-44s %zu\n", live == 0 ? "ok  " : "FAIL", "live objects at exit", live);
    if (live != 0) failures++;

    printf("%s: %d failure(s)\n", failures ? "FAILED" : "passed", failures);
    return failures ? 1 : 0;
}
