package org.carnet.keyring;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/** A person's data key as stored: wrapped by the KEK of the person's home jurisdiction. */
record WrappedKey(PersonId person, Jurisdiction home, String wrapped) {
}
