package org.carnet.identity;

import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;

/** Placeholder until the identity module lands: user accounts and activation codes. */
public interface Accounts {

	String issueActivationCode(PersonId person, PhrNumber phr);
}
