# Lineage names for --cert-name: renewal/*.conf in the config dir acme would use.
function __acme_lineages
    set -l dir $ACME_CONFIG_DIR
    set -l words (commandline -opc)
    set -l i (contains -i -- --config-dir $words)
    and set dir $words[(math $i + 1)]
    if test -z "$dir"
        if test (id -u) = 0
            set dir /etc/acme
        else if set -q XDG_DATA_HOME
            set dir $XDG_DATA_HOME/acme
        else
            set dir $HOME/.local/share/acme
        end
    end
    for f in $dir/renewal/*.conf
        basename $f .conf
    end
end
# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_acme_global_optspecs
    string join \n server= staging staging-server= n/non-interactive config-dir= ca-bundle= q/quiet v/verbose json rate-limits= ignore-limits hook-timeout= log-dir= max-wait= require-trusted-chain h/help V/version
end

function __fish_acme_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_acme_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_acme_using_subcommand
    set -l cmd (__fish_acme_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c acme -n "__fish_acme_needs_command" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_needs_command" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_needs_command" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_needs_command" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_needs_command" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_needs_command" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_needs_command" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_needs_command" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_needs_command" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_needs_command" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_needs_command" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_needs_command" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_needs_command" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_needs_command" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_needs_command" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_needs_command" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_needs_command" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_needs_command" -f -a "register" -d 'Create (or find) the ACME account for the server'
complete -c acme -n "__fish_acme_needs_command" -f -a "issue" -d 'Obtain a certificate and store it under live/<name>/ (safe to re-run: nothing is ordered while the certificate is not due)'
complete -c acme -n "__fish_acme_needs_command" -f -a "certonly" -d 'Obtain a certificate and store it under live/<name>/ (safe to re-run: nothing is ordered while the certificate is not due)'
complete -c acme -n "__fish_acme_needs_command" -f -a "renew" -d 'Renew every certificate that is due (run it from cron or a systemd timer)'
complete -c acme -n "__fish_acme_needs_command" -f -a "list" -d 'List the certificates, when each expires and when it will be renewed'
complete -c acme -n "__fish_acme_needs_command" -f -a "certificates" -d 'List the certificates, when each expires and when it will be renewed'
complete -c acme -n "__fish_acme_needs_command" -f -a "check" -d 'Check every certificate for monitoring (Nagios/Icinga exit codes) and optionally write Prometheus metrics'
complete -c acme -n "__fish_acme_needs_command" -f -a "revoke" -d 'Revoke a certificate (with the account, or with the certificate\'s own key)'
complete -c acme -n "__fish_acme_needs_command" -f -a "reconfigure" -d 'Change a certificate\'s saved settings without issuing (checked by a dry run on staging)'
complete -c acme -n "__fish_acme_needs_command" -f -a "delete" -d 'Delete a certificate\'s files and renewal settings (it is not revoked)'
complete -c acme -n "__fish_acme_needs_command" -f -a "account" -d 'Show or change the ACME account: contacts, key rollover, deactivation'
complete -c acme -n "__fish_acme_needs_command" -f -a "limits" -d 'Show the CA\'s rate limits and what this machine has used of them'
complete -c acme -n "__fish_acme_needs_command" -f -a "profiles" -d 'List the certificate profiles the CA offers (name, description)'
complete -c acme -n "__fish_acme_needs_command" -f -a "import-certbot" -d 'Take over certbot\'s certificates, renewal settings and accounts (its tree is left unchanged)'
complete -c acme -n "__fish_acme_needs_command" -f -a "fleet" -d 'Share certificates, accounts, locks and http-01 answers with other nodes through etcd'
complete -c acme -n "__fish_acme_needs_command" -f -a "sync" -d 'Bring this node\'s certificates in step with its fleet (once, or following it with --watch)'
complete -c acme -n "__fish_acme_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acme -n "__fish_acme_using_subcommand register" -s m -l email -d 'Contact email for the account (optional)' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l eab-kid -d 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l eab-hmac-key -d 'External Account Binding HMAC key (base64url), from the CA' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l account-key-type -d 'Account key algorithm' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa2048\t''
rsa3072\t''
rsa4096\t''"
complete -c acme -n "__fish_acme_using_subcommand register" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand register" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand register" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand register" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand register" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand register" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l agree-tos -d 'Agree to the CA\'s terms of service (shown by `acme register` without this flag)'
complete -c acme -n "__fish_acme_using_subcommand register" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand register" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand register" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand register" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand register" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand register" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand register" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand register" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand register" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand issue" -s d -l domain -l domains -d 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -s w -l webroot -l webroot-path -d 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it (certbot\'s `--webroot -w DIR` works too)' -r -F
complete -c acme -n "__fish_acme_using_subcommand issue" -l http-port -d 'Port for --standalone (the CA always connects to port 80; use another only behind a port forward) [default: 80]' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l http-address -d 'Address for --standalone to listen on [default: all]' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l tls-port -d 'Port for --tls-alpn (the CA always connects to port 443; use another only behind a port forward) [default: 443]' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l tls-address -d 'Address for --tls-alpn to listen on [default: all]' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l self-check-via -d 'For http-01, fetch each challenge from this address (with the name as Host) instead of resolving the name, before the CA is asked' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l dns-hook -d 'dns-01 through CMD, run by /bin/sh once per record with ACME_ACTION=add|remove, ACME_DOMAIN, ACME_TXT_NAME, ACME_TXT_VALUE (and CERTBOT_DOMAIN, CERTBOT_VALIDATION)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l dns-rfc2136 -d 'dns-01 through RFC 2136 dynamic updates to this server, signed with --tsig-key' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l tsig-key -d 'TSIG key file in BIND\'s format (as tsig-keygen writes it); only its path is saved' -r -F
complete -c acme -n "__fish_acme_using_subcommand issue" -l dns-persist-until -d 'With --dns-persist: the record authorizes issuance until this time (its persistUntil, RFC 3339, e.g. 2027-06-01T00:00:00Z); `acme list` warns 30 days before' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l dns-timeout -d 'Longest wait, in seconds, for the TXT records to show on every authoritative server [default: 120]' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l dns-resolver -d 'Check propagation by asking this server only, instead of the zone\'s authoritative servers' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l manual-auth-hook -d 'Run CMD (by /bin/sh) once per challenge before the CA checks it, with certbot\'s CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_TOKEN (http-01), CERTBOT_REMAINING_CHALLENGES and CERTBOT_ALL_DOMAINS; saved for renewal' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l manual-cleanup-hook -d 'Run CMD once per challenge afterwards, whatever happened, with the same variables and CERTBOT_AUTH_OUTPUT (what the auth hook printed)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l preferred-challenges -d 'The challenge the manual hooks answer: http-01 (the default) or dns-01 (certbot\'s spellings http and dns too; the first of a comma-separated list counts)' -r -f -a "http-01\t''
dns-01\t''
http\t''
dns\t''"
complete -c acme -n "__fish_acme_using_subcommand issue" -l cert-name -d 'Lineage name under live/ and archive/ [default: the lineage with exactly these names, else the first name]; an existing lineage gets exactly the requested names (-d may be left out)' -r -f -a "(__acme_lineages)"
complete -c acme -n "__fish_acme_using_subcommand issue" -l key-type -d 'Certificate key algorithm' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa2048\t''
rsa3072\t''
rsa4096\t''"
complete -c acme -n "__fish_acme_using_subcommand issue" -l csr -d 'Issue for your own CSR (PEM or DER): the names come from it and no private key is written; renewals reuse a copy of it' -r -F
complete -c acme -n "__fish_acme_using_subcommand issue" -l preferred-chain -d 'Prefer the chain whose top certificate is issued by this common name' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l profile -d 'ACME profile to request, as offered by the CA\'s directory (e.g. tlsserver, shortlived)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l fallback-server -d 'A CA to try when the lineage\'s own cannot issue for reasons on its side (server errors, unreachable, a long rate limit), never for a failed validation; repeat for several, tried in order. Each needs an account here first (`acme register --server URL`, with EAB if the CA asks for it). Replaces the saved list' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand issue" -s m -l email -d 'Contact email for the account (optional)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l eab-kid -d 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l eab-hmac-key -d 'External Account Binding HMAC key (base64url), from the CA' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l account-key-type -d 'Account key algorithm' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa2048\t''
rsa3072\t''
rsa4096\t''"
complete -c acme -n "__fish_acme_using_subcommand issue" -l pre-hook -d 'Run once before renewals start (e.g. stop a server holding port 80)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l post-hook -d 'Run once after all renewal attempts (e.g. start it again)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l deploy-hook -d 'Run once per renewed certificate (e.g. `systemctl reload nginx`)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l failure-hook -d 'Run when a renewal fails, and when one works again after failures (ACME_EVENT=failure or recovery; details in ACME_* variables), e.g. to send mail' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand issue" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand issue" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand issue" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand issue" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand issue" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l standalone -d 'http-01 answered by acme itself on port 80 (nothing may listen there meanwhile)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l tls-alpn -d 'tls-alpn-01 (RFC 8737) answered by acme itself on port 443 (nothing may listen there meanwhile)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l no-self-check -d 'Do not fetch http-01 challenges from this host before the CA is asked (e.g. hairpin NAT)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l dns-manual -d 'dns-01 by hand: print the TXT records to create and wait for Enter (needs a terminal)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l dns-persist -d 'dns-persist-01: one lasting TXT record at _validation-persist.<name> naming the CA and the account; published once with --dns-hook/--dns-rfc2136 (else printed for you to create), then only read: renewals write nothing to DNS'
complete -c acme -n "__fish_acme_using_subcommand issue" -l manual -d 'certbot\'s manual mode: prove control with --manual-auth-hook (accepted for certbot\'s command lines; the hook is what selects it)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l force -l force-renewal -d 'Issue even if the lineage is not due for renewal'
complete -c acme -n "__fish_acme_using_subcommand issue" -l keep-until-expiring -l keep -d 'Keep the certificate while it is not due (the default; certbot\'s spelling, also --keep)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l expand -d 'Add the requested names to the lineage whose names they include'
complete -c acme -n "__fish_acme_using_subcommand issue" -l duplicate -d 'Make a separate lineage even though the names overlap an existing one'
complete -c acme -n "__fish_acme_using_subcommand issue" -l break-my-certs -d 'Let --staging/--test-cert move an existing production lineage to the staging server, replacing its certificate by an untrusted one (certbot\'s spelling)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l dry-run -d 'Do the whole issuance against the CA\'s staging server (see --staging-server), saving nothing; pre- and post-hooks run, the deploy hook does not'
complete -c acme -n "__fish_acme_using_subcommand issue" -l reuse-key -d 'Keep the lineage\'s current private key on renewal (the default is a fresh key each time)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l no-reuse-key -d 'A fresh key on each renewal again (undoes a saved --reuse-key)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l no-require-trusted-chain -d 'Install a chain that leads to no trusted root with a warning again (undoes a --require-trusted-chain saved for this certificate)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l no-fallback-server -d 'Forget the saved fallback CAs'
complete -c acme -n "__fish_acme_using_subcommand issue" -l agree-tos -d 'Agree to the CA\'s terms of service (shown by `acme register` without this flag)'
complete -c acme -n "__fish_acme_using_subcommand issue" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand issue" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand issue" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand issue" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand issue" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand issue" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand issue" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand issue" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand issue" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand certonly" -s d -l domain -l domains -d 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -s w -l webroot -l webroot-path -d 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it (certbot\'s `--webroot -w DIR` works too)' -r -F
complete -c acme -n "__fish_acme_using_subcommand certonly" -l http-port -d 'Port for --standalone (the CA always connects to port 80; use another only behind a port forward) [default: 80]' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l http-address -d 'Address for --standalone to listen on [default: all]' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l tls-port -d 'Port for --tls-alpn (the CA always connects to port 443; use another only behind a port forward) [default: 443]' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l tls-address -d 'Address for --tls-alpn to listen on [default: all]' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l self-check-via -d 'For http-01, fetch each challenge from this address (with the name as Host) instead of resolving the name, before the CA is asked' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l dns-hook -d 'dns-01 through CMD, run by /bin/sh once per record with ACME_ACTION=add|remove, ACME_DOMAIN, ACME_TXT_NAME, ACME_TXT_VALUE (and CERTBOT_DOMAIN, CERTBOT_VALIDATION)' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l dns-rfc2136 -d 'dns-01 through RFC 2136 dynamic updates to this server, signed with --tsig-key' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l tsig-key -d 'TSIG key file in BIND\'s format (as tsig-keygen writes it); only its path is saved' -r -F
complete -c acme -n "__fish_acme_using_subcommand certonly" -l dns-persist-until -d 'With --dns-persist: the record authorizes issuance until this time (its persistUntil, RFC 3339, e.g. 2027-06-01T00:00:00Z); `acme list` warns 30 days before' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l dns-timeout -d 'Longest wait, in seconds, for the TXT records to show on every authoritative server [default: 120]' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l dns-resolver -d 'Check propagation by asking this server only, instead of the zone\'s authoritative servers' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l manual-auth-hook -d 'Run CMD (by /bin/sh) once per challenge before the CA checks it, with certbot\'s CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_TOKEN (http-01), CERTBOT_REMAINING_CHALLENGES and CERTBOT_ALL_DOMAINS; saved for renewal' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l manual-cleanup-hook -d 'Run CMD once per challenge afterwards, whatever happened, with the same variables and CERTBOT_AUTH_OUTPUT (what the auth hook printed)' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l preferred-challenges -d 'The challenge the manual hooks answer: http-01 (the default) or dns-01 (certbot\'s spellings http and dns too; the first of a comma-separated list counts)' -r -f -a "http-01\t''
dns-01\t''
http\t''
dns\t''"
complete -c acme -n "__fish_acme_using_subcommand certonly" -l cert-name -d 'Lineage name under live/ and archive/ [default: the lineage with exactly these names, else the first name]; an existing lineage gets exactly the requested names (-d may be left out)' -r -f -a "(__acme_lineages)"
complete -c acme -n "__fish_acme_using_subcommand certonly" -l key-type -d 'Certificate key algorithm' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa2048\t''
rsa3072\t''
rsa4096\t''"
complete -c acme -n "__fish_acme_using_subcommand certonly" -l csr -d 'Issue for your own CSR (PEM or DER): the names come from it and no private key is written; renewals reuse a copy of it' -r -F
complete -c acme -n "__fish_acme_using_subcommand certonly" -l preferred-chain -d 'Prefer the chain whose top certificate is issued by this common name' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l profile -d 'ACME profile to request, as offered by the CA\'s directory (e.g. tlsserver, shortlived)' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l fallback-server -d 'A CA to try when the lineage\'s own cannot issue for reasons on its side (server errors, unreachable, a long rate limit), never for a failed validation; repeat for several, tried in order. Each needs an account here first (`acme register --server URL`, with EAB if the CA asks for it). Replaces the saved list' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand certonly" -s m -l email -d 'Contact email for the account (optional)' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l eab-kid -d 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l eab-hmac-key -d 'External Account Binding HMAC key (base64url), from the CA' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l account-key-type -d 'Account key algorithm' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa2048\t''
rsa3072\t''
rsa4096\t''"
complete -c acme -n "__fish_acme_using_subcommand certonly" -l pre-hook -d 'Run once before renewals start (e.g. stop a server holding port 80)' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l post-hook -d 'Run once after all renewal attempts (e.g. start it again)' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l deploy-hook -d 'Run once per renewed certificate (e.g. `systemctl reload nginx`)' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l failure-hook -d 'Run when a renewal fails, and when one works again after failures (ACME_EVENT=failure or recovery; details in ACME_* variables), e.g. to send mail' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand certonly" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand certonly" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand certonly" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand certonly" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand certonly" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand certonly" -l standalone -d 'http-01 answered by acme itself on port 80 (nothing may listen there meanwhile)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l tls-alpn -d 'tls-alpn-01 (RFC 8737) answered by acme itself on port 443 (nothing may listen there meanwhile)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l no-self-check -d 'Do not fetch http-01 challenges from this host before the CA is asked (e.g. hairpin NAT)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l dns-manual -d 'dns-01 by hand: print the TXT records to create and wait for Enter (needs a terminal)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l dns-persist -d 'dns-persist-01: one lasting TXT record at _validation-persist.<name> naming the CA and the account; published once with --dns-hook/--dns-rfc2136 (else printed for you to create), then only read: renewals write nothing to DNS'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l manual -d 'certbot\'s manual mode: prove control with --manual-auth-hook (accepted for certbot\'s command lines; the hook is what selects it)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l force -l force-renewal -d 'Issue even if the lineage is not due for renewal'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l keep-until-expiring -l keep -d 'Keep the certificate while it is not due (the default; certbot\'s spelling, also --keep)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l expand -d 'Add the requested names to the lineage whose names they include'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l duplicate -d 'Make a separate lineage even though the names overlap an existing one'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l break-my-certs -d 'Let --staging/--test-cert move an existing production lineage to the staging server, replacing its certificate by an untrusted one (certbot\'s spelling)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l dry-run -d 'Do the whole issuance against the CA\'s staging server (see --staging-server), saving nothing; pre- and post-hooks run, the deploy hook does not'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l reuse-key -d 'Keep the lineage\'s current private key on renewal (the default is a fresh key each time)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l no-reuse-key -d 'A fresh key on each renewal again (undoes a saved --reuse-key)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l no-require-trusted-chain -d 'Install a chain that leads to no trusted root with a warning again (undoes a --require-trusted-chain saved for this certificate)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l no-fallback-server -d 'Forget the saved fallback CAs'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l agree-tos -d 'Agree to the CA\'s terms of service (shown by `acme register` without this flag)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand certonly" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand certonly" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand certonly" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand certonly" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand certonly" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand certonly" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand renew" -l days -d 'Renew when the certificate expires within N days (overrides the default of a third of its lifetime left, and `renew_before_days` in its renewal conf)' -r
complete -c acme -n "__fish_acme_using_subcommand renew" -l cert-name -d 'Only this lineage (repeat for several) [default: all]' -r -f -a "(__acme_lineages)"
complete -c acme -n "__fish_acme_using_subcommand renew" -l jobs -d 'Renew up to N certificates at once' -r
complete -c acme -n "__fish_acme_using_subcommand renew" -l pre-hook -d 'Run once before renewals start (e.g. stop a server holding port 80)' -r
complete -c acme -n "__fish_acme_using_subcommand renew" -l post-hook -d 'Run once after all renewal attempts (e.g. start it again)' -r
complete -c acme -n "__fish_acme_using_subcommand renew" -l deploy-hook -d 'Run once per renewed certificate (e.g. `systemctl reload nginx`)' -r
complete -c acme -n "__fish_acme_using_subcommand renew" -l failure-hook -d 'Run when a renewal fails, and when one works again after failures (ACME_EVENT=failure or recovery; details in ACME_* variables), e.g. to send mail' -r
complete -c acme -n "__fish_acme_using_subcommand renew" -l metrics-file -d 'Write Prometheus metrics of every lineage here after the run, e.g. into node_exporter\'s textfile directory [default: <config-dir>/metrics.prom]' -r -F
complete -c acme -n "__fish_acme_using_subcommand renew" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand renew" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand renew" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand renew" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand renew" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand renew" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand renew" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand renew" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand renew" -l force -l force-renewal -d 'Renew even if not due'
complete -c acme -n "__fish_acme_using_subcommand renew" -l dry-run -d 'Do the whole renewal against the CA\'s staging server (or the same server when it has none), saving nothing; pre- and post-hooks run, deploy hooks do not'
complete -c acme -n "__fish_acme_using_subcommand renew" -l no-random-sleep -d 'Do not sleep a random time before contacting the CA (done only when not on a terminal, so that cron runs everywhere do not hit the CA at the same second); also ACME_NO_RANDOM_SLEEP=1'
complete -c acme -n "__fish_acme_using_subcommand renew" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand renew" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand renew" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand renew" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand renew" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand renew" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand renew" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand renew" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand renew" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand list" -l cert-name -d 'Only this lineage (repeat for several) [default: all]' -r -f -a "(__acme_lineages)"
complete -c acme -n "__fish_acme_using_subcommand list" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand list" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand list" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand list" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand list" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand list" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand list" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand list" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand list" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand list" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand list" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand list" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand list" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand list" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand list" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand list" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand list" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand certificates" -l cert-name -d 'Only this lineage (repeat for several) [default: all]' -r -f -a "(__acme_lineages)"
complete -c acme -n "__fish_acme_using_subcommand certificates" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand certificates" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand certificates" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand certificates" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand certificates" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand certificates" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand certificates" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand certificates" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand certificates" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand certificates" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand certificates" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand certificates" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand certificates" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand certificates" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand certificates" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand certificates" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand certificates" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand check" -l warn-days -d 'WARNING when a certificate expires within N days [default: 14, or a fifth of its lifetime if shorter]' -r
complete -c acme -n "__fish_acme_using_subcommand check" -l crit-days -d 'CRITICAL when a certificate expires within N days [default: 7, or a tenth of its lifetime if shorter]' -r
complete -c acme -n "__fish_acme_using_subcommand check" -l metrics-file -d 'Also write Prometheus metrics of every lineage to PATH (atomically)' -r -F
complete -c acme -n "__fish_acme_using_subcommand check" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand check" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand check" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand check" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand check" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand check" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand check" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand check" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand check" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand check" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand check" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand check" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand check" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand check" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand check" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand check" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand check" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand revoke" -l cert-name -d 'The lineage whose live certificate to revoke (it is then marked revoked for `renew`)' -r -f -a "(__acme_lineages)"
complete -c acme -n "__fish_acme_using_subcommand revoke" -l cert-path -d 'A certificate file (PEM; the first certificate in it is revoked)' -r -F
complete -c acme -n "__fish_acme_using_subcommand revoke" -l reason -d 'Why: a reason name or number (see below); Let\'s Encrypt accepts only 0, 1, 4, 5' -r -f -a "unspecified\t''
keyCompromise\t''
cACompromise\t''
affiliationChanged\t''
superseded\t''
cessationOfOperation\t''
certificateHold\t''
removeFromCRL\t''
privilegeWithdrawn\t''
aACompromise\t''"
complete -c acme -n "__fish_acme_using_subcommand revoke" -l key-path -d 'Sign with the certificate\'s private key instead of the account (works without an account)' -r -F
complete -c acme -n "__fish_acme_using_subcommand revoke" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand revoke" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand revoke" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand revoke" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand revoke" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand revoke" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand revoke" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand revoke" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand revoke" -l delete -d 'Afterwards delete the lineage\'s live/, archive/ and renewal conf (asks first)'
complete -c acme -n "__fish_acme_using_subcommand revoke" -s y -l yes -d 'Do not ask before deleting'
complete -c acme -n "__fish_acme_using_subcommand revoke" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand revoke" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand revoke" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand revoke" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand revoke" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand revoke" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand revoke" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand revoke" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand revoke" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -s d -l domain -l domains -d 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -s w -l webroot -l webroot-path -d 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it (certbot\'s `--webroot -w DIR` works too)' -r -F
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l http-port -d 'Port for --standalone (the CA always connects to port 80; use another only behind a port forward) [default: 80]' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l http-address -d 'Address for --standalone to listen on [default: all]' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l tls-port -d 'Port for --tls-alpn (the CA always connects to port 443; use another only behind a port forward) [default: 443]' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l tls-address -d 'Address for --tls-alpn to listen on [default: all]' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l self-check-via -d 'For http-01, fetch each challenge from this address (with the name as Host) instead of resolving the name, before the CA is asked' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l dns-hook -d 'dns-01 through CMD, run by /bin/sh once per record with ACME_ACTION=add|remove, ACME_DOMAIN, ACME_TXT_NAME, ACME_TXT_VALUE (and CERTBOT_DOMAIN, CERTBOT_VALIDATION)' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l dns-rfc2136 -d 'dns-01 through RFC 2136 dynamic updates to this server, signed with --tsig-key' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l tsig-key -d 'TSIG key file in BIND\'s format (as tsig-keygen writes it); only its path is saved' -r -F
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l dns-persist-until -d 'With --dns-persist: the record authorizes issuance until this time (its persistUntil, RFC 3339, e.g. 2027-06-01T00:00:00Z); `acme list` warns 30 days before' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l dns-timeout -d 'Longest wait, in seconds, for the TXT records to show on every authoritative server [default: 120]' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l dns-resolver -d 'Check propagation by asking this server only, instead of the zone\'s authoritative servers' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l manual-auth-hook -d 'Run CMD (by /bin/sh) once per challenge before the CA checks it, with certbot\'s CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_TOKEN (http-01), CERTBOT_REMAINING_CHALLENGES and CERTBOT_ALL_DOMAINS; saved for renewal' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l manual-cleanup-hook -d 'Run CMD once per challenge afterwards, whatever happened, with the same variables and CERTBOT_AUTH_OUTPUT (what the auth hook printed)' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l preferred-challenges -d 'The challenge the manual hooks answer: http-01 (the default) or dns-01 (certbot\'s spellings http and dns too; the first of a comma-separated list counts)' -r -f -a "http-01\t''
dns-01\t''
http\t''
dns\t''"
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l cert-name -d 'Lineage name under live/ and archive/ [default: the lineage with exactly these names, else the first name]; an existing lineage gets exactly the requested names (-d may be left out)' -r -f -a "(__acme_lineages)"
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l key-type -d 'Certificate key algorithm' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa2048\t''
rsa3072\t''
rsa4096\t''"
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l csr -d 'Issue for your own CSR (PEM or DER): the names come from it and no private key is written; renewals reuse a copy of it' -r -F
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l preferred-chain -d 'Prefer the chain whose top certificate is issued by this common name' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l profile -d 'ACME profile to request, as offered by the CA\'s directory (e.g. tlsserver, shortlived)' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l fallback-server -d 'A CA to try when the lineage\'s own cannot issue for reasons on its side (server errors, unreachable, a long rate limit), never for a failed validation; repeat for several, tried in order. Each needs an account here first (`acme register --server URL`, with EAB if the CA asks for it). Replaces the saved list' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -s m -l email -d 'Contact email for the account (optional)' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l eab-kid -d 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l eab-hmac-key -d 'External Account Binding HMAC key (base64url), from the CA' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l account-key-type -d 'Account key algorithm' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa2048\t''
rsa3072\t''
rsa4096\t''"
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l pre-hook -d 'Run once before renewals start (e.g. stop a server holding port 80)' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l post-hook -d 'Run once after all renewal attempts (e.g. start it again)' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l deploy-hook -d 'Run once per renewed certificate (e.g. `systemctl reload nginx`)' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l failure-hook -d 'Run when a renewal fails, and when one works again after failures (ACME_EVENT=failure or recovery; details in ACME_* variables), e.g. to send mail' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l no-dry-run -d 'Save without checking the new settings by a dry run against the staging server'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l standalone -d 'http-01 answered by acme itself on port 80 (nothing may listen there meanwhile)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l tls-alpn -d 'tls-alpn-01 (RFC 8737) answered by acme itself on port 443 (nothing may listen there meanwhile)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l no-self-check -d 'Do not fetch http-01 challenges from this host before the CA is asked (e.g. hairpin NAT)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l dns-manual -d 'dns-01 by hand: print the TXT records to create and wait for Enter (needs a terminal)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l dns-persist -d 'dns-persist-01: one lasting TXT record at _validation-persist.<name> naming the CA and the account; published once with --dns-hook/--dns-rfc2136 (else printed for you to create), then only read: renewals write nothing to DNS'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l manual -d 'certbot\'s manual mode: prove control with --manual-auth-hook (accepted for certbot\'s command lines; the hook is what selects it)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l force -l force-renewal -d 'Issue even if the lineage is not due for renewal'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l keep-until-expiring -l keep -d 'Keep the certificate while it is not due (the default; certbot\'s spelling, also --keep)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l expand -d 'Add the requested names to the lineage whose names they include'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l duplicate -d 'Make a separate lineage even though the names overlap an existing one'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l break-my-certs -d 'Let --staging/--test-cert move an existing production lineage to the staging server, replacing its certificate by an untrusted one (certbot\'s spelling)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l dry-run -d 'Do the whole issuance against the CA\'s staging server (see --staging-server), saving nothing; pre- and post-hooks run, the deploy hook does not'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l reuse-key -d 'Keep the lineage\'s current private key on renewal (the default is a fresh key each time)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l no-reuse-key -d 'A fresh key on each renewal again (undoes a saved --reuse-key)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l no-require-trusted-chain -d 'Install a chain that leads to no trusted root with a warning again (undoes a --require-trusted-chain saved for this certificate)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l no-fallback-server -d 'Forget the saved fallback CAs'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l agree-tos -d 'Agree to the CA\'s terms of service (shown by `acme register` without this flag)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand reconfigure" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand delete" -l cert-name -d 'The lineage to delete' -r -f -a "(__acme_lineages)"
complete -c acme -n "__fish_acme_using_subcommand delete" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand delete" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand delete" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand delete" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand delete" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand delete" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand delete" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand delete" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand delete" -s y -l yes -d 'Do not ask for confirmation (needed without a terminal)'
complete -c acme -n "__fish_acme_using_subcommand delete" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand delete" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand delete" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand delete" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand delete" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand delete" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand delete" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand delete" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand delete" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -f -a "show" -d 'Show the account as the CA sees it: URL, status, contacts, key type, server'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -f -a "update" -d 'Replace the account\'s contact addresses'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -f -a "rollover" -d 'Replace the account key with a new one (RFC 8555 key change)'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -f -a "deactivate" -d 'Deactivate the account for good (asks first)'
complete -c acme -n "__fish_acme_using_subcommand account; and not __fish_seen_subcommand_from show update rollover deactivate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -s m -l email -d 'Contact email (repeat for several); replaces the current ones' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l key-type -d 'Algorithm of the new account key [default: the current key\'s]' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa2048\t''
rsa3072\t''
rsa4096\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from rollover" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s y -l yes -d 'Do not ask for confirmation'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the account as the CA sees it: URL, status, contacts, key type, server'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "update" -d 'Replace the account\'s contact addresses'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "rollover" -d 'Replace the account key with a new one (RFC 8555 key change)'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "deactivate" -d 'Deactivate the account for good (asks first)'
complete -c acme -n "__fish_acme_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acme -n "__fish_acme_using_subcommand limits" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand limits" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand limits" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand limits" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand limits" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand limits" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand limits" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand limits" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand limits" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand limits" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand limits" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand limits" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand limits" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand limits" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand limits" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand limits" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand limits" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand profiles" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand profiles" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand profiles" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand profiles" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand profiles" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand profiles" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand profiles" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand profiles" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand profiles" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand profiles" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand profiles" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand profiles" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand profiles" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand profiles" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand profiles" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand profiles" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand profiles" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l from -d 'certbot\'s config dir' -r -F
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand import-certbot" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -f -a "new-key" -d 'Make a new fleet key file (32 random bytes, 0600)'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -f -a "join" -d 'Make this config dir a node of the fleet at URL'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -f -a "status" -d 'Show, per certificate, the fleet\'s newest version and which version each node serves'
complete -c acme -n "__fish_acme_using_subcommand fleet; and not __fish_seen_subcommand_from new-key join status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from new-key" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l node -d 'This node\'s name in the fleet (default: the host name)' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l key-file -d 'The fleet key file (0600), the same on every node' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l webroot -d 'Where this node serves http-01 answers (its web server\'s document root)' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l tls-alpn-listen -d 'Where `acme sync --watch` answers tls-alpn-01 for the fleet: IP:PORT, [IPv6]:PORT or PORT' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l lock-ttl -d 'Seconds a dead node\'s renewal lock outlives it' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l etcd-ca -d 'CA bundle (PEM) for etcds://: the only roots trusted for etcd when given' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l etcd-cert -d 'Client certificate chain (PEM) for etcd' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l etcd-key -d 'Client key (PEM) for etcd' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l etcd-user -d 'etcd user name' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l etcd-password-file -d 'File holding the etcd user\'s password (0600)' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from join" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "new-key" -d 'Make a new fleet key file (32 random bytes, 0600)'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "join" -d 'Make this config dir a node of the fleet at URL'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show, per certificate, the fleet\'s newest version and which version each node serves'
complete -c acme -n "__fish_acme_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acme -n "__fish_acme_using_subcommand sync" -l for -d 'With --watch: stop after this many seconds (default: until stopped)' -r
complete -c acme -n "__fish_acme_using_subcommand sync" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
zerossl\t''
google\t''
google-staging\t''"
complete -c acme -n "__fish_acme_using_subcommand sync" -l staging-server -d 'The directory --staging, --dry-run and `reconfigure`\'s check use as the staging server [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for google, else the same server]' -r
complete -c acme -n "__fish_acme_using_subcommand sync" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand sync" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand sync" -l rate-limits -d 'Rate-limit table to guard against [default: the server\'s own for Let\'s Encrypt production and staging, none for other CAs]' -r -f -a "letsencrypt\t''
letsencrypt-staging\t''
none\t''"
complete -c acme -n "__fish_acme_using_subcommand sync" -l hook-timeout -d 'Stop a hook (pre, post, deploy, DNS) still running after this many seconds' -r
complete -c acme -n "__fish_acme_using_subcommand sync" -l log-dir -d 'Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept) [default: log/ in the config dir]' -r -F
complete -c acme -n "__fish_acme_using_subcommand sync" -l max-wait -d 'The longest acme waits for the CA to validate the names, and again for it to issue the certificate after finalizing (some CAs issue asynchronously, over minutes)' -r
complete -c acme -n "__fish_acme_using_subcommand sync" -l watch -d 'Keep following the fleet after the first sync'
complete -c acme -n "__fish_acme_using_subcommand sync" -l staging -l test-cert -d 'Use the CA\'s staging server (Let\'s Encrypt\'s unless --server names another CA); certbot\'s --test-cert'
complete -c acme -n "__fish_acme_using_subcommand sync" -s n -l non-interactive -l noninteractive -d 'Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)'
complete -c acme -n "__fish_acme_using_subcommand sync" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand sync" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand sync" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand sync" -l ignore-limits -d 'Place the order even if this machine\'s ledger says the CA would refuse it'
complete -c acme -n "__fish_acme_using_subcommand sync" -l require-trusted-chain -d 'Refuse a certificate whose chain leads to no root this machine trusts (the system\'s, or --ca-bundle); without it such a chain is installed with a warning. Given to issue or reconfigure, it is saved for the certificate\'s renewals'
complete -c acme -n "__fish_acme_using_subcommand sync" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand sync" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "register" -d 'Create (or find) the ACME account for the server'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "issue" -d 'Obtain a certificate and store it under live/<name>/ (safe to re-run: nothing is ordered while the certificate is not due)'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "renew" -d 'Renew every certificate that is due (run it from cron or a systemd timer)'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "list" -d 'List the certificates, when each expires and when it will be renewed'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "check" -d 'Check every certificate for monitoring (Nagios/Icinga exit codes) and optionally write Prometheus metrics'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "revoke" -d 'Revoke a certificate (with the account, or with the certificate\'s own key)'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "reconfigure" -d 'Change a certificate\'s saved settings without issuing (checked by a dry run on staging)'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "delete" -d 'Delete a certificate\'s files and renewal settings (it is not revoked)'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "account" -d 'Show or change the ACME account: contacts, key rollover, deactivation'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "limits" -d 'Show the CA\'s rate limits and what this machine has used of them'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "profiles" -d 'List the certificate profiles the CA offers (name, description)'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "import-certbot" -d 'Take over certbot\'s certificates, renewal settings and accounts (its tree is left unchanged)'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "fleet" -d 'Share certificates, accounts, locks and http-01 answers with other nodes through etcd'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "sync" -d 'Bring this node\'s certificates in step with its fleet (once, or following it with --watch)'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acme -n "__fish_acme_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "show" -d 'Show the account as the CA sees it: URL, status, contacts, key type, server'
complete -c acme -n "__fish_acme_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "update" -d 'Replace the account\'s contact addresses'
complete -c acme -n "__fish_acme_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "rollover" -d 'Replace the account key with a new one (RFC 8555 key change)'
complete -c acme -n "__fish_acme_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "deactivate" -d 'Deactivate the account for good (asks first)'
complete -c acme -n "__fish_acme_using_subcommand help; and __fish_seen_subcommand_from fleet" -f -a "new-key" -d 'Make a new fleet key file (32 random bytes, 0600)'
complete -c acme -n "__fish_acme_using_subcommand help; and __fish_seen_subcommand_from fleet" -f -a "join" -d 'Make this config dir a node of the fleet at URL'
complete -c acme -n "__fish_acme_using_subcommand help; and __fish_seen_subcommand_from fleet" -f -a "status" -d 'Show, per certificate, the fleet\'s newest version and which version each node serves'
