/** Per-person data-encryption keys: created at registration, unwrapped through a bounded expiring cache, shredded on erasure; wrapped by versioned key-encryption keys, local or in Vault transit, that KeyRotation rotates and rewraps. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core" })
package org.carnet.keyring;
