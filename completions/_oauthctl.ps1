
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'oauthctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'oauthctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'oauthctl' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in with the authorization code grant and store the tokens')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print, refresh or inspect the stored tokens')
            [CompletionResult]::new('userinfo', 'userinfo', [CompletionResultType]::ParameterValue, 'Call the userinfo endpoint with the stored access token')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke the stored tokens when the provider allows it, then delete them')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'List, show, change or delete saved profiles')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show every profile and whether it needs a login (reads no network)')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'Check providers non-interactively (for CI): discovery, keys, tokens, ID token, userinfo, refresh, introspection')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Fetch a provider''s metadata, print it, and lint it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write every page (one per subcommand) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;login' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer URL; endpoints are discovered from its well-known metadata')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides discovery)')
            [CompletionResult]::new('--userinfo-url', '--userinfo-url', [CompletionResultType]::ParameterName, 'Userinfo endpoint (overrides discovery)')
            [CompletionResult]::new('--revocation-url', '--revocation-url', [CompletionResultType]::ParameterName, 'Revocation endpoint, RFC 7009 (overrides discovery)')
            [CompletionResult]::new('--introspection-url', '--introspection-url', [CompletionResultType]::ParameterName, 'Introspection endpoint, RFC 7662 (overrides discovery)')
            [CompletionResult]::new('--jwks-uri', '--jwks-uri', [CompletionResultType]::ParameterName, 'JWKS URI for ID token signatures (overrides discovery)')
            [CompletionResult]::new('--device-authorization-url', '--device-authorization-url', [CompletionResultType]::ParameterName, 'Device authorization endpoint, RFC 8628, for --device (overrides discovery)')
            [CompletionResult]::new('--par-url', '--par-url', [CompletionResultType]::ParameterName, 'Pushed authorization request endpoint (RFC 9126; default: from discovery)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client identifier')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client secret; `-` reads it from stdin (a literal value is visible to other processes; prefer OAUTHCTL_CLIENT_SECRET)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (first line); --client-secret wins over it')
            [CompletionResult]::new('--client-cert', '--client-cert', [CompletionResultType]::ParameterName, 'TLS client certificate (PEM) presented to the provider, RFC 8705 mTLS: for --auth-method tls_client_auth or self_signed_tls_client_auth, or certificate-bound tokens; the provider''s mtls_endpoint_aliases are used then')
            [CompletionResult]::new('--client-cert-key', '--client-cert-key', [CompletionResultType]::ParameterName, 'Private key of --client-cert (PEM) [default: the --client-cert file, when it holds the key too]')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication at the token endpoint [default: client_secret_basic with a secret, else none]')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The client''s private key for private_key_jwt: a JWK, a JWK set or a PEM file. Kept in the token store like the client secret; implies --auth-method private_key_jwt')
            [CompletionResult]::new('--client-key-id', '--client-key-id', [CompletionResultType]::ParameterName, 'Which key of a JWK set signs (its `kid`)')
            [CompletionResult]::new('--assertion-audience', '--assertion-audience', [CompletionResultType]::ParameterName, 'The `aud` of client assertions (default: the token endpoint; some providers want the issuer)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request (repeatable; each may hold several, space-separated, as the environment''s does)')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'Loopback redirect URI; port 0 picks a free port [default: http://127.0.0.1:0/callback]')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Program to open the URL with, split like a shell would [default: $BROWSER, else the system opener]')
            [CompletionResult]::new('--pkce', '--pkce', [CompletionResultType]::ParameterName, 'PKCE method [default: S256]')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra authorize parameter (repeatable): prompt, login_hint, audience, resource…; in the environment, one KEY=VALUE per line')
            [CompletionResult]::new('--token-param', '--token-param', [CompletionResultType]::ParameterName, 'Extra token request parameter (repeatable); in the environment, one KEY=VALUE per line')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource indicator (RFC 8707; repeatable): the API the tokens are for, sent on the authorize request and on every token request; in the environment, one URI per line')
            [CompletionResult]::new('--authorization-details', '--authorization-details', [CompletionResultType]::ParameterName, 'Rich authorization request (RFC 9396): a JSON array of objects, each with a `type`')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the browser to come back')
            [CompletionResult]::new('--client-credentials', '--client-credentials', [CompletionResultType]::ParameterName, 'Client credentials grant (RFC 6749 §4.4): a token for the client itself, with its secret; no browser. Saved by login, and --client-credentials=false turns a saved one off')
            [CompletionResult]::new('--par', '--par', [CompletionResultType]::ParameterName, 'Push the authorization request to the provider first (RFC 9126): the browser gets only a reference to it. Automatic when the provider requires it; saved by login, --par=false turns a saved one off')
            [CompletionResult]::new('--request-object', '--request-object', [CompletionResultType]::ParameterName, 'Sign the authorization request as a request object (JAR, RFC 9101) with --client-key (or, for client_secret_jwt, the secret); the browser gets client_id and the signed request. Saved by login, --request-object=false turns a saved one off')
            [CompletionResult]::new('--jarm', '--jarm', [CompletionResultType]::ParameterName, 'Ask for a signed authorization response (JARM, response_mode=jwt), verified against the provider''s keys before its state and code are read. Saved by login, --jarm=false turns a saved one off')
            [CompletionResult]::new('--dpop', '--dpop', [CompletionResultType]::ParameterName, 'Bind the tokens to a key pair of this profile (DPoP, RFC 9449): every token and userinfo request carries a proof signed with it, so a stolen token is useless alone. Saved by login, --dpop=false turns a saved one off')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the URL on stderr instead of opening a browser (wins over --browser and OAUTHCTL_BROWSER)')
            [CompletionResult]::new('--paste', '--paste', [CompletionResultType]::ParameterName, 'Also accept the redirect URL (or its query) pasted on stdin, even when stdin is not a terminal [default: on when stdin is a terminal]')
            [CompletionResult]::new('--show-tokens', '--show-tokens', [CompletionResultType]::ParameterName, 'Include the raw tokens in the output')
            [CompletionResult]::new('--no-preflight', '--no-preflight', [CompletionResultType]::ParameterName, 'Skip the check of the authorize URL (one GET) that catches a refusal before the browser opens')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Log in with the device authorization grant (RFC 8628): show a code to enter on another device, then poll the token endpoint; no browser, no listener')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'oauthctl;token' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshing first when it expires within 60 s)')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Use the refresh token now and store the new token set')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the stored token set: expiry, scope, decoded JWT claims')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke the refresh and access token at the provider (RFC 7009), then delete them')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the provider about the stored access token (RFC 7662) and print its answer')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;token;print' {
            [CompletionResult]::new('--dpop-for', '--dpop-for', [CompletionResultType]::ParameterName, 'Print the two headers a request to METHOD URL needs with this profile''s DPoP-bound token: `Authorization: DPoP …` and `DPoP: …`, a fresh proof for that request (with -o json: {"authorization", "dpop"})')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Print `Authorization: Bearer …` instead of the bare token (with -o json: a "header" field)')
            [CompletionResult]::new('--id-token', '--id-token', [CompletionResultType]::ParameterName, 'Print the ID token instead of the access token (refreshing first like the access token)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;token;refresh' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('--show-tokens', '--show-tokens', [CompletionResultType]::ParameterName, 'Include the raw tokens in the output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;token;show' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('--show-tokens', '--show-tokens', [CompletionResultType]::ParameterName, 'Include the raw tokens in the output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;token;revoke' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'oauthctl;token;introspect' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Introspect the refresh token instead of the access token')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'oauthctl;token;help' {
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshing first when it expires within 60 s)')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Use the refresh token now and store the new token set')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the stored token set: expiry, scope, decoded JWT claims')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke the refresh and access token at the provider (RFC 7009), then delete them')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the provider about the stored access token (RFC 7662) and print its answer')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;token;help;print' {
            break
        }
        'oauthctl;token;help;refresh' {
            break
        }
        'oauthctl;token;help;show' {
            break
        }
        'oauthctl;token;help;revoke' {
            break
        }
        'oauthctl;token;help;introspect' {
            break
        }
        'oauthctl;token;help;help' {
            break
        }
        'oauthctl;userinfo' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;logout' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;profile' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the saved profile names, one a line')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile''s saved settings (never a secret) and where its tokens are kept')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one saved setting of the -p profile (a missing profile is created)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Revoke a profile''s tokens when possible, delete them from every store, and delete the profile')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;profile;list' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;profile;show' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;profile;set' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'oauthctl;profile;rm' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;profile;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the saved profile names, one a line')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile''s saved settings (never a secret) and where its tokens are kept')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one saved setting of the -p profile (a missing profile is created)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Revoke a profile''s tokens when possible, delete them from every store, and delete the profile')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;profile;help;list' {
            break
        }
        'oauthctl;profile;help;show' {
            break
        }
        'oauthctl;profile;help;set' {
            break
        }
        'oauthctl;profile;help;rm' {
            break
        }
        'oauthctl;profile;help;help' {
            break
        }
        'oauthctl;status' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'oauthctl;smoke' {
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Profiles checked at the same time')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Keep every N-th profile of the ordered list, starting at the K-th (1-based), for CI matrices')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write the results as JUnit XML to PATH (one testsuite per profile)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('--all-profiles', '--all-profiles', [CompletionResultType]::ParameterName, 'Check every profile of the config file, in name order')
            [CompletionResult]::new('--revoke', '--revoke', [CompletionResultType]::ParameterName, 'Also revoke the tokens at the end (destroys them: the profile needs a new login)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'oauthctl;discover' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer to look up [default: the -p profile''s saved issuer]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'oauthctl;completions' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory to write oauthctl.1 and the subcommand pages into [default: print oauthctl.1]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use (`smoke` takes it more than once; those given after the subcommand replace those before it)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds; saved by login [default: the profile''s, else 30]')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM), or the server''s own self-signed certificate; saved by login')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; warns on every use); saved by login, and --insecure=false turns a saved one off')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too and wins over CLICOLOR_FORCE)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in with the authorization code grant and store the tokens')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print, refresh or inspect the stored tokens')
            [CompletionResult]::new('userinfo', 'userinfo', [CompletionResultType]::ParameterValue, 'Call the userinfo endpoint with the stored access token')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke the stored tokens when the provider allows it, then delete them')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'List, show, change or delete saved profiles')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show every profile and whether it needs a login (reads no network)')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'Check providers non-interactively (for CI): discovery, keys, tokens, ID token, userinfo, refresh, introspection')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Fetch a provider''s metadata, print it, and lint it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write every page (one per subcommand) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;help;login' {
            break
        }
        'oauthctl;help;token' {
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshing first when it expires within 60 s)')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Use the refresh token now and store the new token set')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the stored token set: expiry, scope, decoded JWT claims')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke the refresh and access token at the provider (RFC 7009), then delete them')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the provider about the stored access token (RFC 7662) and print its answer')
            break
        }
        'oauthctl;help;token;print' {
            break
        }
        'oauthctl;help;token;refresh' {
            break
        }
        'oauthctl;help;token;show' {
            break
        }
        'oauthctl;help;token;revoke' {
            break
        }
        'oauthctl;help;token;introspect' {
            break
        }
        'oauthctl;help;userinfo' {
            break
        }
        'oauthctl;help;logout' {
            break
        }
        'oauthctl;help;profile' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the saved profile names, one a line')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile''s saved settings (never a secret) and where its tokens are kept')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one saved setting of the -p profile (a missing profile is created)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Revoke a profile''s tokens when possible, delete them from every store, and delete the profile')
            break
        }
        'oauthctl;help;profile;list' {
            break
        }
        'oauthctl;help;profile;show' {
            break
        }
        'oauthctl;help;profile;set' {
            break
        }
        'oauthctl;help;profile;rm' {
            break
        }
        'oauthctl;help;status' {
            break
        }
        'oauthctl;help;smoke' {
            break
        }
        'oauthctl;help;discover' {
            break
        }
        'oauthctl;help;completions' {
            break
        }
        'oauthctl;help;man' {
            break
        }
        'oauthctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
