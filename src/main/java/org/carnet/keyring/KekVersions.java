package org.carnet.keyring;

/**
 * The versions of one jurisdiction's key-encryption key: new data keys are wrapped by {@code latest}; keys wrapped
 * by a version below {@code minDecryption} can no longer be unwrapped.
 */
record KekVersions(String kek, int latest, int minDecryption) {
}
