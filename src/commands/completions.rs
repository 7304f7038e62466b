//! `oauthctl completions SHELL` and `oauthctl man`: generated from the clap definition, the same scripts
//! and pages as in completions/ and man/.
//!
//! clap_complete writes static scripts, which know flags but not the profiles in a user's config. For
//! bash, zsh and fish the value of `-p/--profile` is completed by asking the binary itself
//! (`oauthctl profile list`, whose human output is the names one a line): the definition stays the one
//! source of the scripts, and the profile names come from the config at the moment of the TAB. The hooks
//! are spliced into clap's output at the exact lines it writes for that option; a change in clap's output
//! shape fails the tests here rather than losing the completion quietly. PowerShell and elvish keep
//! clap's scripts as they are.

use crate::cli::Cli;
use clap::CommandFactory;

pub fn render(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "oauthctl", &mut out);
    let script = String::from_utf8(out).expect("clap_complete writes UTF-8");
    match shell {
        clap_complete::Shell::Bash => with_bash_profiles(&script),
        clap_complete::Shell::Zsh => with_zsh_profiles(&script),
        clap_complete::Shell::Fish => with_fish_profiles(&script),
        _ => script,
    }
    .into_bytes()
}

pub fn run(shell: clap_complete::Shell) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(&render(shell));
}

/// The bash helper: the profile names of the config this command line names (`--config PATH` in the
/// words, else `OAUTHCTL_CONFIG` or the default, which the binary reads itself) that start with the word
/// being completed. The names are read line by line into COMPREPLY and never pass through `compgen -W`,
/// which would expand `$(…)` in a hand-written profile name.
const BASH_HELPER: &str = r#"__oauthctl_profiles() {
    local i name
    local -a config=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ ${COMP_WORDS[i]} == --config ]]; then
            config=(--config "${COMP_WORDS[i + 1]}")
        fi
    done
    COMPREPLY=()
    while IFS= read -r name; do
        [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
    done < <("${COMP_WORDS[0]}" "${config[@]}" --no-color profile list 2>/dev/null)
}

"#;

fn with_bash_profiles(script: &str) -> String {
    let mut out = String::with_capacity(script.len() + 1024);
    let mut lines = script.lines().peekable();
    let mut hooked = 0;
    while let Some(line) = lines.next() {
        if line.starts_with("_oauthctl() {") {
            out.push_str(BASH_HELPER);
        }
        out.push_str(line);
        out.push('\n');
        let option = line.trim();
        if (option == "--profile)" || option == "-p)")
            && let Some(next) =
                lines.next_if(|l| l.trim() == r#"COMPREPLY=($(compgen -f "${cur}"))"#)
        {
            let indent = &next[..next.len() - next.trim_start().len()];
            out.push_str(indent);
            out.push_str("__oauthctl_profiles\n");
            hooked += 1;
        }
    }
    assert!(hooked > 0, "clap's bash script changed shape: no -p hook");
    out
}

const ZSH_HELPER: &str = r#"(( $+functions[_oauthctl_profiles] )) ||
_oauthctl_profiles() {
    local -a profiles config
    local i
    for ((i = 1; i < CURRENT; i++)); do
        [[ $words[i] == --config ]] && config=(--config "${words[i + 1]}")
    done
    profiles=(${(f)"$(${words[1]} $config --no-color profile list 2>/dev/null)"})
    compadd -a profiles
}

"#;

fn with_zsh_profiles(script: &str) -> String {
    let hooked = script.replace(":PROFILE:_default'", ":PROFILE:_oauthctl_profiles'");
    assert_ne!(
        hooked, script,
        "clap's zsh script changed shape: no -p hook"
    );
    let at = hooked
        .find("if [ \"$funcstack[1]\" = \"_oauthctl\" ]")
        .expect("clap's zsh script changed shape: no trailer");
    format!("{}{ZSH_HELPER}{}", &hooked[..at], &hooked[at..])
}

const FISH_HELPER: &str = "function __fish_oauthctl_profiles
    oauthctl --no-color profile list 2>/dev/null
end

";

fn with_fish_profiles(script: &str) -> String {
    let mut hooked = 0;
    let body: Vec<String> = script
        .lines()
        .map(|line| {
            if line.contains(" -s p -l profile ") && line.ends_with(" -r") {
                hooked += 1;
                format!("{line} -f -a \"(__fish_oauthctl_profiles)\"")
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(hooked > 0, "clap's fish script changed shape: no -p hook");
    format!("{FISH_HELPER}{}\n", body.join("\n"))
}

/// The man pages: `oauthctl.1` and one page per subcommand (`oauthctl-token-print.1`, …), as
/// `(file name, roff)` in a stable order.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    fn walk(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) {
        let man = clap_mangen::Man::new(cmd.clone());
        let mut page = Vec::new();
        man.render(&mut page)
            .expect("rendering into memory cannot fail");
        pages.push((man.get_filename(), page));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, pages);
        }
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    walk(&cmd, &mut pages);
    pages
}

/// `oauthctl man`: the main page on stdout, or every page into `dir`.
pub fn man(dir: Option<&std::path::Path>) -> crate::error::Result<()> {
    use crate::error::Error;
    use std::io::Write;
    let pages = man_pages();
    let Some(dir) = dir else {
        let _ = std::io::stdout().write_all(&pages[0].1);
        return Ok(());
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::other(format!("cannot create {}: {e}", dir.display())))?;
    for (name, page) in &pages {
        let path = dir.join(name);
        std::fs::write(&path, page)
            .map_err(|e| Error::other(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every place clap completes `-p`/`--profile` (each subcommand repeats the global option) calls
    /// the profile helper; none falls back to file names.
    #[test]
    fn every_profile_option_completes_profile_names() {
        let text = |shell| String::from_utf8(render(shell)).unwrap();
        let bash = text(clap_complete::Shell::Bash);
        let lines: Vec<&str> = bash.lines().map(str::trim).collect();
        let options: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i] == "--profile)" || lines[i] == "-p)")
            .collect();
        assert!(options.len() > 10, "{bash}");
        for i in options {
            assert_eq!(lines[i + 1], "__oauthctl_profiles", "after line {i}");
        }
        let zsh = text(clap_complete::Shell::Zsh);
        assert!(!zsh.contains(":PROFILE:_default"), "{zsh}");
        assert!(zsh.contains("_oauthctl_profiles() {"));
        let fish = text(clap_complete::Shell::Fish);
        for line in fish.lines().filter(|l| l.contains("-l profile ")) {
            assert!(
                line.ends_with("-a \"(__fish_oauthctl_profiles)\""),
                "{line}"
            );
        }
    }

    #[test]
    fn man_pages_cover_every_subcommand() {
        let names: Vec<String> = man_pages().into_iter().map(|(n, _)| n).collect();
        for page in [
            "oauthctl.1",
            "oauthctl-profile.1",
            "oauthctl-profile-set.1",
            "oauthctl-token-print.1",
            "oauthctl-status.1",
        ] {
            assert!(names.iter().any(|n| n == page), "{page} in {names:?}");
        }
    }
}
