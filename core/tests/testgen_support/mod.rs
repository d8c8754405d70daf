//! Helpers shared by the test-generation tests: parse checks, toolchain detection and the
//! runners for the generated files (pytest, Jest, JUnit 5, go test).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use conclave::lang::Parsers;
use conclave::vocab::Language;

/// Fails when `code` does not parse cleanly with our grammar for `language`.
pub fn assert_parses(language: Language, code: &str) {
    let tree = Parsers::new().parse(language, code).unwrap();
    let root = tree.root_node();
    assert!(
        !root.has_error(),
        "generated {language} does not parse:\n{code}\n{}",
        root.to_sexp()
    );
}

/// Whether `program --version`-style probing runs.
pub fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// True (after printing why the test is skipped) when `program` does not run here.
pub fn missing(program: &str, arg: &str) -> bool {
    let missing = !have(program, arg);
    if missing {
        eprintln!("skipped: `{program}` is not installed here");
    }
    missing
}

/// Where fetched test tools are cached: `$CONCLAVE_TEST_CACHE`, else
/// `/tmp/conclave-test-cache`.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("CONCLAVE_TEST_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/conclave-test-cache"))
}

pub fn text(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

pub fn pytest(dir: &Path, file: &str) -> Output {
    Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", file])
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python3 with pytest (`pip install pytest`)")
}

/// Runs a Jest file in `dir`: with Jest from the cache (`npm install jest` there, see
/// `.ci/run`), else with a small shim of `describe`/`test`/`expect` on `node`, so the file is
/// exercised either way. ES modules (`esm`) need a `package.json` with `"type": "module"`.
pub fn jest(dir: &Path, file: &str, esm: bool) -> (bool, String) {
    let jest = cache_dir().join("jest/node_modules/jest/bin/jest.js");
    if esm {
        std::fs::write(dir.join("package.json"), "{\"type\": \"module\"}\n").unwrap();
    }
    if jest.exists() {
        let out = Command::new("node")
            .arg(&jest)
            .args([
                "--ci",
                "--rootDir",
                ".",
                "--config",
                "{\"transform\": {}}",
                file,
            ])
            .current_dir(dir)
            .env("NODE_OPTIONS", "--experimental-vm-modules --no-warnings")
            .output()
            .unwrap();
        return (out.status.success(), format!("jest: {}", text(&out)));
    }
    eprintln!(
        "note: Jest is not in {}: running with a shim",
        cache_dir().display()
    );
    let shim = dir.join("shim.mjs");
    std::fs::write(&shim, JEST_SHIM).unwrap();
    let out = Command::new("node")
        .args([
            "--import",
            &format!("./{}", shim.file_name().unwrap().to_string_lossy()),
        ])
        .arg(format!("./{file}"))
        .current_dir(dir)
        .output()
        .unwrap();
    (out.status.success(), format!("shim: {}", text(&out)))
}

/// `describe`, `test`, `expect(...).toBe/toEqual/toThrow/not.toBe` on `globalThis`.
const JEST_SHIM: &str = r#"
import { isDeepStrictEqual } from 'node:util';
let failed = 0, passed = 0;
globalThis.describe = (name, body) => body();
globalThis.test = (name, body) => {
  try { body(); passed++; } catch (e) { failed++; console.error(`FAIL ${name}: ${e.message}`); }
};
const check = (ok, message) => { if (!ok) throw new Error(message); };
globalThis.expect = (actual) => {
  const m = (negate) => ({
    toBe: (v) => check(Object.is(actual, v) !== negate, `${String(actual)} toBe ${String(v)}`),
    toEqual: (v) => check(isDeepStrictEqual(JSON.parse(JSON.stringify(actual)), v) !== negate, `toEqual ${JSON.stringify(v)}`),
    toThrow: (cls) => {
      let thrown = false, error;
      try { actual(); } catch (e) { thrown = true; error = e; }
      check((thrown && (!cls || error instanceof cls)) !== negate, `toThrow ${cls ? cls.name : ''}`);
    },
  });
  return Object.assign(m(false), { not: m(true) });
};
process.on('exit', () => { console.log(`${passed} passed, ${failed} failed`); if (failed) process.exitCode = 1; });
"#;

/// JUnit 5 classes to compile and run the generated Java tests against: the real console
/// launcher where it is cached (`$CONCLAVE_JUNIT_JAR`, the cache dir, or `~/.m2`), else `None`.
pub fn junit_jar() -> Option<PathBuf> {
    if let Some(jar) = std::env::var_os("CONCLAVE_JUNIT_JAR") {
        return Some(PathBuf::from(jar));
    }
    let cached = cache_dir().join("junit-platform-console-standalone.jar");
    if cached.exists() {
        return Some(cached);
    }
    let m2 = PathBuf::from(std::env::var_os("HOME")?)
        .join(".m2/repository/org/junit/platform/junit-platform-console-standalone");
    std::fs::read_dir(m2)
        .ok()?
        .flatten()
        .filter_map(|v| {
            let version = v.file_name().to_string_lossy().into_owned();
            let jar = v
                .path()
                .join(format!("junit-platform-console-standalone-{version}.jar"));
            jar.exists().then_some(jar)
        })
        .max()
}

/// A stand-in for the few JUnit 5 pieces the generated tests use (`@Test`, `assertEquals`,
/// `assertNull`, `assertThrows`, `assertDoesNotThrow`, `fail`) plus a runner that calls every
/// `@Test` method, for machines where the JUnit jar cannot be fetched.
const JUNIT_STUB: &[(&str, &str)] = &[
    (
        "org/junit/jupiter/api/Test.java",
        "package org.junit.jupiter.api;\n\
         @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n\
         @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)\n\
         public @interface Test {}\n",
    ),
    (
        "org/junit/jupiter/api/function/Executable.java",
        "package org.junit.jupiter.api.function;\n\
         public interface Executable { void execute() throws Throwable; }\n",
    ),
    (
        "org/junit/jupiter/api/Assertions.java",
        "package org.junit.jupiter.api;\n\
         import org.junit.jupiter.api.function.Executable;\n\
         public final class Assertions {\n\
         static void check(boolean ok, String m) { if (!ok) throw new AssertionError(m); }\n\
         public static void assertEquals(Object e, Object a) { check(java.util.Objects.equals(e, a), e + \" != \" + a); }\n\
         public static void assertEquals(int e, int a) { check(e == a, e + \" != \" + a); }\n\
         public static void assertEquals(long e, long a) { check(e == a, e + \" != \" + a); }\n\
         public static void assertEquals(double e, double a) { check(Double.compare(e, a) == 0, e + \" != \" + a); }\n\
         public static void assertEquals(int e, Integer a) { assertEquals((Object) e, (Object) a); }\n\
         public static void assertEquals(long e, Long a) { assertEquals((Object) e, (Object) a); }\n\
         public static void assertEquals(double e, Double a) { assertEquals((Object) e, (Object) a); }\n\
         public static void assertNull(Object a) { check(a == null, a + \" is not null\"); }\n\
         public static void fail(String m) { throw new AssertionError(m); }\n\
         public static void assertDoesNotThrow(Executable x) { try { x.execute(); } catch (Throwable t) { throw new AssertionError(t); } }\n\
         public static <T extends Throwable> T assertThrows(Class<T> c, Executable x) {\n\
         try { x.execute(); } catch (Throwable t) { if (c.isInstance(t)) return c.cast(t); throw new AssertionError(t); }\n\
         throw new AssertionError(\"nothing thrown\"); }\n}\n",
    ),
    (
        "StubRunner.java",
        "public class StubRunner { public static void main(String[] a) throws Exception {\n\
         int failed = 0, passed = 0;\n\
         Class<?> c = Class.forName(a[0]);\n\
         for (java.lang.reflect.Method m : c.getDeclaredMethods()) {\n\
         if (!m.isAnnotationPresent(org.junit.jupiter.api.Test.class)) continue;\n\
         m.setAccessible(true);\n\
         java.lang.reflect.Constructor<?> k = c.getDeclaredConstructor(); k.setAccessible(true);\n\
         try { m.invoke(k.newInstance()); passed++; }\n\
         catch (java.lang.reflect.InvocationTargetException e) { failed++; System.out.println(\"FAIL \" + m.getName() + \": \" + e.getCause()); } }\n\
         System.out.println(passed + \" passed, \" + failed + \" failed\");\n\
         System.exit(failed == 0 ? 0 : 1); } }\n",
    ),
];

/// Compiles `sources` (in `dir`) with the generated test class `test_class` and runs it under
/// JUnit 5's console launcher, or under the stub runner when the jar is not cached.
pub fn junit(dir: &Path, sources: &[&str], test_class: &str) -> (bool, String) {
    let out = dir.join("classes");
    let (classpath, mut files): (String, Vec<PathBuf>) = match junit_jar() {
        Some(jar) => (jar.to_string_lossy().into_owned(), Vec::new()),
        None => {
            eprintln!("note: no JUnit 5 jar cached: running against a local stub of its API");
            let stub = dir.join("stub");
            for (path, code) in JUNIT_STUB {
                let p = stub.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, code).unwrap();
            }
            (
                String::new(),
                JUNIT_STUB.iter().map(|(p, _)| stub.join(p)).collect(),
            )
        }
    };
    files.extend(sources.iter().map(|s| dir.join(s)));
    let mut javac = Command::new("javac");
    javac.arg("-d").arg(&out);
    if !classpath.is_empty() {
        javac.arg("-cp").arg(&classpath);
    }
    let compiled = javac.args(&files).output().unwrap();
    if !compiled.status.success() {
        return (false, format!("javac: {}", text(&compiled)));
    }
    let run = if classpath.is_empty() {
        Command::new("java")
            .arg("-cp")
            .arg(&out)
            .args(["StubRunner", test_class])
            .output()
            .unwrap()
    } else {
        Command::new("java")
            .args(["-jar", &classpath, "--disable-banner", "--class-path"])
            .arg(&out)
            .args(["--select-class", test_class])
            .output()
            .unwrap()
    };
    (run.status.success(), text(&run))
}

pub fn go_test(dir: &Path) -> Output {
    Command::new("go")
        .args(["test", "./..."])
        .current_dir(dir)
        .env("GO111MODULE", "on")
        .env("GOFLAGS", "-mod=mod")
        .env("GOWORK", "off")
        .env("GOTOOLCHAIN", "local")
        .output()
        .unwrap()
}
