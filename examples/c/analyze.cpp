// The same as analyze.c in C++: handles owned by std::unique_ptr, errors as exceptions.
//
//   ./build.sh && ./out/analyze_cpp ../sample-project
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "conclave.h"

namespace {

struct EngineFree {
    void operator()(conclave_engine *e) const { conclave_engine_free(e); }
};
struct ReportFree {
    void operator()(conclave_report *r) const { conclave_report_free(r); }
};
using Engine = std::unique_ptr<conclave_engine, EngineFree>;
using Report = std::unique_ptr<conclave_report, ReportFree>;

void check(conclave_status status) {
    if (status != CONCLAVE_OK) {
        throw std::runtime_error(std::string(conclave_status_name(status)) + ": " +
                                 conclave_last_error_message());
    }
}

Engine make_engine(const char *options) {
    conclave_engine *raw = nullptr;
    check(conclave_engine_new(options, &raw));
    return Engine(raw);
}

Report analyze(const Engine &engine, const std::string &path) {
    conclave_report *raw = nullptr;
    check(conclave_engine_analyze_path(engine.get(), path.c_str(), &raw));
    return Report(raw);
}

}  // namespace

int main(int argc, char **argv) {
    try {
        Engine engine = make_engine(R"({"threads": 2})");
        Report report = analyze(engine, argc > 1 ? argv[1] : ".");
        size_t len = 0, counted = 0;
        check(conclave_report_findings_len(report.get(), &len));
        for (size_t i = 0; i < len; i++) {
            conclave_finding f;
            check(conclave_report_finding(report.get(), i, &f));
            if (f.suppressed) continue;
            std::printf("%s:%u:%u %s %s %s\n", f.path, f.line, f.column, f.rule_id,
                        f.severity_name, f.message);
            counted++;
        }
        std::printf("%zu findings, %zu suppressed\n", counted, len - counted);
        report.reset();
        engine.reset();
        if (conclave_live_objects() != 0) throw std::runtime_error("conclave objects leaked");
        return counted > 0 ? 1 : 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
}
