//! The README's CI scripts, run as written. `provider-smoke.sh` (the section's first block), with only
//! `OAUTHCTL_*` variables and no config, keyring or browser, gives the right verdict and JUnit report
//! against the real oidc-provider for a user's refresh token and for a service client, writes nothing
//! else, and fails the job with smoke's exit code. The step-by-step script (the second block) passes, and
//! a failing step (oauthctl failing, or answering nothing, or answering `false`) fails the job with
//! oauthctl's own exit code. People copy these blocks into their pipelines; an earlier version reported
//! success while `token refresh` failed, so the blocks themselves are under test rather than copies.

use crate::harness::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `n`-th `sh` block of the README's CI section (its subsections included).
fn recipe(n: usize) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split_once("## In CI: smoke-testing a provider")
        .expect("the README has a CI section")
        .1;
    let section = section.split("\n## ").next().unwrap();
    let block = section
        .split("```sh\n")
        .nth(n + 1)
        .unwrap_or_else(|| panic!("the CI section has no sh block {n}"));
    block.split_once("```").unwrap().0.to_string()
}

/// The smoke script.
const SMOKE: usize = 0;
/// The step-by-step script.
const STEPS: usize = 1;

fn require_jq() {
    let ok = Command::new("jq")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "jq is missing: the README's CI recipe uses it (Debian: `apt-get install jq`; scripts/test installs it as root)"
    );
}

fn make_executable(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// What a stand-in `oauthctl` does for one subcommand instead of running the real one.
enum StandIn {
    /// The real oauthctl for everything.
    None,
    /// `error:` on stderr, nothing on stdout, this exit code.
    Fails(&'static str, i32),
    /// Prints this and exits 0.
    Prints(&'static str, &'static str),
}

struct Job {
    code: i32,
    stdout: String,
    stderr: String,
    /// The oauthctl command lines the recipe ran, one a line.
    calls: String,
    /// What the job left in its directory, besides the harness's own files.
    left: Vec<String>,
    /// The JUnit report `smoke.xml`, when the job wrote one.
    junit: Option<String>,
}

/// Runs the recipe with bash in a fresh directory, as a CI job would, with `oauthctl` on PATH (or a
/// stand-in that logs each call, then fails or answers for one subcommand and runs the real binary for
/// the others) and `drive-login.sh` signing in with the scripted browser.
fn run_job(p: &Provider, block: usize, stand_in: StandIn, envs: &[(&str, &str)]) -> Job {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let bin = work.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let real = PathBuf::from(env!("CARGO_BIN_EXE_oauthctl"));
    let calls = work.join("calls.log");
    let (command, action) = match stand_in {
        StandIn::None => ("-", String::new()),
        StandIn::Fails(command, code) => (
            command,
            format!("echo 'error: stand-in failure' >&2; exit {code}"),
        ),
        StandIn::Prints(command, text) => (command, format!("printf '%s' '{text}'; exit 0")),
    };
    make_executable(
        &bin.join("oauthctl"),
        &format!(
            "#!/bin/sh\necho \"$*\" >> '{calls}'\ncase \"$*\" in\n  \"{command}\"*) {action} ;;\nesac\nexec '{real}' \"$@\"\n",
            calls = calls.display(),
            real = real.display(),
        ),
    );
    make_executable(
        &work.join("drive-login.sh"),
        &format!("#!/bin/sh\nexec {} \"$@\"\n", browser_cmd()),
    );

    let path = std::env::var_os("PATH").unwrap_or_default();
    let path =
        std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path))).unwrap();
    let mut cmd = Command::new("bash");
    for (k, _) in std::env::vars() {
        // No keyring either: a CI runner has no Secret Service.
        if k.starts_with("OAUTHCTL_") || k.starts_with("BROWSER") || k == "DBUS_SESSION_BUS_ADDRESS"
        {
            cmd.env_remove(k);
        }
    }
    let out = cmd
        .arg("-c")
        .arg(recipe(block))
        .current_dir(work)
        .env("PATH", path)
        // The job's own places: nothing may appear in them but what the script writes itself.
        .env("OAUTHCTL_CONFIG", work.join("config.toml"))
        .env("XDG_DATA_HOME", work.join("data"))
        .env("XDG_CONFIG_HOME", work.join("xdg-config"))
        .env("NO_COLOR", "1")
        .env("ISSUER", &p.base)
        .env("CLIENT_ID", "public-client")
        .env("RUNNER_TEMP", work)
        .envs(envs.iter().copied())
        .output()
        .unwrap();
    let mut left: Vec<String> = std::fs::read_dir(work)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !["bin", "calls.log", "drive-login.sh"].contains(&n.as_str()))
        .collect();
    left.sort();
    let junit = std::fs::read_to_string(work.join("smoke.xml")).ok();
    Job {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        calls: std::fs::read_to_string(&calls).unwrap_or_default(),
        left,
        junit,
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}--- oauthctl calls\n{}--- left\n{:?}",
            self.code, self.stdout, self.stderr, self.calls, self.left
        )
    }
}

#[test]
fn readme_ci_recipe_passes_against_a_real_provider() {
    require_jq();
    let p = Provider::oidc(3600);
    let job = run_job(&p, STEPS, StandIn::None, &[]);
    assert_eq!(job.code, 0, "{job:?}");
    assert_eq!(job.stdout, "true\ntrue\n", "{job:?}");
    assert_eq!(
        job.calls
            .lines()
            .map(|l| l.split(' ').next().unwrap())
            .collect::<Vec<_>>(),
        ["login", "userinfo", "token"],
        "{job:?}"
    );
    assert_eq!(p.refresh_count(), 1);
}

