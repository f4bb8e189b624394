package org.carnet.keyring;

import org.carnet.core.Jurisdiction;

/**
 * A KEK rotation run from the command line ({@code --carnet.rotate-kek}) has ended: whether every data key of the
 * jurisdiction is now wrapped by the new version. Published so that the run is recorded in the access ledger; a
 * listener that cannot record it fails the command (exit 1: run it again).
 */
public record KeyRotationRun(Jurisdiction jurisdiction, boolean completed) {
}
