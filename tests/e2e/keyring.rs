//! The keyring store against a real Secret Service (gnome-keyring in a private D-Bus session, set up by
//! scripts/test). Outside that session this test fails with instructions rather than passing vacuously.

use crate::harness::*;

/// Fails (never skips) when the suite runs outside the Secret Service session of scripts/test.
fn require_secret_service() {
    assert_eq!(
        std::env::var("OAUTHCTL_TEST_KEYRING").as_deref(),
        Ok("1"),
        "the keyring tests need a Secret Service: run the suite with scripts/test"
    );
}

#[test]
fn login_print_userinfo_logout_with_the_os_keyring() {
    require_secret_service();
    let p = Provider::oidc(3600);
    let user = User::new();
    let profile = format!("kr-{}", std::process::id());
    let mut args = oidc_login_args(&p, "basic-client");
    args[1] = "keyring".into();
    args.extend(["-p".into(), profile.clone()]);
    let out = user
        .run_with(&strs(&args), &[("OAUTHCTL_CLIENT_SECRET", BASIC_SECRET)])
        .ok();
    assert!(out.stderr.contains("OS keyring"), "{out:?}");
    // Nothing in the file store: the tokens went to the keyring.
    assert!(!user.data_dir().join(format!("{profile}.json")).exists());
    let config = std::fs::read_to_string(user.config_path()).unwrap();
    assert!(config.contains("store = \"keyring\""), "{config}");

    // Later commands find the keyring through the profile, with --store left at auto.
    let token = user.run(&["-p", &profile, "token", "print"]).ok().stdout;
    assert!(token.trim().len() > 10);
    assert_eq!(
        user.run(&["-p", &profile, "userinfo", "-o", "json"])
            .ok()
            .json()["sub"],
        "alice"
    );
    user.run(&["-p", &profile, "token", "refresh"]).ok();
    let status = user.run(&["status", "-o", "json"]).ok().json();
    assert_eq!(status[0]["store"], "keyring");
    assert_eq!(status[0]["state"], "valid");
    user.run(&["-p", &profile, "logout"]).ok();
    user.run(&["-p", &profile, "token", "print"])
        .fails(5, "no stored tokens");
}

#[test]
fn auto_store_prefers_the_keyring_when_it_answers() {
    require_secret_service();
    let p = Provider::oidc(3600);
    let user = User::new();
    let profile = format!("auto-{}", std::process::id());
    let mut args = oidc_login_args(&p, "public-client");
    args.drain(0..2); // no --store: auto
    args.extend(["-p".into(), profile.clone()]);
    let out = user.run(&strs(&args)).ok();
    assert!(!out.stderr.contains("warning"), "{out:?}");
    assert!(out.stderr.contains("OS keyring"), "{out:?}");
    user.run(&["-p", &profile, "logout"]).ok();
}

/// Logins that start together probe the keyring together (parallel CI jobs, a script logging in several
/// profiles): each must find it usable. With one shared probe item they deleted each other's and failed.
#[test]
fn concurrent_logins_all_find_the_keyring_usable() {
    require_secret_service();
    let p = Provider::oidc(3600);
    let user = User::new();
    let base = format!("cc-kr-{}", std::process::id());
    let runs: Vec<Run> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|i| {
                let (user, p, profile) = (&user, &p, format!("{base}-{i}"));
                s.spawn(move || {
                    user.run_with(
                        &[
                            "--store",
                            "keyring",
                            "-p",
                            &profile,
                            "login",
                            "--client-credentials",
                            "--issuer",
                            &p.base,
                            "--client-id",
                            "service-client",
                        ],
                        &[("OAUTHCTL_CLIENT_SECRET", "s3rvice-s3cret")],
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for run in runs {
        assert!(run.stderr.contains("OS keyring"), "{run:?}");
        run.ok();
    }
    for i in 0..6 {
        user.run(&["-p", &format!("{base}-{i}"), "logout"]).ok();
    }
}
