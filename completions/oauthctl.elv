
use builtin;
use str;

set edit:completion:arg-completer[oauthctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'oauthctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'oauthctl'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Log in with the authorization code grant and store the tokens'
            cand token 'Print, refresh or inspect the stored tokens'
            cand userinfo 'Call the userinfo endpoint with the stored access token'
            cand logout 'Revoke the stored tokens when the provider allows it, then delete them'
            cand profile 'List, show, change or delete saved profiles'
            cand status 'Show every profile and whether it needs a login (reads no network)'
            cand smoke 'Check providers non-interactively (for CI): discovery, keys, tokens, ID token, userinfo, refresh, introspection'
            cand discover 'Fetch a provider''s metadata, print it, and lint it'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page, or write every page (one per subcommand) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;login'= {
            cand --issuer 'Issuer URL; endpoints are discovered from its well-known metadata'
            cand --authorize-url 'Authorization endpoint (overrides discovery)'
            cand --token-url 'Token endpoint (overrides discovery)'
            cand --userinfo-url 'Userinfo endpoint (overrides discovery)'
            cand --revocation-url 'Revocation endpoint, RFC 7009 (overrides discovery)'
            cand --introspection-url 'Introspection endpoint, RFC 7662 (overrides discovery)'
            cand --jwks-uri 'JWKS URI for ID token signatures (overrides discovery)'
            cand --device-authorization-url 'Device authorization endpoint, RFC 8628, for --device (overrides discovery)'
            cand --par-url 'Pushed authorization request endpoint (RFC 9126; default: from discovery)'
            cand --client-id 'Client identifier'
            cand --client-secret 'Client secret; `-` reads it from stdin (a literal value is visible to other processes; prefer OAUTHCTL_CLIENT_SECRET)'
            cand --client-secret-file 'Read the client secret from a file (first line); --client-secret wins over it'
            cand --client-cert 'TLS client certificate (PEM) presented to the provider, RFC 8705 mTLS: for --auth-method tls_client_auth or self_signed_tls_client_auth, or certificate-bound tokens; the provider''s mtls_endpoint_aliases are used then'
            cand --client-cert-key 'Private key of --client-cert (PEM) [default: the --client-cert file, when it holds the key too]'
            cand --auth-method 'Client authentication at the token endpoint [default: client_secret_basic with a secret, else none]'
            cand --client-key 'The client''s private key for private_key_jwt: a JWK, a JWK set or a PEM file. Kept in the token store like the client secret; implies --auth-method private_key_jwt'
            cand --client-key-id 'Which key of a JWK set signs (its `kid`)'
            cand --assertion-audience 'The `aud` of client assertions (default: the token endpoint; some providers want the issuer)'
            cand --scope 'Scopes to request (repeatable; each may hold several, space-separated, as the environment''s does)'
            cand --redirect-uri 'Loopback redirect URI; port 0 picks a free port [default: http://127.0.0.1:0/callback]'
            cand --browser 'Program to open the URL with, split like a shell would [default: $BROWSER, else the system opener]'
            cand --pkce 'PKCE method [default: S256]'
            cand --param 'Extra authorize parameter (repeatable): prompt, login_hint, audience, resource…; in the environment, one KEY=VALUE per line'
            cand --token-param 'Extra token request parameter (repeatable); in the environment, one KEY=VALUE per line'
            cand --resource 'Resource indicator (RFC 8707; repeatable): the API the tokens are for, sent on the authorize request and on every token request; in the environment, one URI per line'
            cand --authorization-details 'Rich authorization request (RFC 9396): a JSON array of objects, each with a `type`'
            cand --login-timeout 'Seconds to wait for the browser to come back'
            cand --client-credentials 'Client credentials grant (RFC 6749 §4.4): a token for the client itself, with its secret; no browser. Saved by login, and --client-credentials=false turns a saved one off'
            cand --par 'Push the authorization request to the provider first (RFC 9126): the browser gets only a reference to it. Automatic when the provider requires it; saved by login, --par=false turns a saved one off'
            cand --request-object 'Sign the authorization request as a request object (JAR, RFC 9101) with --client-key (or, for client_secret_jwt, the secret); the browser gets client_id and the signed request. Saved by login, --request-object=false turns a saved one off'
            cand --jarm 'Ask for a signed authorization response (JARM, response_mode=jwt), verified against the provider''s keys before its state and code are read. Saved by login, --jarm=false turns a saved one off'
            cand --dpop 'Bind the tokens to a key pair of this profile (DPoP, RFC 9449): every token and userinfo request carries a proof signed with it, so a stolen token is useless alone. Saved by login, --dpop=false turns a saved one off'
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand --no-browser 'Print the URL on stderr instead of opening a browser (wins over --browser and OAUTHCTL_BROWSER)'
            cand --paste 'Also accept the redirect URL (or its query) pasted on stdin, even when stdin is not a terminal [default: on when stdin is a terminal]'
            cand --show-tokens 'Include the raw tokens in the output'
            cand --no-preflight 'Skip the check of the authorize URL (one GET) that catches a refusal before the browser opens'
            cand --device 'Log in with the device authorization grant (RFC 8628): show a code to enter on another device, then poll the token endpoint; no browser, no listener'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'oauthctl;token'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand print 'Print a valid access token (refreshing first when it expires within 60 s)'
            cand refresh 'Use the refresh token now and store the new token set'
            cand show 'Show the stored token set: expiry, scope, decoded JWT claims'
            cand revoke 'Revoke the refresh and access token at the provider (RFC 7009), then delete them'
            cand introspect 'Ask the provider about the stored access token (RFC 7662) and print its answer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;token;print'= {
            cand --dpop-for 'Print the two headers a request to METHOD URL needs with this profile''s DPoP-bound token: `Authorization: DPoP …` and `DPoP: …`, a fresh proof for that request (with -o json: {"authorization", "dpop"})'
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand --header 'Print `Authorization: Bearer …` instead of the bare token (with -o json: a "header" field)'
            cand --id-token 'Print the ID token instead of the access token (refreshing first like the access token)'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;token;refresh'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand --show-tokens 'Include the raw tokens in the output'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;token;show'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand --show-tokens 'Include the raw tokens in the output'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;token;revoke'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'oauthctl;token;introspect'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand --refresh 'Introspect the refresh token instead of the access token'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'oauthctl;token;help'= {
            cand print 'Print a valid access token (refreshing first when it expires within 60 s)'
            cand refresh 'Use the refresh token now and store the new token set'
            cand show 'Show the stored token set: expiry, scope, decoded JWT claims'
            cand revoke 'Revoke the refresh and access token at the provider (RFC 7009), then delete them'
            cand introspect 'Ask the provider about the stored access token (RFC 7662) and print its answer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;token;help;print'= {
        }
        &'oauthctl;token;help;refresh'= {
        }
        &'oauthctl;token;help;show'= {
        }
        &'oauthctl;token;help;revoke'= {
        }
        &'oauthctl;token;help;introspect'= {
        }
        &'oauthctl;token;help;help'= {
        }
        &'oauthctl;userinfo'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;logout'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;profile'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the saved profile names, one a line'
            cand show 'Show a profile''s saved settings (never a secret) and where its tokens are kept'
            cand set 'Change one saved setting of the -p profile (a missing profile is created)'
            cand rm 'Revoke a profile''s tokens when possible, delete them from every store, and delete the profile'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;profile;list'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;profile;show'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;profile;set'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'oauthctl;profile;rm'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;profile;help'= {
            cand list 'List the saved profile names, one a line'
            cand show 'Show a profile''s saved settings (never a secret) and where its tokens are kept'
            cand set 'Change one saved setting of the -p profile (a missing profile is created)'
            cand rm 'Revoke a profile''s tokens when possible, delete them from every store, and delete the profile'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;profile;help;list'= {
        }
        &'oauthctl;profile;help;show'= {
        }
        &'oauthctl;profile;help;set'= {
        }
        &'oauthctl;profile;help;rm'= {
        }
        &'oauthctl;profile;help;help'= {
        }
        &'oauthctl;status'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'oauthctl;smoke'= {
            cand --jobs 'Profiles checked at the same time'
            cand --shard 'Keep every N-th profile of the ordered list, starting at the K-th (1-based), for CI matrices'
            cand --junit 'Also write the results as JUnit XML to PATH (one testsuite per profile)'
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand --all-profiles 'Check every profile of the config file, in name order'
            cand --revoke 'Also revoke the tokens at the end (destroys them: the profile needs a new login)'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'oauthctl;discover'= {
            cand --issuer 'Issuer to look up [default: the -p profile''s saved issuer]'
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'oauthctl;completions'= {
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;man'= {
            cand --dir 'Directory to write oauthctl.1 and the subcommand pages into [default: print oauthctl.1]'
            cand -p 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --profile 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)'
            cand --config 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]'
            cand --store 'Where tokens live: auto = OS keyring when a backend answers, else the file store'
            cand -o 'Output format: json prints exactly one JSON document on stdout'
            cand --output 'Output format: json prints exactly one JSON document on stdout'
            cand --timeout 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]'
            cand --ca-cert 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login'
            cand --insecure 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off'
            cand -v 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --verbose 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
            cand --no-color 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'oauthctl;help'= {
            cand login 'Log in with the authorization code grant and store the tokens'
            cand token 'Print, refresh or inspect the stored tokens'
            cand userinfo 'Call the userinfo endpoint with the stored access token'
            cand logout 'Revoke the stored tokens when the provider allows it, then delete them'
            cand profile 'List, show, change or delete saved profiles'
            cand status 'Show every profile and whether it needs a login (reads no network)'
            cand smoke 'Check providers non-interactively (for CI): discovery, keys, tokens, ID token, userinfo, refresh, introspection'
            cand discover 'Fetch a provider''s metadata, print it, and lint it'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page, or write every page (one per subcommand) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'oauthctl;help;login'= {
        }
        &'oauthctl;help;token'= {
            cand print 'Print a valid access token (refreshing first when it expires within 60 s)'
            cand refresh 'Use the refresh token now and store the new token set'
            cand show 'Show the stored token set: expiry, scope, decoded JWT claims'
            cand revoke 'Revoke the refresh and access token at the provider (RFC 7009), then delete them'
            cand introspect 'Ask the provider about the stored access token (RFC 7662) and print its answer'
        }
        &'oauthctl;help;token;print'= {
        }
        &'oauthctl;help;token;refresh'= {
        }
        &'oauthctl;help;token;show'= {
        }
        &'oauthctl;help;token;revoke'= {
        }
        &'oauthctl;help;token;introspect'= {
        }
        &'oauthctl;help;userinfo'= {
        }
        &'oauthctl;help;logout'= {
        }
        &'oauthctl;help;profile'= {
            cand list 'List the saved profile names, one a line'
            cand show 'Show a profile''s saved settings (never a secret) and where its tokens are kept'
            cand set 'Change one saved setting of the -p profile (a missing profile is created)'
            cand rm 'Revoke a profile''s tokens when possible, delete them from every store, and delete the profile'
        }
        &'oauthctl;help;profile;list'= {
        }
        &'oauthctl;help;profile;show'= {
        }
        &'oauthctl;help;profile;set'= {
        }
        &'oauthctl;help;profile;rm'= {
        }
        &'oauthctl;help;status'= {
        }
        &'oauthctl;help;smoke'= {
        }
        &'oauthctl;help;discover'= {
        }
        &'oauthctl;help;completions'= {
        }
        &'oauthctl;help;man'= {
        }
        &'oauthctl;help;help'= {
        }
    ]
    $completions[$command]
}
