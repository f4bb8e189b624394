/** Per-person data-encryption keys: created at registration, unwrapped through a bounded expiring cache, shredded on erasure; local and Vault key-encryption keys. */
package org.carnet.keyring;
