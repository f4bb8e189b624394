# KEK rotation: what the rotation run needs on top of the "carnet" policy (which gives it rewrap).
#
# Attached, together with "carnet", to the AppRole "carnet-rotation" used by the command line
# (java -jar carnet.jar --carnet.rotate-kek=GR); attach it to the application's own AppRole only if the admin
# rotation mutation is to work from the running application (setup.sh: CARNET_APP_MAY_ROTATE=1).
#
# Vault allows "*" only at the end of a path, so the rotate and config paths cannot say "carnet-*/rotate":
# ops/vault/setup.sh repeats the block between the markers once per jurisdiction, with {jurisdiction} replaced
# by the lower-case country code, and "transit/" by the configured mount.

# Read the KEKs' metadata: versions and minimum decryption version. Transit never returns key material here.
path "transit/keys/carnet-*" {
  capabilities = ["read"]
}

# --- per KEK ---
path "transit/keys/carnet-{jurisdiction}/rotate" {
  capabilities = ["update"]
}

# Raising the minimum decryption version is the only configuration allowed: not deletion_allowed, not
# exportable, not allow_plaintext_backup.
path "transit/keys/carnet-{jurisdiction}/config" {
  capabilities = ["update"]
  allowed_parameters = {
    "min_decryption_version" = []
  }
}
# --- end per KEK ---
