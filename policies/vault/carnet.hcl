# Carnet, the application: least privilege on the transit engine.
#
# It may create a person's data key (only in wrapped form), unwrap it, and rewrap it after a KEK rotation, on the
# KEKs named carnet-<country> and nothing else. It may not read, export, back up, configure, rotate, trim or
# delete any key: rotation has its own policy (carnet-rotation.hcl). ops/vault/setup.sh writes this policy as
# "carnet", replacing "transit/" by the configured mount.
#
# The token's own renewal and lookup (auth/token/renew-self, lookup-self) come from Vault's "default" policy.

path "transit/datakey/wrapped/carnet-*" {
  capabilities = ["update"]
}

path "transit/decrypt/carnet-*" {
  capabilities = ["update"]
}

path "transit/rewrap/carnet-*" {
  capabilities = ["update"]
}

# Never, whatever other policy a token also carries: a data key in plaintext form from Vault, key material, backups.
path "transit/datakey/plaintext/*" {
  capabilities = ["deny"]
}

path "transit/export/*" {
  capabilities = ["deny"]
}

path "transit/backup/*" {
  capabilities = ["deny"]
}

path "transit/restore/*" {
  capabilities = ["deny"]
}
