package org.carnet.record;

import java.time.Instant;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

/**
 * A person's record was erased. Published by the record module inside the erasure's transaction, so that what other
 * modules hold for the person (an account and its tokens) ends with the record, or the erasure does not happen.
 *
 * @param person whose record
 * @param homeJurisdiction where the record was held
 * @param erasedAt when
 */
public record PersonErased(PersonId person, Jurisdiction homeJurisdiction, Instant erasedAt) {
}
