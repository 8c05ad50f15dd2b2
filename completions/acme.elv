
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
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand register 'Create (or find) the ACME account for the server'
            cand issue 'Obtain a certificate and store it under live/<name>/'
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
            cand --agree-tos 'Agree to the CA''s terms of service (shown by `acme register` without this flag)'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
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
            cand --cert-name 'Lineage name under live/ and archive/ [default: the first name]'
            cand --key-type 'Certificate key algorithm'
            cand -m 'Contact email for the account (optional)'
            cand --email 'Contact email for the account (optional)'
            cand --eab-kid 'External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)'
            cand --eab-hmac-key 'External Account Binding HMAC key (base64url), from the CA'
            cand --account-key-type 'Account key algorithm'
            cand --server 'ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging'
            cand --config-dir 'Where accounts, certificates and renewal settings live [default: /etc/acme for root, else ~/.local/share/acme]'
            cand --ca-bundle 'Extra trusted root certificates (PEM) for HTTPS to the CA; the system''s roots still apply'
            cand --agree-tos 'Agree to the CA''s terms of service (shown by `acme register` without this flag)'
            cand -q 'Print nothing but errors'
            cand --quiet 'Print nothing but errors'
            cand -v 'Show each request to the CA and more detail'
            cand --verbose 'Show each request to the CA and more detail'
            cand --json 'Print the result as JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'acme;help'= {
            cand register 'Create (or find) the ACME account for the server'
            cand issue 'Obtain a certificate and store it under live/<name>/'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'acme;help;register'= {
        }
        &'acme;help;issue'= {
        }
        &'acme;help;help'= {
        }
    ]
    $completions[$command]
}