#[test]
fn readme_ci_recipe_fails_with_the_exit_code_of_the_failing_step() {
    require_jq();
    let p = Provider::oidc(3600);

    let job = run_job(&p, STEPS, StandIn::Fails("token refresh", 3), &[]);
    assert_eq!(job.code, 3, "a refused refresh must fail the job: {job:?}");

    let job = run_job(&p, STEPS, StandIn::Fails("userinfo", 4), &[]);
    assert_eq!(job.code, 4, "{job:?}");
    assert!(
        !job.calls.contains("token refresh"),
        "the job must stop at the failed step: {job:?}"
    );
}

#[test]
fn readme_ci_recipe_fails_on_empty_or_false_answers() {
    require_jq();
    let p = Provider::oidc(3600);
    for stand_in in [
        StandIn::Prints("token refresh", ""),
        StandIn::Prints("token refresh", r#"{"has_refresh_token":false}"#),
        StandIn::Prints("token refresh", r#"{"profile":"default"}"#),
        StandIn::Prints("userinfo", r#"{"sub":""}"#),
    ] {
        let job = run_job(&p, STEPS, stand_in, &[]);
        assert_ne!(
            job.code, 0,
            "an empty or false answer must fail the job: {job:?}"
        );
    }
}

/// (tests, failures, skipped) of the report's one suite, and the names of the failed cases.
fn junit_counts(xml: &str) -> ((String, String, String), Vec<String>) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1, "{xml}");
    let attr = |a: &str| suites[0].attribute(a).unwrap().to_string();
    let failed = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .map(|n| n.parent().unwrap().attribute("name").unwrap().to_string())
        .collect();
    ((attr("tests"), attr("failures"), attr("skipped")), failed)
}

/// A user's refresh token, from a login made elsewhere (another machine, another directory).
fn refresh_token_from_elsewhere(p: &Provider) -> String {
    let elsewhere = User::new();
    elsewhere
        .run(&strs(&oidc_login_args(p, "public-client")))
        .ok();
    elsewhere.stored("default")["tokens"]["refresh_token"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn readme_smoke_script_passes_with_a_users_refresh_token_from_the_variables_alone() {
    let p = Provider::oidc(3600);
    let rt = refresh_token_from_elsewhere(&p);
    let job = run_job(
        &p,
        SMOKE,
        StandIn::None,
        &[
            ("OAUTHCTL_ISSUER", &p.base),
            ("OAUTHCTL_CLIENT_ID", "public-client"),
            ("OAUTHCTL_REFRESH_TOKEN", &rt),
        ],
    );
    assert_eq!(job.code, 0, "{job:?}");
    assert_eq!(job.calls.trim(), "smoke --junit smoke.xml", "{job:?}");
    // The report and nothing else: no config, no token file, no lock file.
    assert_eq!(job.left, ["smoke.xml"], "{job:?}");
    let (counts, failed) = junit_counts(job.junit.as_deref().unwrap());
    assert_eq!(counts, ("8".into(), "0".into(), "1".into()), "{job:?}");
    assert!(failed.is_empty());
    assert!(
        job.stderr.contains("7 passed, 0 failed, 1 skipped"),
        "{job:?}"
    );
    assert!(!job.stderr.contains(&rt) && !job.junit.unwrap().contains(&rt));
}

#[test]
fn readme_smoke_script_passes_for_a_service_client_with_its_secret_alone() {
    let p = Provider::oidc(3600);
    let job = run_job(
        &p,
        SMOKE,
        StandIn::None,
        &[
            ("OAUTHCTL_ISSUER", &p.base),
            ("OAUTHCTL_CLIENT_ID", "service-client"),
            ("OAUTHCTL_CLIENT_SECRET", "s3rvice-s3cret"),
            ("OAUTHCTL_CLIENT_CREDENTIALS", "1"),
        ],
    );
    assert_eq!(job.code, 0, "{job:?}");
    assert_eq!(job.left, ["smoke.xml"], "{job:?}");
    let xml = job.junit.as_deref().unwrap();
    let (counts, failed) = junit_counts(xml);
    // discovery, jwks, token and introspect pass; no ID token, no user, no refresh token, no --revoke.
    assert_eq!(counts, ("8".into(), "0".into(), "4".into()), "{job:?}");
    assert!(failed.is_empty());
    assert!(!job.stderr.contains("s3rvice-s3cret") && !xml.contains("s3rvice-s3cret"));
    let grants: Vec<_> = p
        .oidc_log()
        .into_iter()
        .filter(|l| l["path"] == "/token")
        .map(|l| l["grant_type"].clone())
        .collect();
    assert_eq!(grants, [serde_json::json!("client_credentials")]);
}

#[test]
fn readme_smoke_script_fails_the_job_with_smokes_exit_code_and_reports_why() {
    let p = Provider::oidc(3600);
    // A refresh token the provider does not know: the token check fails with the provider's
    // invalid_grant (exit 3), the checks that need no token still run, and the report says which failed.
    let job = run_job(
        &p,
        SMOKE,
        StandIn::None,
        &[
            ("OAUTHCTL_ISSUER", &p.base),
            ("OAUTHCTL_CLIENT_ID", "public-client"),
            ("OAUTHCTL_REFRESH_TOKEN", "not-a-token-it-issued"),
        ],
    );
    assert_eq!(job.code, 3, "{job:?}");
    let (_, failed) = junit_counts(job.junit.as_deref().unwrap());
    assert_eq!(failed, ["token"], "{job:?}");
    assert!(job.stderr.contains("invalid_grant"), "{job:?}");

    // Whatever smoke exits with is the job's status.
    let job = run_job(&p, SMOKE, StandIn::Fails("smoke", 6), &[]);
    assert_eq!(job.code, 6, "{job:?}");
}
