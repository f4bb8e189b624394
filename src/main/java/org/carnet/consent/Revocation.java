package org.carnet.consent;

import java.time.Instant;
import java.util.Optional;

/**
 * The fact that a grant was revoked: from {@code at} on it allows nothing.
 *
 * @param at when
 * @param by the subject of who revoked it
 * @param reason why, as the person gave it
 */
public record Revocation(Instant at, String by, Optional<String> reason) {
}
