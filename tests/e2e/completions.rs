//! The committed completion scripts must match what the binary generates: a changed flag without
//! regenerated completions fails here (regenerate with `scripts/completions`).

use crate::harness::*;

#[test]
fn committed_completions_match_the_cli() {
    for (shell, file) in [
        ("bash", "oauthctl.bash"),
        ("zsh", "_oauthctl"),
        ("fish", "oauthctl.fish"),
        ("powershell", "_oauthctl.ps1"),
        ("elvish", "oauthctl.elv"),
    ] {
        let generated = User::new().run(&["completions", shell]).ok().stdout;
        let committed = std::fs::read_to_string(repo().join("completions").join(file))
            .unwrap_or_else(|_| panic!("completions/{file} is missing: run scripts/completions"));
        assert!(generated.len() > 500, "{shell} completion looks empty");
        assert!(
            generated == committed,
            "completions/{file} is stale: run scripts/completions"
        );
    }
}

/// man/ holds exactly the pages `oauthctl man --dir` writes (regenerate with `scripts/completions`).
#[test]
fn committed_man_pages_match_the_cli() {
    let user = User::new();
    let out = user.dir.path().join("man");
    user.run(&["man", "--dir", out.to_str().unwrap()]).ok();
    let names = |dir: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".1"))
            .collect();
        names.sort();
        names
    };
    let committed = repo().join("man");
    assert_eq!(
        names(&out),
        names(&committed),
        "man/ is stale: run scripts/completions"
    );
    assert!(names(&out).contains(&"oauthctl-profile-set.1".to_string()));
    for name in names(&out) {
        let generated = std::fs::read_to_string(out.join(&name)).unwrap();
        assert!(
            generated == std::fs::read_to_string(committed.join(&name)).unwrap(),
            "man/{name} is stale: run scripts/completions"
        );
    }
    // Without --dir: the main page on stdout.
    let page = user.run(&["man"]).ok().stdout;
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{}", &page[..80]);
    assert!(page.contains("oauthctl\\-profile(1)"), "subcommands listed");
}

/// The committed bash script, sourced in a real bash, completes `-p` and `--profile` with the profile
/// names of the config in use (`--config` on the line, else OAUTHCTL_CONFIG), not with file names.
#[test]
fn bash_completes_profile_names_after_p() {
    let user = User::new();
    for name in ["work", "home", "wonder"] {
        user.run(&["-p", name, "profile", "set", "client_id", "c"])
            .ok();
    }
    let other = user.dir.path().join("other.toml");
    std::fs::write(&other, "[profiles.elsewhere]\nclient_id = \"c\"\n").unwrap();
    let script = repo().join("completions/oauthctl.bash");
    let bin = env!("CARGO_BIN_EXE_oauthctl");
    let complete = |words: &[&str]| -> Vec<String> {
        let words: Vec<String> = std::iter::once(bin)
            .chain(words.iter().copied())
            .map(|w| format!("'{w}'"))
            .collect();
        let program = format!(
            "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n\
             _oauthctl \"${{COMP_WORDS[0]}}\" \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            script.display(),
            words.join(" ")
        );
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(program)
            .env("OAUTHCTL_CONFIG", user.config_path())
            .current_dir(user.dir.path())
            .output()
            .expect("bash runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(complete(&["-p", ""]), ["home", "wonder", "work"]);
    assert_eq!(complete(&["-p", "wo"]), ["wonder", "work"]);
    assert_eq!(complete(&["token", "print", "--profile", "h"]), ["home"]);
    assert_eq!(
        complete(&["--config", other.to_str().unwrap(), "status", "-p", ""]),
        ["elsewhere"]
    );
    // Other values still complete as before: the subcommands.
    assert!(complete(&["prof"]).contains(&"profile".to_string()));
}
