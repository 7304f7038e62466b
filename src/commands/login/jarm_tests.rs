//! In-process tests of signed authorization responses (JARM): the redirect's `response` JWT verified
//! before anything in it is read, each refusal (exit 6, nothing stored), a forged response that does not
//! end the login, the provider's error inside a valid response (exit 3), and the same on the paste path.

use crate::testkit::fakes::Paste;
use crate::testkit::{CLIENT_ID, World};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

#[track_caller]
fn nothing_stored(w: &World) {
    assert!(w.stores.items.lock().unwrap().is_empty(), "tokens stored");
    assert!(w.config.profile("default").is_none(), "profile saved");
    assert!(w.idp.seen_at("/token").is_empty(), "a code was redeemed");
}

fn query_value(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The claims of the `response` in a redirect query, read without verifying.
fn response_claims(query: &str) -> Value {
    let (_, jwt) = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "response")
        .expect("a JARM response");
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// The provider's response, re-signed with a key that is not the provider's (under its `kid`).
fn resigned_by_another_key(query: &str) -> String {
    let jwt = crate::oauth::test_jwt::sign_with_other_key(response_claims(query), "k1");
    format!("response={jwt}")
}

fn tamper(w: &World, f: fn(String) -> String) {
    *w.front.tamper.lock().unwrap() = Some(Box::new(f));
}

fn patched(changes: Value) -> World {
    World::with(|s| {
        s.jarm_patch = changes.as_object().unwrap().clone();
    })
}

#[test]
fn jarm_asks_for_a_signed_response_and_reads_the_code_from_it() {
    let w = World::new();
    w.login(&["--jarm"]).ok();
    assert_eq!(
        query_value(&w.opened_url(), "response_mode").as_deref(),
        Some("jwt")
    );
    let token = w.idp.seen_at("/token");
    assert_eq!(token.len(), 1);
    assert_eq!(token[0].form("code"), Some("code-1"));
    assert_eq!(w.config.profile("default").unwrap().jarm, Some(true));
    // Saved; --jarm=false turns it off.
    w.login(&[]).ok();
    assert_eq!(
        query_value(&w.opened_url(), "response_mode").as_deref(),
        Some("jwt")
    );
    w.login(&["--jarm=false"]).ok();
    assert_eq!(query_value(&w.opened_url(), "response_mode"), None);
    assert_eq!(w.config.profile("default").unwrap().jarm, None);
}

#[test]
fn a_response_mode_param_of_jarm_turns_it_on_and_a_plain_one_contradicts_jarm() {
    for mode in ["jwt", "query.jwt"] {
        let w = World::new();
        let param = format!("response_mode={mode}");
        w.login(&["--param", &param]).ok();
        // Its refusals apply: the response is verified, not read as a plain redirect.
        let w = World::new();
        tamper(&w, |q| resigned_by_another_key(&q));
        w.login(&["--param", &param]).fails(6, "JARM");
        nothing_stored(&w);
    }
    for mode in ["form_post.jwt", "fragment.jwt"] {
        let w = World::new();
        let param = format!("response_mode={mode}");
        w.login(&["--param", &param]).fails(2, "response_mode");
        assert!(w.idp.seen().is_empty());
    }
    let w = World::new();
    w.login(&["--jarm", "--param", "response_mode=query"])
        .fails(2, "--jarm");
    assert!(w.front.opened.lock().unwrap().is_empty());
}

#[test]
fn a_response_that_fails_verification_is_exit_6_and_nothing_is_stored() {
    let cases: Vec<(&str, World, &str)> = vec![
        (
            "wrong iss",
            patched(json!({"iss": "https://evil.test"})),
            "`iss`",
        ),
        (
            "wrong aud",
            patched(json!({"aud": "another-client"})),
            "`aud`",
        ),
        (
            "expired",
            patched(json!({"exp": crate::testkit::T0 - 3600})),
            "expired",
        ),
        ("no exp", patched(json!({"exp": null})), "`exp`"),
        (
            "bad signature",
            {
                let w = World::new();
                tamper(&w, |q| resigned_by_another_key(&q));
                w
            },
            "bad signature",
        ),
        (
            "not a JWT",
            {
                let w = World::new();
                tamper(&w, |_| "response=code-1".into());
                w
            },
            "not a signed JWT",
        ),
        (
            "twice",
            {
                let w = World::new();
                tamper(&w, |q| format!("{q}&{q}"));
                w
            },
            "more than once",
        ),
    ];
    for (name, w, why) in cases {
        let run = w.login(&["--jarm"]);
        assert_eq!(run.code, 6, "{name}: {}", run.stderr);
        let msg = &run.error.as_ref().unwrap().message;
        assert!(msg.contains("JARM") && msg.contains(why), "{name}: {msg}");
        nothing_stored(&w);
    }
}

#[test]
fn an_unknown_key_is_looked_up_once_more_then_refused() {
    // Rotated: the second copy of the JWKS has the key.
    let w = World::with(|s| {
        s.jarm_kid = Some("k2".into());
        s.jwks_kids = vec![vec!["k1".into()], vec!["k1".into(), "k2".into()]];
    });
    w.login(&["--jarm"]).ok();
    // Two for the response, one for the ID token.
    assert_eq!(w.idp.jwks_fetches(), 3);

    // Never published: refused after one refetch, however many forged responses came.
    let w = World::with(|s| s.jarm_kid = Some("k9".into()));
    let forged = crate::oauth::test_jwt::sign(json!({"iss": "x"}), "k8");
    *w.front.forged.lock().unwrap() = vec![format!("response={forged}"); 3];
    w.login(&["--jarm"]).fails(6, "signing key");
    assert_eq!(w.idp.jwks_fetches(), 2);
    nothing_stored(&w);
}

#[test]
fn a_forged_response_does_not_end_the_login_and_the_real_one_completes_it() {
    let w = World::new();
    let forged = crate::oauth::test_jwt::sign_with_other_key(
        json!({"iss": crate::testkit::ISSUER, "aud": CLIENT_ID, "exp": crate::testkit::T0 + 60,
               "code": "stolen", "state": "guess"}),
        "k1",
    );
    *w.front.forged.lock().unwrap() = vec![
        format!("response={forged}"),
        "response=garbage".into(),
        "code=stolen&state=guess".into(),
    ];
    w.login(&["--jarm"]).ok();
    let token = w.idp.seen_at("/token");
    assert_eq!(token.len(), 1);
    assert_eq!(token[0].form("code"), Some("code-1"));
}

#[test]
fn an_error_inside_a_valid_response_is_the_providers_answer() {
    let w = patched(json!({
        "code": null,
        "error": "access_denied",
        "error_description": "the user said no",
    }));
    let run = w.login(&["--jarm"]);
    run.fails(3, "access_denied");
    assert!(run.stderr.contains("the user said no"), "{}", run.stderr);
    nothing_stored(&w);

    // The state inside is checked as usual: another login's valid response is not this one's.
    let w = patched(json!({"state": "another-login"}));
    w.login(&["--jarm"]).fails(6, "state");
    nothing_stored(&w);
}

#[test]
fn a_code_in_the_clear_when_jarm_was_asked_for_is_refused() {
    let w = World::new();
    tamper(&w, |q| {
        let c = response_claims(&q);
        format!(
            "code={}&state={}",
            c["code"].as_str().unwrap(),
            c["state"].as_str().unwrap()
        )
    });
    w.login(&["--jarm"]).fails(6, "in the clear");
    nothing_stored(&w);
}

#[test]
fn a_jarm_login_needs_the_providers_keys() {
    let w = World::new();
    let (a, t) = (
        format!("{}/authorize", crate::testkit::ISSUER),
        format!("{}/token", crate::testkit::ISSUER),
    );
    let run = w.run(&[
        "login",
        "--authorize-url",
        &a,
        "--token-url",
        &t,
        "--client-id",
        CLIENT_ID,
        "--jarm",
    ]);
    run.fails(2, "JARM");
    assert!(w.idp.seen().is_empty());
}

/// The browser is elsewhere: its redirect never reaches this machine's listener.
fn remote(w: &World, pasted: Vec<Paste>) {
    *w.front.real_lost.lock().unwrap() = true;
    *w.console.pasted.lock().unwrap() = pasted;
}

fn full_url(query: &str) -> String {
    format!("http://127.0.0.1:4242/callback?{query}")
}

#[test]
fn a_pasted_response_gets_the_same_checks() {
    let w = World::new();
    remote(
        &w,
        vec![
            Paste::Redirect(|q| full_url(&resigned_by_another_key(q))),
            Paste::Redirect(full_url),
        ],
    );
    let run = w.login(&["--jarm", "--paste"]);
    run.ok();
    assert!(
        run.stderr
            .contains("warning: the pasted address was refused: the signed authorization response (JARM) was refused: bad signature; still waiting"),
        "{}",
        run.stderr
    );
    assert_eq!(w.idp.seen_at("/token").len(), 1);

    // Only the forged one: the wait runs out as for any refused paste, and nothing is stored.
    let w = World::new();
    remote(
        &w,
        vec![Paste::Redirect(|q| full_url(&resigned_by_another_key(q)))],
    );
    let run = w.login(&["--jarm", "--paste"]);
    run.fails(4, "no redirect");
    assert!(run.stderr.contains("bad signature"), "{}", run.stderr);
    nothing_stored(&w);
}
