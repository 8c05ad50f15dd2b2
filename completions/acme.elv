
use builtin;
use str;

set edit:completion:arg-completer[acme] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'acme'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'acme'= {
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand register 'Create (or find) the ACME account for the server'
            cand issue 'Obtain a certificate and store it under live/<name>/'
            cand renew 'Renew every certificate that is due (run it from cron or a systemd timer)'
            cand list 'List the certificates, when each expires and when it will be renewed'
            cand certificates 'List the certificates, when each expires and when it will be renewed'
            cand revoke 'Revoke a certificate (with the account, or with the certificate''s own key)'
            cand account 'Show or change the ACME account: contacts, key rollover, deactivation'
            cand limits 'Show the CA''s rate limits and what this machine has used of them'
            cand import-certbot 'Take over certbot''s certificates, renewal settings and accounts (its tree is left unchanged)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acme;register'= {
            cand -m 'Contact email for the account (optional)'
            cand --email 'Contact email for the account (optional)'
            cand --eab-kid 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)'
            cand --eab-hmac-key 'External Account Binding HMAC key (base64url), from the CA'
            cand --account-key-type 'Account key algorithm'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand --agree-tos 'Agree to the CA''s terms of service (shown by `acme register` without this flag)'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;issue'= {
            cand -d 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted'
            cand --domain 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted'
            cand -w 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it'
            cand --webroot 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it'
            cand --http-port 'Port for --standalone (the CA always connects to port 80; use another only behind a port forward) [default: 80]'
            cand --http-address 'Address for --standalone to listen on [default: all]'
            cand --tls-port 'Port for --tls-alpn (the CA always connects to port 443; use another only behind a port forward) [default: 443]'
            cand --tls-address 'Address for --tls-alpn to listen on [default: all]'
            cand --self-check-via 'For http-01, fetch each challenge from this address (with the name as Host) instead of resolving the name, before the CA is asked'
            cand --dns-hook 'dns-01 through CMD, run by /bin/sh once per record with ACME_ACTION=add|remove, ACME_DOMAIN, ACME_TXT_NAME, ACME_TXT_VALUE (and CERTBOT_DOMAIN, CERTBOT_VALIDATION)'
            cand --dns-rfc2136 'dns-01 through RFC 2136 dynamic updates to this server, signed with --tsig-key'
            cand --tsig-key 'TSIG key file in BIND''s format (as tsig-keygen writes it); only its path is saved'
            cand --dns-timeout 'Longest wait, in seconds, for the TXT records to show on every authoritative server [default: 120]'
            cand --dns-resolver 'Check propagation by asking this server only, instead of the zone''s authoritative servers'
            cand --cert-name 'Lineage name under live/ and archive/ [default: the first name]'
            cand --key-type 'Certificate key algorithm'
            cand --csr 'Issue for your own CSR (PEM or DER): the names come from it and no private key is written; renewals reuse a copy of it'
            cand --preferred-chain 'Prefer the chain whose top certificate is issued by this common name'
            cand --profile 'ACME profile to request, as offered by the CA''s directory (e.g. tlsserver, shortlived)'
            cand -m 'Contact email for the account (optional)'
            cand --email 'Contact email for the account (optional)'
            cand --eab-kid 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)'
            cand --eab-hmac-key 'External Account Binding HMAC key (base64url), from the CA'
            cand --account-key-type 'Account key algorithm'
            cand --pre-hook 'Run once before renewals start (e.g. stop a server holding port 80)'
            cand --post-hook 'Run once after all renewal attempts (e.g. start it again)'
            cand --deploy-hook 'Run once per renewed certificate (e.g. `systemctl reload nginx`)'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand --standalone 'http-01 answered by acme itself on port 80 (nothing may listen there meanwhile)'
            cand --tls-alpn 'tls-alpn-01 (RFC 8737) answered by acme itself on port 443 (nothing may listen there meanwhile)'
            cand --no-self-check 'Do not fetch http-01 challenges from this host before the CA is asked (e.g. hairpin NAT)'
            cand --dns-manual 'dns-01 by hand: print the TXT records to create and wait for Enter (needs a terminal)'
            cand --reuse-key 'Keep the lineage''s current private key on renewal (the default is a fresh key each time)'
            cand --agree-tos 'Agree to the CA''s terms of service (shown by `acme register` without this flag)'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;renew'= {
            cand --days 'Renew when the certificate expires within N days (overrides the default of a third of its lifetime left, and `renew_before_days` in its renewal conf)'
            cand --cert-name 'Only this lineage (repeat for several) [default: all]'
            cand --jobs 'Renew up to N certificates at once'
            cand --pre-hook 'Run once before renewals start (e.g. stop a server holding port 80)'
            cand --post-hook 'Run once after all renewal attempts (e.g. start it again)'
            cand --deploy-hook 'Run once per renewed certificate (e.g. `systemctl reload nginx`)'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand --force 'Renew even if not due'
            cand --dry-run 'Do the whole renewal against the CA''s staging server (or the same server when it has none), saving nothing; pre- and post-hooks run, deploy hooks do not'
            cand --no-random-sleep 'Do not sleep a random time before contacting the CA (done only when not on a terminal, so that cron runs everywhere do not hit the CA at the same second); also ACME_NO_RANDOM_SLEEP=1'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;list'= {
            cand --cert-name 'Only this lineage (repeat for several) [default: all]'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;certificates'= {
            cand --cert-name 'Only this lineage (repeat for several) [default: all]'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;revoke'= {
            cand --cert-name 'The lineage whose live certificate to revoke (it is then marked revoked for `renew`)'
            cand --cert-path 'A certificate file (PEM; the first certificate in it is revoked)'
            cand --reason 'Why: a reason name or number (see below); Let''s Encrypt accepts only 0, 1, 4, 5'
            cand --key-path 'Sign with the certificate''s private key instead of the account (works without an account)'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand --delete 'Afterwards delete the lineage''s live/, archive/ and renewal conf (asks first)'
            cand -y 'Do not ask before deleting'
            cand --yes 'Do not ask before deleting'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;account'= {
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show the account as the CA sees it: URL, status, contacts, key type, server'
            cand update 'Replace the account''s contact addresses'
            cand rollover 'Replace the account key with a new one (RFC 8555 key change)'
            cand deactivate 'Deactivate the account for good (asks first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acme;account;show'= {
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;account;update'= {
            cand -m 'Contact email (repeat for several); replaces the current ones'
            cand --email 'Contact email (repeat for several); replaces the current ones'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;account;rollover'= {
            cand --key-type 'Algorithm of the new account key [default: the current key''s]'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;account;deactivate'= {
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;account;help'= {
            cand show 'Show the account as the CA sees it: URL, status, contacts, key type, server'
            cand update 'Replace the account''s contact addresses'
            cand rollover 'Replace the account key with a new one (RFC 8555 key change)'
            cand deactivate 'Deactivate the account for good (asks first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acme;account;help;show'= {
        }
        &'acme;account;help;update'= {
        }
        &'acme;account;help;rollover'= {
        }
        &'acme;account;help;deactivate'= {
        }
        &'acme;account;help;help'= {
        }
        &'acme;limits'= {
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;import-certbot'= {
            cand --from 'certbot''s config dir'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --rate-limits 'Rate-limit table to guard against [default: the server''s own for Let''s Encrypt production and staging, none for other CAs]'
            cand --hook-timeout 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand --ignore-limits 'Place the order even if this machine''s ledger says the CA would refuse it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;help'= {
            cand register 'Create (or find) the ACME account for the server'
            cand issue 'Obtain a certificate and store it under live/<name>/'
            cand renew 'Renew every certificate that is due (run it from cron or a systemd timer)'
            cand list 'List the certificates, when each expires and when it will be renewed'
            cand revoke 'Revoke a certificate (with the account, or with the certificate''s own key)'
            cand account 'Show or change the ACME account: contacts, key rollover, deactivation'
            cand limits 'Show the CA''s rate limits and what this machine has used of them'
            cand import-certbot 'Take over certbot''s certificates, renewal settings and accounts (its tree is left unchanged)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acme;help;register'= {
        }
        &'acme;help;issue'= {
        }
        &'acme;help;renew'= {
        }
        &'acme;help;list'= {
        }
        &'acme;help;revoke'= {
        }
        &'acme;help;account'= {
            cand show 'Show the account as the CA sees it: URL, status, contacts, key type, server'
            cand update 'Replace the account''s contact addresses'
            cand rollover 'Replace the account key with a new one (RFC 8555 key change)'
            cand deactivate 'Deactivate the account for good (asks first)'
        }
        &'acme;help;account;show'= {
        }
        &'acme;help;account;update'= {
        }
        &'acme;help;account;rollover'= {
        }
        &'acme;help;account;deactivate'= {
        }
        &'acme;help;limits'= {
        }
        &'acme;help;import-certbot'= {
        }
        &'acme;help;help'= {
        }
    ]
    $completions[$command]
}
