# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_acme_global_optspecs
    string join \n server= config-dir= ca-bundle= q/quiet v/verbose json h/help V/version
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

complete -c acme -n "__fish_acme_needs_command" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r
complete -c acme -n "__fish_acme_needs_command" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_needs_command" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_needs_command" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_needs_command" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_needs_command" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_needs_command" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_needs_command" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_needs_command" -f -a "register" -d 'Create (or find) the ACME account for the server'
complete -c acme -n "__fish_acme_needs_command" -f -a "issue" -d 'Obtain a certificate and store it under live/<name>/'
complete -c acme -n "__fish_acme_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c acme -n "__fish_acme_using_subcommand register" -s m -l email -d 'Contact email for the account (optional)' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l eab-kid -d 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l eab-hmac-key -d 'External Account Binding HMAC key (base64url), from the CA' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l account-key-type -d 'Account key algorithm' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r
complete -c acme -n "__fish_acme_using_subcommand register" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand register" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand register" -l agree-tos -d 'Agree to the CA\'s terms of service (shown by `acme register` without this flag)'
complete -c acme -n "__fish_acme_using_subcommand register" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand register" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand register" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand register" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand register" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand issue" -s d -l domain -d 'A name for the certificate (repeat for several); IDNs and IP addresses are accepted' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -s w -l webroot -d 'http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root given before it' -r -F
complete -c acme -n "__fish_acme_using_subcommand issue" -l cert-name -d 'Lineage name under live/ and archive/ [default: the first name]' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l key-type -d 'Certificate key algorithm' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -s m -l email -d 'Contact email for the account (optional)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l eab-kid -d 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l eab-hmac-key -d 'External Account Binding HMAC key (base64url), from the CA' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l account-key-type -d 'Account key algorithm' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l server -d 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging' -r
complete -c acme -n "__fish_acme_using_subcommand issue" -l config-dir -d 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]' -r -F
complete -c acme -n "__fish_acme_using_subcommand issue" -l ca-bundle -d 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system\'s roots still apply' -r -F
complete -c acme -n "__fish_acme_using_subcommand issue" -l agree-tos -d 'Agree to the CA\'s terms of service (shown by `acme register` without this flag)'
complete -c acme -n "__fish_acme_using_subcommand issue" -s q -l quiet -d 'Print nothing but errors'
complete -c acme -n "__fish_acme_using_subcommand issue" -s v -l verbose -d 'Show each request to the CA and more detail'
complete -c acme -n "__fish_acme_using_subcommand issue" -l json -d 'Print the result as JSON on stdout'
complete -c acme -n "__fish_acme_using_subcommand issue" -s h -l help -d 'Print help'
complete -c acme -n "__fish_acme_using_subcommand issue" -s V -l version -d 'Print version'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue help" -f -a "register" -d 'Create (or find) the ACME account for the server'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue help" -f -a "issue" -d 'Obtain a certificate and store it under live/<name>/'
complete -c acme -n "__fish_acme_using_subcommand help; and not __fish_seen_subcommand_from register issue help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
