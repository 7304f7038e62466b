
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
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in with the authorization code grant and store the tokens')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print, refresh or inspect the stored tokens')
            [CompletionResult]::new('userinfo', 'userinfo', [CompletionResultType]::ParameterValue, 'Call the userinfo endpoint with the stored access token')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke the stored tokens when the provider allows it, then delete them')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show every profile and whether it needs a login (reads no network)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
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
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Client identifier')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Client secret; `-` reads it from stdin (a literal value is visible to other processes)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (first line)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication at the token endpoint [default: client_secret_basic with a secret, else none]')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request (repeatable; each may hold several, space-separated)')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'Loopback redirect URI; port 0 picks a free port [default: http://127.0.0.1:0/callback]')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Program to open the URL with, split like a shell would [default: $BROWSER, else the system opener]')
            [CompletionResult]::new('--pkce', '--pkce', [CompletionResultType]::ParameterName, 'PKCE method [default: S256]')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra authorize parameter (repeatable): prompt, login_hint, audience, resource…')
            [CompletionResult]::new('--token-param', '--token-param', [CompletionResultType]::ParameterName, 'Extra token request parameter (repeatable)')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the browser to come back')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the URL on stderr instead of opening a browser')
            [CompletionResult]::new('--show-tokens', '--show-tokens', [CompletionResultType]::ParameterName, 'Include the raw tokens in the output')
            [CompletionResult]::new('--no-preflight', '--no-preflight', [CompletionResultType]::ParameterName, 'Skip the check of the authorize URL (one GET) that catches a refusal before the browser opens')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;token' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshing first when it expires within 60 s)')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Use the refresh token now and store the new token set')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the stored token set: expiry, scope, decoded JWT claims')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oauthctl;token;print' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Print `Authorization: Bearer …` instead of the bare token')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;token;refresh' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('--show-tokens', '--show-tokens', [CompletionResultType]::ParameterName, 'Include the raw tokens in the output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;token;show' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('--show-tokens', '--show-tokens', [CompletionResultType]::ParameterName, 'Include the raw tokens in the output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;token;help' {
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshing first when it expires within 60 s)')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Use the refresh token now and store the new token set')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the stored token set: expiry, scope, decoded JWT claims')
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
        'oauthctl;token;help;help' {
            break
        }
        'oauthctl;userinfo' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;logout' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;status' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;completions' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile whose settings and tokens to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Profiles file (TOML) [default: $XDG_CONFIG_HOME/oauthctl/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens live: auto = OS keyring when a backend answers, else the file store')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: json prints exactly one JSON document on stdout')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for each HTTP request, in seconds')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trust anchor (PEM) for TLS')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP on stderr (-v request lines and statuses, -vv headers and bodies); secrets are masked')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour output (NO_COLOR is honoured too)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate verification (dangerous; prints a warning)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'oauthctl;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in with the authorization code grant and store the tokens')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print, refresh or inspect the stored tokens')
            [CompletionResult]::new('userinfo', 'userinfo', [CompletionResultType]::ParameterValue, 'Call the userinfo endpoint with the stored access token')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke the stored tokens when the provider allows it, then delete them')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show every profile and whether it needs a login (reads no network)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
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
        'oauthctl;help;userinfo' {
            break
        }
        'oauthctl;help;logout' {
            break
        }
        'oauthctl;help;status' {
            break
        }
        'oauthctl;help;completions' {
            break
        }
        'oauthctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
