//! Profiles end to end against oidc-provider: `profile set/show/rm`, `status` for one named profile
//! (flag or `OAUTHCTL_PROFILE`) and its exit code, and `token print --id-token`, with the real binary, the
//! real file store and the real config file.

use crate::harness::*;

#[test]
fn profile_commands_status_and_id_token_against_oidc_provider() {
    let p = Provider::oidc(3600);
    let user = User::new();
    let mut args = oidc_login_args(&p, "public-client");
    args.extend(["-p".into(), "work".into()]);
    user.run(&strs(&args)).ok();
    user.run(&["-p", "spare", "profile", "set", "client_id", "other"])
        .ok();
    assert_eq!(user.run(&["profile", "list"]).ok().stdout, "spare\nwork\n");

    // One named profile: alone, exit 0 while valid; the environment names it as well as the flag.
    let one = user
        .run(&["-p", "work", "status", "-o", "json"])
        .ok()
        .json();
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["state"], "valid");
    user.run_with(&["status"], &[("OAUTHCTL_PROFILE", "spare")])
        .fails(5, "no stored tokens");
    let all = user.run(&["status"]).ok().stdout;
    assert!(all.starts_with("PROFILE"), "{all}");
    assert_eq!(all.lines().count(), 3, "{all}");

    // The ID token the provider issued, a JWT about alice.
    let id = user
        .run(&["-p", "work", "token", "print", "--id-token"])
        .ok();
    let stored = user.stored("work");
    assert_eq!(
        id.stdout.trim_end(),
        stored["tokens"]["id_token"].as_str().unwrap()
    );
    user.run(&["-p", "work", "token", "print", "--id-token", "--header"])
        .fails(2, "");

    // Settings edited in place; the file keeps no secret.
    user.run(&["-p", "work", "profile", "set", "browser", "true"])
        .ok();
    let show = user
        .run(&["-p", "work", "profile", "show", "-o", "json"])
        .ok()
        .json();
    assert_eq!(show["settings"]["browser"], "true");
    assert_eq!(show["token_store"], "file");
    let config = std::fs::read_to_string(user.config_path()).unwrap();
    assert!(config.contains("browser = \"true\""), "{config}");

    // rm: revoked at the provider, tokens and entry gone, the other profile kept.
    let rm = user
        .run(&["profile", "rm", "work", "-o", "json"])
        .ok()
        .json();
    assert_eq!(rm["revoked"], true);
    assert_eq!(rm["tokens_deleted"], true);
    let revocations = p
        .oidc_log()
        .iter()
        .filter(|l| l["path"] == "/token/revocation" && l["status"] == 200)
        .count();
    assert_eq!(revocations, 2);
    assert!(!user.data_dir().join("work.json").exists());
    assert_eq!(user.run(&["profile", "list"]).ok().stdout, "spare\n");
    user.run(&["-p", "work", "status"])
        .fails(5, "no saved settings");
}
