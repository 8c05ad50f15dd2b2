
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
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Create (or find) the ACME account for the server')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Obtain a certificate and store it under live/<name>/ (safe to re-run: nothing is ordered while the certificate is not due)')
            [CompletionResult]::new('certonly', 'certonly', [CompletionResultType]::ParameterValue, 'Obtain a certificate and store it under live/<name>/ (safe to re-run: nothing is ordered while the certificate is not due)')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Renew every certificate that is due (run it from cron or a systemd timer)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the certificates, when each expires and when it will be renewed')
            [CompletionResult]::new('certificates', 'certificates', [CompletionResultType]::ParameterValue, 'List the certificates, when each expires and when it will be renewed')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a certificate (with the account, or with the certificate''s own key)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a certificate''s files and renewal settings (it is not revoked)')
            [CompletionResult]::new('account', 'account', [CompletionResultType]::ParameterValue, 'Show or change the ACME account: contacts, key rollover, deactivation')
            [CompletionResult]::new('limits', 'limits', [CompletionResultType]::ParameterValue, 'Show the CA''s rate limits and what this machine has used of them')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'List the certificate profiles the CA offers (name, description)')
            [CompletionResult]::new('import-certbot', 'import-certbot', [CompletionResultType]::ParameterValue, 'Take over certbot''s certificates, renewal settings and accounts (its tree is left unchanged)')
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
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--agree-tos', '--agree-tos', [CompletionResultType]::ParameterName, 'Agree to the CA''s terms of service (shown by `acme register` without this flag)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;issue' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted')
            [CompletionResult]::new('--domains', '--domains', [CompletionResultType]::ParameterName, 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it (certbot''s `--webroot -w DIR` works too)')
            [CompletionResult]::new('--webroot', '--webroot', [CompletionResultType]::ParameterName, 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it (certbot''s `--webroot -w DIR` works too)')
            [CompletionResult]::new('--webroot-path', '--webroot-path', [CompletionResultType]::ParameterName, 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it (certbot''s `--webroot -w DIR` works too)')
            [CompletionResult]::new('--http-port', '--http-port', [CompletionResultType]::ParameterName, 'Port for --standalone (the CA always connects to port 80; use another only behind a port forward) [default: 80]')
            [CompletionResult]::new('--http-address', '--http-address', [CompletionResultType]::ParameterName, 'Address for --standalone to listen on [default: all]')
            [CompletionResult]::new('--tls-port', '--tls-port', [CompletionResultType]::ParameterName, 'Port for --tls-alpn (the CA always connects to port 443; use another only behind a port forward) [default: 443]')
            [CompletionResult]::new('--tls-address', '--tls-address', [CompletionResultType]::ParameterName, 'Address for --tls-alpn to listen on [default: all]')
            [CompletionResult]::new('--self-check-via', '--self-check-via', [CompletionResultType]::ParameterName, 'For http-01, fetch each challenge from this address (with the name as Host) instead of resolving the name, before the CA is asked')
            [CompletionResult]::new('--dns-hook', '--dns-hook', [CompletionResultType]::ParameterName, 'dns-01 through CMD, run by /bin/sh once per record with ACME_ACTION=add|remove, ACME_DOMAIN, ACME_TXT_NAME, ACME_TXT_VALUE (and CERTBOT_DOMAIN, CERTBOT_VALIDATION)')
            [CompletionResult]::new('--dns-rfc2136', '--dns-rfc2136', [CompletionResultType]::ParameterName, 'dns-01 through RFC 2136 dynamic updates to this server, signed with --tsig-key')
            [CompletionResult]::new('--tsig-key', '--tsig-key', [CompletionResultType]::ParameterName, 'TSIG key file in BIND''s format (as tsig-keygen writes it); only its path is saved')
            [CompletionResult]::new('--dns-persist-until', '--dns-persist-until', [CompletionResultType]::ParameterName, 'With --dns-persist: the record authorizes issuance until this time (its persistUntil, RFC 3339, e.g. 2027-06-01T00:00:00Z); `acme list` warns 30 days before')
            [CompletionResult]::new('--dns-timeout', '--dns-timeout', [CompletionResultType]::ParameterName, 'Longest wait, in seconds, for the TXT records to show on every authoritative server [default: 120]')
            [CompletionResult]::new('--dns-resolver', '--dns-resolver', [CompletionResultType]::ParameterName, 'Check propagation by asking this server only, instead of the zone''s authoritative servers')
            [CompletionResult]::new('--cert-name', '--cert-name', [CompletionResultType]::ParameterName, 'Lineage name under live/ and archive/ [default: the lineage with exactly these names, else the first name]; an existing lineage gets exactly the requested names (-d may be left out)')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Certificate key algorithm')
            [CompletionResult]::new('--csr', '--csr', [CompletionResultType]::ParameterName, 'Issue for your own CSR (PEM or DER): the names come from it and no private key is written; renewals reuse a copy of it')
            [CompletionResult]::new('--preferred-chain', '--preferred-chain', [CompletionResultType]::ParameterName, 'Prefer the chain whose top certificate is issued by this common name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'ACME profile to request, as offered by the CA''s directory (e.g. tlsserver, shortlived)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Contact email for the account (optional)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Contact email for the account (optional)')
            [CompletionResult]::new('--eab-kid', '--eab-kid', [CompletionResultType]::ParameterName, 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)')
            [CompletionResult]::new('--eab-hmac-key', '--eab-hmac-key', [CompletionResultType]::ParameterName, 'External Account Binding HMAC key (base64url), from the CA')
            [CompletionResult]::new('--account-key-type', '--account-key-type', [CompletionResultType]::ParameterName, 'Account key algorithm')
            [CompletionResult]::new('--pre-hook', '--pre-hook', [CompletionResultType]::ParameterName, 'Run once before renewals start (e.g. stop a server holding port 80)')
            [CompletionResult]::new('--post-hook', '--post-hook', [CompletionResultType]::ParameterName, 'Run once after all renewal attempts (e.g. start it again)')
            [CompletionResult]::new('--deploy-hook', '--deploy-hook', [CompletionResultType]::ParameterName, 'Run once per renewed certificate (e.g. `systemctl reload nginx`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--standalone', '--standalone', [CompletionResultType]::ParameterName, 'http-01 answered by acme itself on port 80 (nothing may listen there meanwhile)')
            [CompletionResult]::new('--tls-alpn', '--tls-alpn', [CompletionResultType]::ParameterName, 'tls-alpn-01 (RFC 8737) answered by acme itself on port 443 (nothing may listen there meanwhile)')
            [CompletionResult]::new('--no-self-check', '--no-self-check', [CompletionResultType]::ParameterName, 'Do not fetch http-01 challenges from this host before the CA is asked (e.g. hairpin NAT)')
            [CompletionResult]::new('--dns-manual', '--dns-manual', [CompletionResultType]::ParameterName, 'dns-01 by hand: print the TXT records to create and wait for Enter (needs a terminal)')
            [CompletionResult]::new('--dns-persist', '--dns-persist', [CompletionResultType]::ParameterName, 'dns-persist-01: one lasting TXT record at _validation-persist.<name> naming the CA and the account; published once with --dns-hook/--dns-rfc2136 (else printed for you to create), then only read: renewals write nothing to DNS')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Issue even if the lineage is not due for renewal')
            [CompletionResult]::new('--force-renewal', '--force-renewal', [CompletionResultType]::ParameterName, 'Issue even if the lineage is not due for renewal')
            [CompletionResult]::new('--keep-until-expiring', '--keep-until-expiring', [CompletionResultType]::ParameterName, 'Keep the certificate while it is not due (the default; certbot''s spelling, also --keep)')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the certificate while it is not due (the default; certbot''s spelling, also --keep)')
            [CompletionResult]::new('--expand', '--expand', [CompletionResultType]::ParameterName, 'Add the requested names to the lineage whose names they include')
            [CompletionResult]::new('--duplicate', '--duplicate', [CompletionResultType]::ParameterName, 'Make a separate lineage even though the names overlap an existing one')
            [CompletionResult]::new('--reuse-key', '--reuse-key', [CompletionResultType]::ParameterName, 'Keep the lineage''s current private key on renewal (the default is a fresh key each time)')
            [CompletionResult]::new('--agree-tos', '--agree-tos', [CompletionResultType]::ParameterName, 'Agree to the CA''s terms of service (shown by `acme register` without this flag)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;certonly' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted')
            [CompletionResult]::new('--domains', '--domains', [CompletionResultType]::ParameterName, 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it (certbot''s `--webroot -w DIR` works too)')
            [CompletionResult]::new('--webroot', '--webroot', [CompletionResultType]::ParameterName, 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it (certbot''s `--webroot -w DIR` works too)')
            [CompletionResult]::new('--webroot-path', '--webroot-path', [CompletionResultType]::ParameterName, 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it (certbot''s `--webroot -w DIR` works too)')
            [CompletionResult]::new('--http-port', '--http-port', [CompletionResultType]::ParameterName, 'Port for --standalone (the CA always connects to port 80; use another only behind a port forward) [default: 80]')
            [CompletionResult]::new('--http-address', '--http-address', [CompletionResultType]::ParameterName, 'Address for --standalone to listen on [default: all]')
            [CompletionResult]::new('--tls-port', '--tls-port', [CompletionResultType]::ParameterName, 'Port for --tls-alpn (the CA always connects to port 443; use another only behind a port forward) [default: 443]')
            [CompletionResult]::new('--tls-address', '--tls-address', [CompletionResultType]::ParameterName, 'Address for --tls-alpn to listen on [default: all]')
            [CompletionResult]::new('--self-check-via', '--self-check-via', [CompletionResultType]::ParameterName, 'For http-01, fetch each challenge from this address (with the name as Host) instead of resolving the name, before the CA is asked')
            [CompletionResult]::new('--dns-hook', '--dns-hook', [CompletionResultType]::ParameterName, 'dns-01 through CMD, run by /bin/sh once per record with ACME_ACTION=add|remove, ACME_DOMAIN, ACME_TXT_NAME, ACME_TXT_VALUE (and CERTBOT_DOMAIN, CERTBOT_VALIDATION)')
            [CompletionResult]::new('--dns-rfc2136', '--dns-rfc2136', [CompletionResultType]::ParameterName, 'dns-01 through RFC 2136 dynamic updates to this server, signed with --tsig-key')
            [CompletionResult]::new('--tsig-key', '--tsig-key', [CompletionResultType]::ParameterName, 'TSIG key file in BIND''s format (as tsig-keygen writes it); only its path is saved')
            [CompletionResult]::new('--dns-persist-until', '--dns-persist-until', [CompletionResultType]::ParameterName, 'With --dns-persist: the record authorizes issuance until this time (its persistUntil, RFC 3339, e.g. 2027-06-01T00:00:00Z); `acme list` warns 30 days before')
            [CompletionResult]::new('--dns-timeout', '--dns-timeout', [CompletionResultType]::ParameterName, 'Longest wait, in seconds, for the TXT records to show on every authoritative server [default: 120]')
            [CompletionResult]::new('--dns-resolver', '--dns-resolver', [CompletionResultType]::ParameterName, 'Check propagation by asking this server only, instead of the zone''s authoritative servers')
            [CompletionResult]::new('--cert-name', '--cert-name', [CompletionResultType]::ParameterName, 'Lineage name under live/ and archive/ [default: the lineage with exactly these names, else the first name]; an existing lineage gets exactly the requested names (-d may be left out)')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Certificate key algorithm')
            [CompletionResult]::new('--csr', '--csr', [CompletionResultType]::ParameterName, 'Issue for your own CSR (PEM or DER): the names come from it and no private key is written; renewals reuse a copy of it')
            [CompletionResult]::new('--preferred-chain', '--preferred-chain', [CompletionResultType]::ParameterName, 'Prefer the chain whose top certificate is issued by this common name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'ACME profile to request, as offered by the CA''s directory (e.g. tlsserver, shortlived)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Contact email for the account (optional)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Contact email for the account (optional)')
            [CompletionResult]::new('--eab-kid', '--eab-kid', [CompletionResultType]::ParameterName, 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)')
            [CompletionResult]::new('--eab-hmac-key', '--eab-hmac-key', [CompletionResultType]::ParameterName, 'External Account Binding HMAC key (base64url), from the CA')
            [CompletionResult]::new('--account-key-type', '--account-key-type', [CompletionResultType]::ParameterName, 'Account key algorithm')
            [CompletionResult]::new('--pre-hook', '--pre-hook', [CompletionResultType]::ParameterName, 'Run once before renewals start (e.g. stop a server holding port 80)')
            [CompletionResult]::new('--post-hook', '--post-hook', [CompletionResultType]::ParameterName, 'Run once after all renewal attempts (e.g. start it again)')
            [CompletionResult]::new('--deploy-hook', '--deploy-hook', [CompletionResultType]::ParameterName, 'Run once per renewed certificate (e.g. `systemctl reload nginx`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--standalone', '--standalone', [CompletionResultType]::ParameterName, 'http-01 answered by acme itself on port 80 (nothing may listen there meanwhile)')
            [CompletionResult]::new('--tls-alpn', '--tls-alpn', [CompletionResultType]::ParameterName, 'tls-alpn-01 (RFC 8737) answered by acme itself on port 443 (nothing may listen there meanwhile)')
            [CompletionResult]::new('--no-self-check', '--no-self-check', [CompletionResultType]::ParameterName, 'Do not fetch http-01 challenges from this host before the CA is asked (e.g. hairpin NAT)')
            [CompletionResult]::new('--dns-manual', '--dns-manual', [CompletionResultType]::ParameterName, 'dns-01 by hand: print the TXT records to create and wait for Enter (needs a terminal)')
            [CompletionResult]::new('--dns-persist', '--dns-persist', [CompletionResultType]::ParameterName, 'dns-persist-01: one lasting TXT record at _validation-persist.<name> naming the CA and the account; published once with --dns-hook/--dns-rfc2136 (else printed for you to create), then only read: renewals write nothing to DNS')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Issue even if the lineage is not due for renewal')
            [CompletionResult]::new('--force-renewal', '--force-renewal', [CompletionResultType]::ParameterName, 'Issue even if the lineage is not due for renewal')
            [CompletionResult]::new('--keep-until-expiring', '--keep-until-expiring', [CompletionResultType]::ParameterName, 'Keep the certificate while it is not due (the default; certbot''s spelling, also --keep)')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the certificate while it is not due (the default; certbot''s spelling, also --keep)')
            [CompletionResult]::new('--expand', '--expand', [CompletionResultType]::ParameterName, 'Add the requested names to the lineage whose names they include')
            [CompletionResult]::new('--duplicate', '--duplicate', [CompletionResultType]::ParameterName, 'Make a separate lineage even though the names overlap an existing one')
            [CompletionResult]::new('--reuse-key', '--reuse-key', [CompletionResultType]::ParameterName, 'Keep the lineage''s current private key on renewal (the default is a fresh key each time)')
            [CompletionResult]::new('--agree-tos', '--agree-tos', [CompletionResultType]::ParameterName, 'Agree to the CA''s terms of service (shown by `acme register` without this flag)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;renew' {
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Renew when the certificate expires within N days (overrides the default of a third of its lifetime left, and `renew_before_days` in its renewal conf)')
            [CompletionResult]::new('--cert-name', '--cert-name', [CompletionResultType]::ParameterName, 'Only this lineage (repeat for several) [default: all]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Renew up to N certificates at once')
            [CompletionResult]::new('--pre-hook', '--pre-hook', [CompletionResultType]::ParameterName, 'Run once before renewals start (e.g. stop a server holding port 80)')
            [CompletionResult]::new('--post-hook', '--post-hook', [CompletionResultType]::ParameterName, 'Run once after all renewal attempts (e.g. start it again)')
            [CompletionResult]::new('--deploy-hook', '--deploy-hook', [CompletionResultType]::ParameterName, 'Run once per renewed certificate (e.g. `systemctl reload nginx`)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Renew even if not due')
            [CompletionResult]::new('--force-renewal', '--force-renewal', [CompletionResultType]::ParameterName, 'Renew even if not due')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Do the whole renewal against the CA''s staging server (or the same server when it has none), saving nothing; pre- and post-hooks run, deploy hooks do not')
            [CompletionResult]::new('--no-random-sleep', '--no-random-sleep', [CompletionResultType]::ParameterName, 'Do not sleep a random time before contacting the CA (done only when not on a terminal, so that cron runs everywhere do not hit the CA at the same second); also ACME_NO_RANDOM_SLEEP=1')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;list' {
            [CompletionResult]::new('--cert-name', '--cert-name', [CompletionResultType]::ParameterName, 'Only this lineage (repeat for several) [default: all]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;certificates' {
            [CompletionResult]::new('--cert-name', '--cert-name', [CompletionResultType]::ParameterName, 'Only this lineage (repeat for several) [default: all]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;revoke' {
            [CompletionResult]::new('--cert-name', '--cert-name', [CompletionResultType]::ParameterName, 'The lineage whose live certificate to revoke (it is then marked revoked for `renew`)')
            [CompletionResult]::new('--cert-path', '--cert-path', [CompletionResultType]::ParameterName, 'A certificate file (PEM; the first certificate in it is revoked)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why: a reason name or number (see below); Let''s Encrypt accepts only 0, 1, 4, 5')
            [CompletionResult]::new('--key-path', '--key-path', [CompletionResultType]::ParameterName, 'Sign with the certificate''s private key instead of the account (works without an account)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Afterwards delete the lineage''s live/, archive/ and renewal conf (asks first)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before deleting')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before deleting')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;delete' {
            [CompletionResult]::new('--cert-name', '--cert-name', [CompletionResultType]::ParameterName, 'The lineage to delete')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed without a terminal)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;account' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the account as the CA sees it: URL, status, contacts, key type, server')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Replace the account''s contact addresses')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Replace the account key with a new one (RFC 8555 key change)')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate the account for good (asks first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acme;account;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;account;update' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Contact email (repeat for several); replaces the current ones')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Contact email (repeat for several); replaces the current ones')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;account;rollover' {
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Algorithm of the new account key [default: the current key''s]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;account;deactivate' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;account;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the account as the CA sees it: URL, status, contacts, key type, server')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Replace the account''s contact addresses')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Replace the account key with a new one (RFC 8555 key change)')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate the account for good (asks first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acme;account;help;show' {
            break
        }
        'acme;account;help;update' {
            break
        }
        'acme;account;help;rollover' {
            break
        }
        'acme;account;help;deactivate' {
            break
        }
        'acme;account;help;help' {
            break
        }
        'acme;limits' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;profiles' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;import-certbot' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'certbot''s config dir')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging')
            [CompletionResult]::new('--staging-server', '--staging-server', [CompletionResultType]::ParameterName, 'The directory --staging, --dry-run and `reconfigure`''s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]')
            [CompletionResult]::new('--ca-bundle', '--ca-bundle', [CompletionResultType]::ParameterName, 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply')
            [CompletionResult]::new('--rate-limits', '--rate-limits', [CompletionResultType]::ParameterName, 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)')
            [CompletionResult]::new('--staging', '--staging', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('--test-cert', '--test-cert', [CompletionResultType]::ParameterName, 'Use the CA''s staging server (Let''s Encrypt''s unless --server names another CA); certbot''s --test-cert')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('--noninteractive', '--noninteractive', [CompletionResultType]::ParameterName, 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request to the CA and more detail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON on stdout')
            [CompletionResult]::new('--ignore-limits', '--ignore-limits', [CompletionResultType]::ParameterName, 'Place the order even if this machine''s ledger says the CA would refuse it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'acme;help' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Create (or find) the ACME account for the server')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Obtain a certificate and store it under live/<name>/ (safe to re-run: nothing is ordered while the certificate is not due)')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Renew every certificate that is due (run it from cron or a systemd timer)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the certificates, when each expires and when it will be renewed')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a certificate (with the account, or with the certificate''s own key)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a certificate''s files and renewal settings (it is not revoked)')
            [CompletionResult]::new('account', 'account', [CompletionResultType]::ParameterValue, 'Show or change the ACME account: contacts, key rollover, deactivation')
            [CompletionResult]::new('limits', 'limits', [CompletionResultType]::ParameterValue, 'Show the CA''s rate limits and what this machine has used of them')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'List the certificate profiles the CA offers (name, description)')
            [CompletionResult]::new('import-certbot', 'import-certbot', [CompletionResultType]::ParameterValue, 'Take over certbot''s certificates, renewal settings and accounts (its tree is left unchanged)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'acme;help;register' {
            break
        }
        'acme;help;issue' {
            break
        }
        'acme;help;renew' {
            break
        }
        'acme;help;list' {
            break
        }
        'acme;help;revoke' {
            break
        }
        'acme;help;delete' {
            break
        }
        'acme;help;account' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the account as the CA sees it: URL, status, contacts, key type, server')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Replace the account''s contact addresses')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Replace the account key with a new one (RFC 8555 key change)')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate the account for good (asks first)')
            break
        }
        'acme;help;account;show' {
            break
        }
        'acme;help;account;update' {
            break
        }
        'acme;help;account;rollover' {
            break
        }
        'acme;help;account;deactivate' {
            break
        }
        'acme;help;limits' {
            break
        }
        'acme;help;profiles' {
            break
        }
        'acme;help;import-certbot' {
            break
        }
        'acme;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
