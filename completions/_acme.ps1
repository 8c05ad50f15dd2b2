
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'acme' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'acme'
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
        'acme' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Create (or find) the ACME account for the server')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Obtain a certificate and store it under live/<name>/')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acme;register' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Contact email for the account (optional)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Contact email for the account (optional)')
            [CompletionResult]::new('--eab-kid', '--eab-kid', [CompletionResultType]::ParameterName, 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)')
            [CompletionResult]::new('--eab-hmac-key', '--eab-hmac-key', [CompletionResultType]::ParameterName, 'External Account Binding HMAC key (base64url), from the CA')
            [CompletionResult]::new('--account-key-type', '--account-key-type', [CompletionResultType]::ParameterName, 'Account key algorithm')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--agree-tos', '--agree-tos', [CompletionResultType]::ParameterName, 'Agree to the CA''s terms of service (shown by `acme register` without this flag)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;issue' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it')
            [CompletionResult]::new('--webroot', '--webroot', [CompletionResultType]::ParameterName, 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it')
            [CompletionResult]::new('--cert-name', '--cert-name', [CompletionResultType]::ParameterName, 'Lineage name under live/ and archive/ [default: the first name]')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Certificate key algorithm')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Contact email for the account (optional)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Contact email for the account (optional)')
            [CompletionResult]::new('--eab-kid', '--eab-kid', [CompletionResultType]::ParameterName, 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)')
            [CompletionResult]::new('--eab-hmac-key', '--eab-hmac-key', [CompletionResultType]::ParameterName, 'External Account Binding HMAC key (base64url), from the CA')
            [CompletionResult]::new('--account-key-type', '--account-key-type', [CompletionResultType]::ParameterName, 'Account key algorithm')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--agree-tos', '--agree-tos', [CompletionResultType]::ParameterName, 'Agree to the CA''s terms of service (shown by `acme register` without this flag)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;help' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Create (or find) the ACME account for the server')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Obtain a certificate and store it under live/<name>/')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acme;help;register' {
            break
        }
        'acme;help;issue' {
            break
        }
        'acme;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
