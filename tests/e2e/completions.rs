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
