//! Real analyses through the C API: typed findings, JSON, SARIF, threads.

use super::*;

#[test]
fn source_analysis_gives_typed_findings_json_and_sarif() {
    let engine = engine();
    let (status, report) = analyze(engine, SOURCE.as_bytes());
    assert_eq!(status, CONCLAVE_OK, "{}", last_error());
    let mut len = 0;
    assert_eq!(conclave_report_findings_len(report, &mut len), CONCLAVE_OK);
    assert!(len >= 2, "expected shell=True and eval findings, got {len}");
    let mut rules = Vec::new();
    for i in 0..len {
        let mut f = std::mem::MaybeUninit::<conclave_finding>::uninit();
        assert_eq!(
            conclave_report_finding(report, i, f.as_mut_ptr()),
            CONCLAVE_OK
        );
        // SAFETY: filled by the call above.
        let f = unsafe { f.assume_init() };
        // SAFETY: strings owned by the live report.
        let (rule, path, sev) = unsafe {
            (
                CStr::from_ptr(f.rule_id).to_str().unwrap().to_owned(),
                CStr::from_ptr(f.path).to_str().unwrap(),
                CStr::from_ptr(f.severity_name).to_str().unwrap(),
            )
        };
        assert_eq!(path, "run.py");
        assert!(f.line >= 1 && f.end_line >= f.line);
        assert!(f.end_byte <= SOURCE.len());
        assert_eq!(
            sev,
            ["info", "low", "medium", "high", "critical"][f.severity as usize]
        );
        rules.push(rule);
    }
    let mut out = std::mem::MaybeUninit::<conclave_finding>::uninit();
    assert_eq!(
        conclave_report_finding(report, len, out.as_mut_ptr()),
        CONCLAVE_ERR_INVALID_ARGUMENT
    );
    assert!(last_error().contains("out of range"));

    let mut json = null_mut();
    assert_eq!(conclave_report_to_json(report, &mut json), CONCLAVE_OK);
    let value: serde_json::Value = serde_json::from_str(&take_string(json)).unwrap();
    assert_eq!(value["path"], "run.py");
    assert_eq!(value["findings"].as_array().unwrap().len(), len);
    let mut sarif = null_mut();
    assert_eq!(conclave_report_to_sarif(report, &mut sarif), CONCLAVE_OK);
    let value: serde_json::Value = serde_json::from_str(&take_string(sarif)).unwrap();
    assert_eq!(value["version"], "2.1.0");
    let results = value["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), len);
    assert_eq!(results[0]["ruleId"].as_str().unwrap(), rules[0]);

    assert_eq!(conclave_report_free(report), CONCLAVE_OK);
    assert_eq!(conclave_engine_free(engine), CONCLAVE_OK);
}

#[test]
fn directory_analysis_reports_every_file() {
    let dir = tempfile_dir();
    std::fs::write(dir.join("a.py"), SOURCE).unwrap();
    std::fs::write(dir.join("b.go"), "package b\nfunc F() int { return 1 }\n").unwrap();
    let engine = engine();
    let path = std::ffi::CString::new(dir.to_str().unwrap()).unwrap();
    let mut report = null_mut();
    assert_eq!(
        conclave_engine_analyze_path(engine, path.as_ptr(), &mut report),
        CONCLAVE_OK
    );
    let mut json = null_mut();
    assert_eq!(conclave_report_to_json(report, &mut json), CONCLAVE_OK);
    let value: serde_json::Value = serde_json::from_str(&take_string(json)).unwrap();
    assert_eq!(value["summary"]["files"], 2);
    let mut len = 0;
    assert_eq!(conclave_report_findings_len(report, &mut len), CONCLAVE_OK);
    assert_eq!(
        value["files"][0]["findings"].as_array().unwrap().len()
            + value["files"][1]["findings"].as_array().unwrap().len(),
        len
    );
    assert_eq!(conclave_report_free(report), CONCLAVE_OK);
    assert_eq!(conclave_engine_free(engine), CONCLAVE_OK);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn reports_outlive_their_engine_and_handles_work_across_threads() {
    let engine = engine();
    let token = engine.addr();
    let reports: Vec<usize> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                let engine: *const conclave_engine = std::ptr::without_provenance(token);
                let (status, report) = analyze(engine, SOURCE.as_bytes());
                assert_eq!(status, CONCLAVE_OK);
                report.addr()
            })
        })
        .map(|t| t.join().unwrap())
        .collect();
    assert_eq!(conclave_engine_free(engine), CONCLAVE_OK);
    for report in reports {
        let report: *mut conclave_report = std::ptr::without_provenance_mut(report);
        let mut sarif = null_mut();
        assert_eq!(conclave_report_to_sarif(report, &mut sarif), CONCLAVE_OK);
        assert!(take_string(sarif).contains("\"2.1.0\""));
        assert_eq!(conclave_report_free(report), CONCLAVE_OK);
    }
}
