# Sourced by backup-db and restore-db: turn a postgres:// URL into libpq's environment
# (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), so that no password appears on a
# command line that every local user can read in the process list.
# Usage: pg_env URL  (returns 1 on a URL it cannot read)
pg_env() {
  local url=$1 rest auth hostport
  [[ "$url" =~ ^postgres(ql)?://([^/?#]*)/([^?#]+) ]] || return 1
  rest=${BASH_REMATCH[2]}
  PGDATABASE=$(_pg_unquote "${BASH_REMATCH[3]}")
  if [[ "$rest" == *@* ]]; then
    auth=${rest%@*}
    hostport=${rest##*@}
    PGUSER=$(_pg_unquote "${auth%%:*}")
    if [[ "$auth" == *:* ]]; then PGPASSWORD=$(_pg_unquote "${auth#*:}"); export PGPASSWORD; fi
    export PGUSER
  else
    hostport=$rest
  fi
  if [[ "$hostport" == *:* ]]; then
    PGHOST=${hostport%:*}
    PGPORT=${hostport##*:}
    export PGPORT
  else
    PGHOST=$hostport
  fi
  [ -n "$PGHOST" ] && export PGHOST
  export PGDATABASE
}

_pg_unquote() {
  local s=${1//+/ }
  printf '%b' "${s//%/\\x}"
}
