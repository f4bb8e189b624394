# One node of a Vault (or OpenBao) HA cluster with integrated storage (Raft), as Carnet expects it in production:
# three or five nodes, TLS everywhere, auto-unseal, an audit device. Values in <...> are the operator's.
# Carnet talks to whichever node is active through one address (e.g. the Kubernetes Service vault-active, or a
# load balancer that checks /v1/sys/health); standbys forward or redirect.

ui            = false
cluster_name  = "carnet-<jurisdiction>"
disable_mlock = true

storage "raft" {
  path    = "/vault/data"
  node_id = "<this node's name, e.g. vault-0>"

  retry_join {
    leader_api_addr         = "https://vault-0.vault-internal:8200"
    leader_ca_cert_file     = "/vault/tls/ca.crt"
  }
  retry_join {
    leader_api_addr         = "https://vault-1.vault-internal:8200"
    leader_ca_cert_file     = "/vault/tls/ca.crt"
  }
  retry_join {
    leader_api_addr         = "https://vault-2.vault-internal:8200"
    leader_ca_cert_file     = "/vault/tls/ca.crt"
  }
}

listener "tcp" {
  address         = "0.0.0.0:8200"
  cluster_address = "0.0.0.0:8201"
  tls_cert_file   = "/vault/tls/tls.crt"
  tls_key_file    = "/vault/tls/tls.key"
  tls_min_version = "tls12"
}

api_addr     = "https://<this node's address>:8200"
cluster_addr = "https://<this node's address>:8201"

# Auto-unseal: a restarted node unseals without a person at the console. Use your platform's KMS
# (awskms, azurekeyvault, gcpckms, ocikms) or transit on another Vault.
seal "transit" {
  address    = "https://<unseal vault>:8200"
  key_name   = "carnet-<jurisdiction>-unseal"
  mount_path = "transit/"
}
