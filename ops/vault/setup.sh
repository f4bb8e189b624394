#!/usr/bin/env bash
# Prepares HashiCorp Vault (or OpenBao) for Carnet, idempotently:
#   1. enables the transit secrets engine (at $CARNET_TRANSIT_MOUNT, default "transit");
#   2. creates one KEK per jurisdiction, carnet-<country>: AES-256-GCM, derived (the person id is the derivation
#      context), not exportable, no plaintext backup, deletion not allowed;
#   3. writes the policies "carnet" (policies/vault/carnet.hcl) and "carnet-rotation"
#      (policies/vault/carnet-rotation.hcl, one block per KEK);
#   4. enables AppRole and creates the roles "carnet" (the application) and "carnet-rotation" (the command-line KEK
#      rotation), then prints their role ids.
# Secret ids are not created here, so that none ends up in a terminal's scroll-back: the script prints the command.
#
# Needs: the vault CLI (or bao: VAULT_CLI=bao), VAULT_ADDR, and VAULT_TOKEN with the right to manage mounts,
# policies and auth methods (a root token on a dev server).
#
#   CARNET_JURISDICTIONS  countries whose persons this deployment keeps, e.g. "GR IT" (default "GR")
#   CARNET_TRANSIT_MOUNT  transit mount path (default transit; must match carnet.vault.transit-mount)
#   CARNET_APP_MAY_ROTATE 1 to let the application's own role rotate KEKs (the admin mutation); default 0
#   CARNET_TOKEN_TTL      TTL of the application's tokens (default 1h; Carnet renews them at half-life)
#   CARNET_TOKEN_MAX_TTL  their maximum TTL (default 24h; Carnet logs in again with AppRole after it)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
policies="$here/../../policies/vault"
cli="${VAULT_CLI:-vault}"
mount="${CARNET_TRANSIT_MOUNT:-transit}"
jurisdictions="${CARNET_JURISDICTIONS:-GR}"
app_may_rotate="${CARNET_APP_MAY_ROTATE:-0}"
token_ttl="${CARNET_TOKEN_TTL:-1h}"
token_max_ttl="${CARNET_TOKEN_MAX_TTL:-24h}"

fail() { echo "setup.sh: $*" >&2; exit 1; }

command -v "$cli" >/dev/null || fail "the '$cli' command is not installed (set VAULT_CLI=bao for OpenBao)"
[ -n "${VAULT_ADDR:-}" ] || fail "set VAULT_ADDR (e.g. http://127.0.0.1:8200)"
[ -f "$policies/carnet.hcl" ] && [ -f "$policies/carnet-rotation.hcl" ] || fail "policies not found in $policies"
[[ "$mount" =~ ^[A-Za-z0-9_-]+$ ]] || fail "CARNET_TRANSIT_MOUNT '$mount' is not a plain mount name"

if ! "$cli" status >/dev/null 2>&1; then
  fail "Vault at $VAULT_ADDR is sealed, not initialised or unreachable ($cli status)"
fi

# 1. Transit.
if "$cli" secrets list -format=json | grep -q "\"$mount/\""; then
  echo "transit engine already enabled at $mount/"
else
  "$cli" secrets enable -path="$mount" transit >/dev/null
  echo "enabled the transit engine at $mount/"
fi

# 2. One KEK per jurisdiction.
keks=()
for country in $jurisdictions; do
  [[ "$country" =~ ^[A-Za-z]{2}$ ]] || fail "'$country' is not an ISO 3166-1 alpha-2 country code"
  kek="carnet-$(echo "$country" | tr '[:upper:]' '[:lower:]')"
  keks+=("$kek")
  if "$cli" read -format=json "$mount/keys/$kek" >/dev/null 2>&1; then
    # An existing key keeps its type and derivation: refuse one that is not what Carnet needs.
    derived="$("$cli" read -field=derived "$mount/keys/$kek")"
    exportable="$("$cli" read -field=exportable "$mount/keys/$kek")"
    [ "$derived" = "true" ] || fail "$mount/keys/$kek exists but is not derived: Carnet needs derived=true"
    [ "$exportable" = "false" ] || fail "$mount/keys/$kek exists and is exportable: use a new, non-exportable key"
    echo "KEK $kek already exists"
  else
    "$cli" write -f "$mount/keys/$kek" type=aes256-gcm96 derived=true exportable=false \
      allow_plaintext_backup=false >/dev/null
    echo "created KEK $kek"
  fi
  "$cli" write "$mount/keys/$kek/config" deletion_allowed=false >/dev/null
done

# 3. Policies, with the mount substituted and the per-KEK block of the rotation policy repeated.
sed "s#\"transit/#\"$mount/#g" "$policies/carnet.hcl" | "$cli" policy write carnet - >/dev/null
{
  sed -n '1,/^# --- per KEK ---$/p' "$policies/carnet-rotation.hcl" | sed '$d'
  for kek in "${keks[@]}"; do
    sed -n '/^# --- per KEK ---$/,/^# --- end per KEK ---$/p' "$policies/carnet-rotation.hcl" \
      | sed '1d;$d' | sed "s#carnet-{jurisdiction}#$kek#g"
  done
} | sed "s#\"transit/#\"$mount/#g" | "$cli" policy write carnet-rotation - >/dev/null
echo "wrote the policies carnet and carnet-rotation"

# 4. AppRoles.
if ! "$cli" auth list -format=json | grep -q '"approle/"'; then
  "$cli" auth enable approle >/dev/null
  echo "enabled the AppRole auth method"
fi
app_policies="carnet"
if [ "$app_may_rotate" = "1" ]; then
  app_policies="carnet,carnet-rotation"
fi
"$cli" write auth/approle/role/carnet token_policies="$app_policies" token_ttl="$token_ttl" \
  token_max_ttl="$token_max_ttl" secret_id_ttl=0 token_type=service >/dev/null
"$cli" write auth/approle/role/carnet-rotation token_policies="carnet,carnet-rotation" token_ttl=1h \
  token_max_ttl=8h secret_id_ttl=24h token_type=service >/dev/null

app_role_id="$("$cli" read -field=role_id auth/approle/role/carnet/role-id)"
rotation_role_id="$("$cli" read -field=role_id auth/approle/role/carnet-rotation/role-id)"

cat <<DONE

Vault is ready for Carnet (KEKs: ${keks[*]}; mount: $mount/).

Application (policy: $app_policies):
  carnet.vault.app-role.role-id=$app_role_id
  secret id:  $cli write -f -field=secret_id auth/approle/role/carnet/secret-id

KEK rotation from the command line (policies: carnet, carnet-rotation):
  carnet.vault.app-role.role-id=$rotation_role_id
  secret id:  $cli write -f -field=secret_id auth/approle/role/carnet-rotation/secret-id

Hand each secret id to its process through the environment (CARNET_VAULT_APPROLE_SECRETID), never a file in the
repository.
DONE
