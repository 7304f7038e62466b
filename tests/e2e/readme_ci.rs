//! The README's CI recipe, run as written: it passes against the real oidc-provider, and a failing step
//! (oauthctl failing, or answering nothing, or answering `false`) fails the job with oauthctl's own exit
//! code. People copy this block into their pipelines; an earlier version reported success while
//! `token refresh` failed, so the block itself is under test rather than a copy of it.

use crate::harness::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The first `sh` block of the README's CI section.
fn recipe() -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split_once("## In CI: smoke-testing a provider")
        .expect("the README has a CI section")
        .1;
    let block = section.split_once("```sh\n").unwrap().1;
    block.split_once("```").unwrap().0.to_string()
}

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
}

/// Runs the recipe with bash in a fresh directory, as a CI job would, with `oauthctl` on PATH (or a
/// stand-in that logs each call, then fails or answers for one subcommand and runs the real binary for
/// the others) and `drive-login.sh` signing in with the scripted browser.
fn run_job(p: &Provider, stand_in: StandIn) -> Job {
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
        if k.starts_with("OAUTHCTL_") || k.starts_with("BROWSER") {
            cmd.env_remove(k);
        }
    }
    let out = cmd
        .arg("-c")
        .arg(recipe())
        .current_dir(work)
        .env("PATH", path)
        .env("OAUTHCTL_CONFIG", work.join("config.toml"))
        .env("NO_COLOR", "1")
        .env("ISSUER", &p.base)
        .env("CLIENT_ID", "public-client")
        .env("RUNNER_TEMP", work)
        .output()
        .unwrap();
    Job {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        calls: std::fs::read_to_string(&calls).unwrap_or_default(),
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}--- oauthctl calls\n{}",
            self.code, self.stdout, self.stderr, self.calls
        )
    }
}

#[test]
fn readme_ci_recipe_passes_against_a_real_provider() {
    require_jq();
    let p = Provider::oidc(3600);
    let job = run_job(&p, StandIn::None);
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

    let job = run_job(&p, StandIn::Fails("token refresh", 3));
    assert_eq!(job.code, 3, "a refused refresh must fail the job: {job:?}");

    let job = run_job(&p, StandIn::Fails("userinfo", 4));
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
        let job = run_job(&p, stand_in);
        assert_ne!(
            job.code, 0,
            "an empty or false answer must fail the job: {job:?}"
        );
    }
}
