
# Lineage names for --cert-name: renewal/*.conf in the config dir acme would use.
_acme_lineages() {
    local dir="" i f
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        if [[ "${COMP_WORDS[i]}" == --config-dir ]]; then
            dir="${COMP_WORDS[i+1]}"
            [[ "$dir" == "=" ]] && dir="${COMP_WORDS[i+2]}"
        fi
    done
    if [[ -z "$dir" ]]; then
        if [[ -n "${ACME_CONFIG_DIR:-}" ]]; then
            dir="$ACME_CONFIG_DIR"
        elif [[ "$(id -u)" == 0 ]]; then
            dir=/etc/acme
        else
            dir="${XDG_DATA_HOME:-$HOME/.local/share}/acme"
        fi
    fi
    dir="${dir/#\~/$HOME}"
    for f in "$dir"/renewal/*.conf; do
        [[ -e "$f" ]] || continue
        f="${f##*/}"
        printf '%s\n' "${f%.conf}"
    done
}

_acme() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="acme"
                ;;
            acme,account)
                cmd="acme__subcmd__account"
                ;;
            acme,certificates)
                cmd="acme__subcmd__list"
                ;;
            acme,certonly)
                cmd="acme__subcmd__issue"
                ;;
            acme,check)
                cmd="acme__subcmd__check"
                ;;
            acme,delete)
                cmd="acme__subcmd__delete"
                ;;
            acme,fleet)
                cmd="acme__subcmd__fleet"
                ;;
            acme,help)
                cmd="acme__subcmd__help"
                ;;
            acme,import-certbot)
                cmd="acme__subcmd__import__subcmd__certbot"
                ;;
            acme,issue)
                cmd="acme__subcmd__issue"
                ;;
            acme,limits)
                cmd="acme__subcmd__limits"
                ;;
            acme,list)
                cmd="acme__subcmd__list"
                ;;
            acme,profiles)
                cmd="acme__subcmd__profiles"
                ;;
            acme,reconfigure)
                cmd="acme__subcmd__reconfigure"
                ;;
            acme,register)
                cmd="acme__subcmd__register"
                ;;
            acme,renew)
                cmd="acme__subcmd__renew"
                ;;
            acme,revoke)
                cmd="acme__subcmd__revoke"
                ;;
            acme,sync)
                cmd="acme__subcmd__sync"
                ;;
            acme__subcmd__account,deactivate)
                cmd="acme__subcmd__account__subcmd__deactivate"
                ;;
            acme__subcmd__account,help)
                cmd="acme__subcmd__account__subcmd__help"
                ;;
            acme__subcmd__account,rollover)
                cmd="acme__subcmd__account__subcmd__rollover"
                ;;
            acme__subcmd__account,show)
                cmd="acme__subcmd__account__subcmd__show"
                ;;
            acme__subcmd__account,update)
                cmd="acme__subcmd__account__subcmd__update"
                ;;
            acme__subcmd__account__subcmd__help,deactivate)
                cmd="acme__subcmd__account__subcmd__help__subcmd__deactivate"
                ;;
            acme__subcmd__account__subcmd__help,help)
                cmd="acme__subcmd__account__subcmd__help__subcmd__help"
                ;;
            acme__subcmd__account__subcmd__help,rollover)
                cmd="acme__subcmd__account__subcmd__help__subcmd__rollover"
                ;;
            acme__subcmd__account__subcmd__help,show)
                cmd="acme__subcmd__account__subcmd__help__subcmd__show"
                ;;
            acme__subcmd__account__subcmd__help,update)
                cmd="acme__subcmd__account__subcmd__help__subcmd__update"
                ;;
            acme__subcmd__fleet,help)
                cmd="acme__subcmd__fleet__subcmd__help"
                ;;
            acme__subcmd__fleet,join)
                cmd="acme__subcmd__fleet__subcmd__join"
                ;;
            acme__subcmd__fleet,new-key)
                cmd="acme__subcmd__fleet__subcmd__new__subcmd__key"
                ;;
            acme__subcmd__fleet,status)
                cmd="acme__subcmd__fleet__subcmd__status"
                ;;
            acme__subcmd__fleet__subcmd__help,help)
                cmd="acme__subcmd__fleet__subcmd__help__subcmd__help"
                ;;
            acme__subcmd__fleet__subcmd__help,join)
                cmd="acme__subcmd__fleet__subcmd__help__subcmd__join"
                ;;
            acme__subcmd__fleet__subcmd__help,new-key)
                cmd="acme__subcmd__fleet__subcmd__help__subcmd__new__subcmd__key"
                ;;
            acme__subcmd__fleet__subcmd__help,status)
                cmd="acme__subcmd__fleet__subcmd__help__subcmd__status"
                ;;
            acme__subcmd__help,account)
                cmd="acme__subcmd__help__subcmd__account"
                ;;
            acme__subcmd__help,check)
                cmd="acme__subcmd__help__subcmd__check"
                ;;
            acme__subcmd__help,delete)
                cmd="acme__subcmd__help__subcmd__delete"
                ;;
            acme__subcmd__help,fleet)
                cmd="acme__subcmd__help__subcmd__fleet"
                ;;
            acme__subcmd__help,help)
                cmd="acme__subcmd__help__subcmd__help"
                ;;
            acme__subcmd__help,import-certbot)
                cmd="acme__subcmd__help__subcmd__import__subcmd__certbot"
                ;;
            acme__subcmd__help,issue)
                cmd="acme__subcmd__help__subcmd__issue"
                ;;
            acme__subcmd__help,limits)
                cmd="acme__subcmd__help__subcmd__limits"
                ;;
            acme__subcmd__help,list)
                cmd="acme__subcmd__help__subcmd__list"
                ;;
            acme__subcmd__help,profiles)
                cmd="acme__subcmd__help__subcmd__profiles"
                ;;
            acme__subcmd__help,reconfigure)
                cmd="acme__subcmd__help__subcmd__reconfigure"
                ;;
            acme__subcmd__help,register)
                cmd="acme__subcmd__help__subcmd__register"
                ;;
            acme__subcmd__help,renew)
                cmd="acme__subcmd__help__subcmd__renew"
                ;;
            acme__subcmd__help,revoke)
                cmd="acme__subcmd__help__subcmd__revoke"
                ;;
            acme__subcmd__help,sync)
                cmd="acme__subcmd__help__subcmd__sync"
                ;;
            acme__subcmd__help__subcmd__account,deactivate)
                cmd="acme__subcmd__help__subcmd__account__subcmd__deactivate"
                ;;
            acme__subcmd__help__subcmd__account,rollover)
                cmd="acme__subcmd__help__subcmd__account__subcmd__rollover"
                ;;
            acme__subcmd__help__subcmd__account,show)
                cmd="acme__subcmd__help__subcmd__account__subcmd__show"
                ;;
            acme__subcmd__help__subcmd__account,update)
                cmd="acme__subcmd__help__subcmd__account__subcmd__update"
                ;;
            acme__subcmd__help__subcmd__fleet,join)
                cmd="acme__subcmd__help__subcmd__fleet__subcmd__join"
                ;;
            acme__subcmd__help__subcmd__fleet,new-key)
                cmd="acme__subcmd__help__subcmd__fleet__subcmd__new__subcmd__key"
                ;;
            acme__subcmd__help__subcmd__fleet,status)
                cmd="acme__subcmd__help__subcmd__fleet__subcmd__status"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        acme)
            opts="-n -q -v -h -V --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version register issue certonly renew list certificates check revoke reconfigure delete account limits profiles import-certbot fleet sync help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account)
            opts="-n -q -v -h -V --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version show update rollover deactivate help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__deactivate)
            opts="-y -n -q -v -h -V --yes --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__help)
            opts="show update rollover deactivate help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__help__subcmd__deactivate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__help__subcmd__rollover)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__help__subcmd__update)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__rollover)
            opts="-n -q -v -h -V --key-type --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --key-type)
                    COMPREPLY=($(compgen -W "ecdsa-p256 ecdsa-p384 rsa2048 rsa3072 rsa4096" -- "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__show)
            opts="-n -q -v -h -V --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__account__subcmd__update)
            opts="-m -n -q -v -h -V --email --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --email)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -m)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__check)
            opts="-n -q -v -h -V --warn-days --crit-days --metrics-file --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --warn-days)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --crit-days)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metrics-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__delete)
            opts="-y -n -q -v -h -V --cert-name --yes --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cert-name)
                    COMPREPLY=($(compgen -W "$(_acme_lineages)" -- "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__fleet)
            opts="-n -q -v -h -V --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version new-key join status help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__fleet__subcmd__help)
            opts="new-key join status help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__fleet__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__fleet__subcmd__help__subcmd__join)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__fleet__subcmd__help__subcmd__new__subcmd__key)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__fleet__subcmd__help__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__fleet__subcmd__join)
            opts="-n -q -v -h -V --node --key-file --webroot --tls-alpn-listen --lock-ttl --etcd-ca --etcd-cert --etcd-key --etcd-user --etcd-password-file --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --node)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --webroot)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls-alpn-listen)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --lock-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --etcd-ca)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --etcd-cert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --etcd-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --etcd-user)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --etcd-password-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__fleet__subcmd__new__subcmd__key)
            opts="-n -q -v -h -V --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__fleet__subcmd__status)
            opts="-n -q -v -h -V --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help)
            opts="register issue renew list check revoke reconfigure delete account limits profiles import-certbot fleet sync help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__account)
            opts="show update rollover deactivate"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__account__subcmd__deactivate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__account__subcmd__rollover)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__account__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__account__subcmd__update)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__delete)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__fleet)
            opts="new-key join status"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__fleet__subcmd__join)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__fleet__subcmd__new__subcmd__key)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__fleet__subcmd__status)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__import__subcmd__certbot)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__issue)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__limits)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__profiles)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__reconfigure)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__register)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__renew)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__revoke)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__help__subcmd__sync)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__import__subcmd__certbot)
            opts="-n -q -v -h -V --from --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__issue)
            opts="-d -w -m -n -q -v -h -V --domains --domain --webroot-path --webroot --standalone --http-port --http-address --tls-alpn --tls-port --tls-address --self-check-via --no-self-check --dns-manual --dns-hook --dns-rfc2136 --tsig-key --dns-persist --dns-persist-until --dns-timeout --dns-resolver --manual --manual-auth-hook --manual-cleanup-hook --preferred-challenges --cert-name --force-renewal --force --keep --keep-until-expiring --expand --duplicate --break-my-certs --dry-run --key-type --csr --reuse-key --no-reuse-key --no-require-trusted-chain --preferred-chain --profile --fallback-server --no-fallback-server --email --agree-tos --eab-kid --eab-hmac-key --account-key-type --pre-hook --post-hook --deploy-hook --failure-hook --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --domain)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --domains)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --webroot)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --webroot-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -w)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http-port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http-address)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls-port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls-address)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --self-check-via)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-rfc2136)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tsig-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-persist-until)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-resolver)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --manual-auth-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --manual-cleanup-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --preferred-challenges)
                    COMPREPLY=($(compgen -W "http-01 dns-01 http dns" -- "${cur}"))
                    return 0
                    ;;
                --cert-name)
                    COMPREPLY=($(compgen -W "$(_acme_lineages)" -- "${cur}"))
                    return 0
                    ;;
                --key-type)
                    COMPREPLY=($(compgen -W "ecdsa-p256 ecdsa-p384 rsa2048 rsa3072 rsa4096" -- "${cur}"))
                    return 0
                    ;;
                --csr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --preferred-chain)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --fallback-server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --email)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -m)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --eab-kid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --eab-hmac-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account-key-type)
                    COMPREPLY=($(compgen -W "ecdsa-p256 ecdsa-p384 rsa2048 rsa3072 rsa4096" -- "${cur}"))
                    return 0
                    ;;
                --pre-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --post-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deploy-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --failure-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__limits)
            opts="-n -q -v -h -V --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__list)
            opts="-n -q -v -h -V --cert-name --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cert-name)
                    COMPREPLY=($(compgen -W "$(_acme_lineages)" -- "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__profiles)
            opts="-n -q -v -h -V --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__reconfigure)
            opts="-d -w -m -n -q -v -h -V --no-dry-run --domains --domain --webroot-path --webroot --standalone --http-port --http-address --tls-alpn --tls-port --tls-address --self-check-via --no-self-check --dns-manual --dns-hook --dns-rfc2136 --tsig-key --dns-persist --dns-persist-until --dns-timeout --dns-resolver --manual --manual-auth-hook --manual-cleanup-hook --preferred-challenges --cert-name --force-renewal --force --keep --keep-until-expiring --expand --duplicate --break-my-certs --dry-run --key-type --csr --reuse-key --no-reuse-key --no-require-trusted-chain --preferred-chain --profile --fallback-server --no-fallback-server --email --agree-tos --eab-kid --eab-hmac-key --account-key-type --pre-hook --post-hook --deploy-hook --failure-hook --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --domain)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --domains)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -d)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --webroot)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --webroot-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -w)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http-port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --http-address)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls-port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls-address)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --self-check-via)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-rfc2136)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tsig-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-persist-until)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns-resolver)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --manual-auth-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --manual-cleanup-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --preferred-challenges)
                    COMPREPLY=($(compgen -W "http-01 dns-01 http dns" -- "${cur}"))
                    return 0
                    ;;
                --cert-name)
                    COMPREPLY=($(compgen -W "$(_acme_lineages)" -- "${cur}"))
                    return 0
                    ;;
                --key-type)
                    COMPREPLY=($(compgen -W "ecdsa-p256 ecdsa-p384 rsa2048 rsa3072 rsa4096" -- "${cur}"))
                    return 0
                    ;;
                --csr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --preferred-chain)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --fallback-server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --email)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -m)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --eab-kid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --eab-hmac-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account-key-type)
                    COMPREPLY=($(compgen -W "ecdsa-p256 ecdsa-p384 rsa2048 rsa3072 rsa4096" -- "${cur}"))
                    return 0
                    ;;
                --pre-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --post-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deploy-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --failure-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__register)
            opts="-m -n -q -v -h -V --email --agree-tos --eab-kid --eab-hmac-key --account-key-type --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --email)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -m)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --eab-kid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --eab-hmac-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --account-key-type)
                    COMPREPLY=($(compgen -W "ecdsa-p256 ecdsa-p384 rsa2048 rsa3072 rsa4096" -- "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__renew)
            opts="-n -q -v -h -V --days --cert-name --force-renewal --force --dry-run --jobs --pre-hook --post-hook --deploy-hook --failure-hook --no-random-sleep --metrics-file --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --days)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cert-name)
                    COMPREPLY=($(compgen -W "$(_acme_lineages)" -- "${cur}"))
                    return 0
                    ;;
                --jobs)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --pre-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --post-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --deploy-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --failure-hook)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --metrics-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__revoke)
            opts="-y -n -q -v -h -V --cert-name --cert-path --reason --key-path --delete --yes --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --cert-name)
                    COMPREPLY=($(compgen -W "$(_acme_lineages)" -- "${cur}"))
                    return 0
                    ;;
                --cert-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --reason)
                    COMPREPLY=($(compgen -W "unspecified keyCompromise cACompromise affiliationChanged superseded cessationOfOperation certificateHold removeFromCRL privilegeWithdrawn aACompromise" -- "${cur}"))
                    return 0
                    ;;
                --key-path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        acme__subcmd__sync)
            opts="-n -q -v -h -V --watch --for --server --test-cert --staging --staging-server --noninteractive --non-interactive --config-dir --ca-bundle --quiet --verbose --json --rate-limits --ignore-limits --hook-timeout --log-dir --max-wait --require-trusted-chain --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --for)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --server)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging zerossl google google-staging" -- "${cur}"))
                    return 0
                    ;;
                --staging-server)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ca-bundle)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limits)
                    COMPREPLY=($(compgen -W "letsencrypt letsencrypt-staging none" -- "${cur}"))
                    return 0
                    ;;
                --hook-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --log-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _acme -o nosort -o bashdefault -o default acme
else
    complete -F _acme -o bashdefault -o default acme
fi
