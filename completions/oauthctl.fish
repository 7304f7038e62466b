function __fish_oauthctl_profiles
    oauthctl --no-color profile list 2>/dev/null
end

# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_oauthctl_global_optspecs
    string join \n p/profile= config= store= o/output= v/verbose no-color timeout= ca-cert= insecure= h/help V/version
end

function __fish_oauthctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_oauthctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_oauthctl_using_subcommand
    set -l cmd (__fish_oauthctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c oauthctl -n "__fish_oauthctl_needs_command" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -s V -l version -d 'Print version'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "login" -d 'Log in with the authorization code grant and store the tokens'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "token" -d 'Print, refresh or inspect the stored tokens'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "userinfo" -d 'Call the userinfo endpoint with the stored access token'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "logout" -d 'Revoke the stored tokens when the provider allows it, then delete them'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "profile" -d 'List, show, change or delete saved profiles'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "status" -d 'Show every profile and whether it needs a login (reads no network)'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "smoke" -d 'Check providers non-interactively (for CI): discovery, keys, tokens, ID token, userinfo, refresh, introspection'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "discover" -d 'Fetch a provider\'s metadata, print it, and lint it'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "man" -d 'Print the man page, or write every page (one per subcommand) into a directory'
complete -c oauthctl -n "__fish_oauthctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l issuer -d 'Issuer URL; endpoints are discovered from its well-known metadata' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l authorize-url -d 'Authorization endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l token-url -d 'Token endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l userinfo-url -d 'Userinfo endpoint (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l revocation-url -d 'Revocation endpoint, RFC 7009 (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l introspection-url -d 'Introspection endpoint, RFC 7662 (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l jwks-uri -d 'JWKS URI for ID token signatures (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l device-authorization-url -d 'Device authorization endpoint, RFC 8628, for --device (overrides discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l par-url -d 'Pushed authorization request endpoint (RFC 9126; default: from discovery)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-id -d 'Client identifier' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-secret -d 'Client secret; `-` reads it from stdin (a literal value is visible to other processes; prefer OAUTHCTL_CLIENT_SECRET)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-secret-file -d 'Read the client secret from a file (first line); --client-secret wins over it' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-cert -d 'TLS client certificate (PEM) presented to the provider, RFC 8705 mTLS: for --auth-method tls_client_auth or self_signed_tls_client_auth, or certificate-bound tokens; the provider\'s mtls_endpoint_aliases are used then' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-cert-key -d 'Private key of --client-cert (PEM) [default: the --client-cert file, when it holds the key too]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l auth-method -d 'Client authentication at the token endpoint [default: client_secret_basic with a secret, else none]' -r -f -a "client_secret_basic\t''
client_secret_post\t''
client_secret_jwt\t''
private_key_jwt\t''
none\t''
tls_client_auth\t'RFC 8705 mTLS with a CA-issued certificate (needs --client-cert)'
self_signed_tls_client_auth\t'RFC 8705 mTLS with a self-signed certificate (needs --client-cert)'"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-key -d 'The client\'s private key for private_key_jwt: a JWK, a JWK set or a PEM file. Kept in the token store like the client secret; implies --auth-method private_key_jwt' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-key-id -d 'Which key of a JWK set signs (its `kid`)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l assertion-audience -d 'The `aud` of client assertions (default: the token endpoint; some providers want the issuer)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l scope -d 'Scopes to request (repeatable; each may hold several, space-separated, as the environment\'s does)' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l redirect-uri -d 'Loopback redirect URI; port 0 picks a free port [default: http://127.0.0.1:0/callback]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l browser -d 'Program to open the URL with, split like a shell would [default: $BROWSER, else the system opener]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l pkce -d 'PKCE method [default: S256]' -r -f -a "S256\t''
plain\t''
off\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l param -d 'Extra authorize parameter (repeatable): prompt, login_hint, audience, resource…; in the environment, one KEY=VALUE per line' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l token-param -d 'Extra token request parameter (repeatable); in the environment, one KEY=VALUE per line' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l resource -d 'Resource indicator (RFC 8707; repeatable): the API the tokens are for, sent on the authorize request and on every token request; in the environment, one URI per line' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l authorization-details -d 'Rich authorization request (RFC 9396): a JSON array of objects, each with a `type`' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l login-timeout -d 'Seconds to wait for the browser to come back' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l client-credentials -d 'Client credentials grant (RFC 6749 §4.4): a token for the client itself, with its secret; no browser. Saved by login, and --client-credentials=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l par -d 'Push the authorization request to the provider first (RFC 9126): the browser gets only a reference to it. Automatic when the provider requires it; saved by login, --par=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l request-object -d 'Sign the authorization request as a request object (JAR, RFC 9101) with --client-key (or, for client_secret_jwt, the secret); the browser gets client_id and the signed request. Saved by login, --request-object=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l jarm -d 'Ask for a signed authorization response (JARM, response_mode=jwt), verified against the provider\'s keys before its state and code are read. Saved by login, --jarm=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l dpop -d 'Bind the tokens to a key pair of this profile (DPoP, RFC 9449): every token and userinfo request carries a proof signed with it, so a stolen token is useless alone. Saved by login, --dpop=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l no-browser -d 'Print the URL on stderr instead of opening a browser (wins over --browser and OAUTHCTL_BROWSER)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l paste -d 'Also accept the redirect URL (or its query) pasted on stdin, even when stdin is not a terminal [default: on when stdin is a terminal]'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l show-tokens -d 'Include the raw tokens in the output'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l no-preflight -d 'Skip the check of the authorize URL (one GET) that catches a refusal before the browser opens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l device -d 'Log in with the device authorization grant (RFC 8628): show a code to enter on another device, then poll the token endpoint; no browser, no listener'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -f -a "print" -d 'Print a valid access token (refreshing first when it expires within 60 s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -f -a "refresh" -d 'Use the refresh token now and store the new token set'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -f -a "show" -d 'Show the stored token set: expiry, scope, decoded JWT claims'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -f -a "revoke" -d 'Revoke the refresh and access token at the provider (RFC 7009), then delete them'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -f -a "introspect" -d 'Ask the provider about the stored access token (RFC 7662) and print its answer'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and not __fish_seen_subcommand_from print refresh show revoke introspect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -l dpop-for -d 'Print the two headers a request to METHOD URL needs with this profile\'s DPoP-bound token: `Authorization: DPoP …` and `DPoP: …`, a fresh proof for that request (with -o json: {"authorization", "dpop"})' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -l header -d 'Print `Authorization: Bearer …` instead of the bare token (with -o json: a "header" field)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -l id-token -d 'Print the ID token instead of the access token (refreshing first like the access token)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from print" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -l show-tokens -d 'Include the raw tokens in the output'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from refresh" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -l show-tokens -d 'Include the raw tokens in the output'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -l refresh -d 'Introspect the refresh token instead of the access token'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from introspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "print" -d 'Print a valid access token (refreshing first when it expires within 60 s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "refresh" -d 'Use the refresh token now and store the new token set'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the stored token set: expiry, scope, decoded JWT claims'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke the refresh and access token at the provider (RFC 7009), then delete them'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "introspect" -d 'Ask the provider about the stored access token (RFC 7662) and print its answer'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand userinfo" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand logout" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -f -a "list" -d 'List the saved profile names, one a line'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -f -a "show" -d 'Show a profile\'s saved settings (never a secret) and where its tokens are kept'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -f -a "set" -d 'Change one saved setting of the -p profile (a missing profile is created)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -f -a "rm" -d 'Revoke a profile\'s tokens when possible, delete them from every store, and delete the profile'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and not __fish_seen_subcommand_from list show set rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the saved profile names, one a line'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a profile\'s saved settings (never a secret) and where its tokens are kept'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change one saved setting of the -p profile (a missing profile is created)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Revoke a profile\'s tokens when possible, delete them from every store, and delete the profile'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l jobs -d 'Profiles checked at the same time' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l shard -d 'Keep every N-th profile of the ordered list, starting at the K-th (1-based), for CI matrices' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l junit -d 'Also write the results as JUnit XML to PATH (one testsuite per profile)' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l all-profiles -d 'Check every profile of the config file, in name order'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l revoke -d 'Also revoke the tokens at the end (destroys them: the profile needs a new login)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand smoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l issuer -d 'Issuer to look up [default: the -p profile\'s saved issuer]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand discover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -l dir -d 'Directory to write oauthctl.1 and the subcommand pages into [default: print oauthctl.1]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -s p -l profile -d 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)' -r -f -a "(__fish_oauthctl_profiles)"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -l config -d 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -l store -d 'Where tokens live: auto = OS keyring when a backend answers, else the file store' -r -f -a "auto\t''
keyring\t''
file\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -s o -l output -d 'Output format: json prints exactly one JSON document on stdout' -r -f -a "human\t''
json\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -l timeout -d 'Timeout for each HTTP request, in seconds; saved by login [default: the profile\'s, else 30]' -r
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -l ca-cert -d 'Extra trust anchor (PEM), or the server\'s own self-signed certificate; saved by login' -r -F
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -l insecure -d 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off' -r -f -a "true\t''
false\t''"
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -s v -l verbose -d 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -l no-color -d 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand man" -s h -l help -d 'Print help'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "login" -d 'Log in with the authorization code grant and store the tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "token" -d 'Print, refresh or inspect the stored tokens'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "userinfo" -d 'Call the userinfo endpoint with the stored access token'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "logout" -d 'Revoke the stored tokens when the provider allows it, then delete them'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "profile" -d 'List, show, change or delete saved profiles'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "status" -d 'Show every profile and whether it needs a login (reads no network)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "smoke" -d 'Check providers non-interactively (for CI): discovery, keys, tokens, ID token, userinfo, refresh, introspection'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "discover" -d 'Fetch a provider\'s metadata, print it, and lint it'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "man" -d 'Print the man page, or write every page (one per subcommand) into a directory'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and not __fish_seen_subcommand_from login token userinfo logout profile status smoke discover completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "print" -d 'Print a valid access token (refreshing first when it expires within 60 s)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "refresh" -d 'Use the refresh token now and store the new token set'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "show" -d 'Show the stored token set: expiry, scope, decoded JWT claims'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke the refresh and access token at the provider (RFC 7009), then delete them'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "introspect" -d 'Ask the provider about the stored access token (RFC 7662) and print its answer'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "list" -d 'List the saved profile names, one a line'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "show" -d 'Show a profile\'s saved settings (never a secret) and where its tokens are kept'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "set" -d 'Change one saved setting of the -p profile (a missing profile is created)'
complete -c oauthctl -n "__fish_oauthctl_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "rm" -d 'Revoke a profile\'s tokens when possible, delete them from every store, and delete the profile'
